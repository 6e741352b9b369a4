"""One search over measures, challenges, offers and organisations.

On PostgreSQL: full-text search with the German dictionary (stemming: "Sprachkurse" finds
"Sprachkurs"), ranked. On SQLite: every word must occur (case-insensitive), ordered by title.
"""

from django.db import connection

from gladbeck.fulltext import search_vector
from measures.filters import search_q
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


def german_prefix_query(terms):
    """A tsquery that matches every word by its German stem as a prefix, shortened by one
    letter: the Snowball stemmer gives "Sprachkurse" the stem "sprachkurs" but "Sprachkurs"
    the stem "sprachkur", so exact stems would miss the singular. One query to PostgreSQL."""
    from django.contrib.postgres.search import SearchQuery

    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('german', %s))", [terms])
        lexemes = cursor.fetchone()[0] or []
    if not lexemes:
        return None
    prefixes = [lexeme[:-1] if len(lexeme) > 5 else lexeme for lexeme in lexemes]
    raw = " & ".join("'{}':*".format(prefix.replace("'", "''")) for prefix in prefixes)
    return SearchQuery(raw, config="simple", search_type="raw")


def _search(queryset, fields, terms, limit, query=None):
    if query is not None:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # ts_rank gives prefix matches no weight, so the order comes from the plain German
        # query: exact stems in a title first, then in the text, then prefix-only matches.
        exact = SearchQuery(terms, config="german", search_type="websearch")
        hits = (
            queryset.annotate(document=search_vector(fields))
            .filter(document=query)  # @@, which the GIN index serves
            # The vector itself, not the annotation: SearchRank would re-parse a reference.
            .annotate(search_rank=SearchRank(search_vector(fields), exact))
            .order_by("-search_rank", "pk")
        )
    else:
        hits = queryset.filter(search_q(terms, fields)).order_by(
            *queryset.model._meta.ordering or ["pk"]
        )
    return list(hits[: limit + 1])


def search(terms, limit=20):
    """Results per kind: a list of at most ``limit`` hits, and whether there were more."""
    terms = " ".join((terms or "").split())[:MAX_TERMS_LENGTH]
    if not terms:
        return {}
    query = german_prefix_query(terms) if uses_postgres() else None
    if uses_postgres() and query is None:
        return {kind: {"hits": [], "more": False} for kind in SOURCES}
    results = {}
    for kind, (queryset, fields) in SOURCES.items():
        hits = _search(queryset(), fields, terms, limit, query)
        results[kind] = {"hits": hits[:limit], "more": len(hits) > limit}
    return results
