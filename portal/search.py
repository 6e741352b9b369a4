"""One search over measures, challenges, offers and organisations.

On PostgreSQL: full-text search with the German dictionary (stemming: "Sprachkurse" finds
"Sprachkurs"), ranked. On SQLite: every word must occur (case-insensitive), ordered by title.
"""

from django.db import connection
from django.db.models import Q

from gladbeck.fulltext import phrasings, search_vector, words_q
from measures.models import Challenge, Measure
from offers.models import Offer
from offers.visibility import public_organisations

MAX_TERMS_LENGTH = 200

SOURCES = {
    "measures": (
        lambda: Measure.objects.published().select_related("action_field"),
        ["title", "summary", "goal", "description"],
    ),
    "challenges": (
        lambda: Challenge.objects.select_related("action_field"),
        ["wording", "goal"],
    ),
    "offers": (
        lambda: Offer.objects.published().select_related("provider", "category"),
        ["title", "description", "description_easy"],
    ),
    "organisations": (public_organisations, ["name", "short_name", "description"]),
}


def uses_postgres():
    return connection.vendor == "postgresql"


def german_prefix_query(phrasings):
    """A tsquery that matches any of ``phrasings``, each with every word by its German stem
    as a prefix, shortened by one letter: the Snowball stemmer gives "Sprachkurse" the stem
    "sprachkurs" but "Sprachkurs" the stem "sprachkur", so exact stems would miss the
    singular. One query to PostgreSQL, however many phrasings."""
    from django.contrib.postgres.search import SearchQuery

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('german', phrasing)) "
            "FROM unnest(%s::text[]) AS phrasing",
            [list(phrasings)],
        )
        lexeme_lists = [row[0] or [] for row in cursor.fetchall()]
    query = None
    for lexemes in lexeme_lists:
        if not lexemes:
            continue
        prefixes = [lexeme[:-1] if len(lexeme) > 5 else lexeme for lexeme in lexemes]
        raw = " & ".join("'{}':*".format(prefix.replace("'", "''")) for prefix in prefixes)
        part = SearchQuery(raw, config="simple", search_type="raw")
        query = part if query is None else query | part
    return query


def _search(queryset, fields, phrasings, limit, query=None):
    if query is not None:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # ts_rank gives prefix matches no weight, so the order comes from the plain German
        # query: exact stems in a title first, then in the text, then prefix-only matches.
        exact = None
        for phrasing in phrasings:
            part = SearchQuery(phrasing, config="german", search_type="websearch")
            exact = part if exact is None else exact | part
        hits = (
            queryset.annotate(document=search_vector(fields))
            .filter(document=query)  # @@, which the GIN index serves
            # The vector itself, not the annotation: SearchRank would re-parse a reference.
            .annotate(search_rank=SearchRank(search_vector(fields), exact))
            .order_by("-search_rank", "pk")
        )
    else:
        matches = Q()
        for phrasing in phrasings:
            matches |= words_q(phrasing, fields)
        hits = queryset.filter(matches).order_by(*queryset.model._meta.ordering or ["pk"])
    return list(hits[: limit + 1])


def search(terms, limit=20):
    """Results per kind: a list of at most ``limit`` hits, and whether there were more."""
    terms = " ".join((terms or "").split())[:MAX_TERMS_LENGTH]
    if not terms:
        return {}
    # The words residents use: "Deutschkurs" also looks for "Sprachkurs" (portal.models).
    variants = phrasings(terms)
    query = german_prefix_query(variants) if uses_postgres() else None
    if uses_postgres() and query is None:
        return {kind: {"hits": [], "more": False} for kind in SOURCES}
    results = {}
    for kind, (queryset, fields) in SOURCES.items():
        hits = _search(queryset(), fields, variants, limit, query)
        results[kind] = {"hits": hits[:limit], "more": len(hits) > limit}
    return results
