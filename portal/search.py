"""One search over measures, challenges, offers and organisations.

On PostgreSQL: full-text search with the German dictionary (stemming: "Sprachkurse" finds
"Sprachkurs"), ranked. On SQLite: every word must occur (case-insensitive), ordered by title.
On a page in another language the translations are searched too, with that language's text
search configuration where PostgreSQL has one (gladbeck.fulltext.SEARCH_CONFIGS).
"""

from django.db import connection
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import get_language

from gladbeck.fulltext import (
    phrasings,
    search_config,
    search_vector,
    translation_lookups,
    with_translations,
    words_q,
)
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


def document(model, fields):
    """The German document of a row and, on a page in another language, its translations
    analysed in that language."""
    from django.contrib.postgres.search import SearchVector

    german = search_vector(fields)
    lookups = translation_lookups(model, fields)
    if not lookups:
        return german
    config = search_config(get_language())
    texts = [KeyTextTransform(lookup, "i18n") for lookup in lookups]
    return german + SearchVector(*texts, weight="A", config=config)


def language_query(phrasings):
    """The visitor's words analysed in the page's language (None on German pages)."""
    from django.contrib.postgres.search import SearchQuery

    language = get_language() or "de"
    if language == "de":
        return None
    query = None
    for phrasing in phrasings:
        part = SearchQuery(phrasing, config=search_config(language), search_type="websearch")
        query = part if query is None else query | part
    return query


def _search(queryset, fields, phrasings, limit, query=None):
    if query is not None:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        translated = language_query(phrasings)
        if translated is not None:
            query = query | translated

        # ts_rank gives prefix matches no weight, so the order comes from the plain German
        # query: exact stems in a title first, then in the text, then prefix-only matches.
        exact = None
        for phrasing in phrasings:
            part = SearchQuery(phrasing, config="german", search_type="websearch")
            exact = part if exact is None else exact | part
        if translated is not None:
            exact = exact | translated
        hits = (
            queryset.annotate(document=document(queryset.model, fields))
            .filter(document=query)  # @@, which the GIN index serves
            # The vector itself, not the annotation: SearchRank would re-parse a reference.
            .annotate(search_rank=SearchRank(document(queryset.model, fields), exact))
            .order_by("-search_rank", "pk")
        )
    else:
        matches = Q()
        for phrasing in phrasings:
            matches |= words_q(phrasing, with_translations(queryset.model, fields))
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
        query = language_query(variants)
    if uses_postgres() and query is None:
        return {kind: {"hits": [], "more": False} for kind in SOURCES}
    results = {}
    for kind, (queryset, fields) in SOURCES.items():
        hits = _search(queryset(), fields, variants, limit, query)
        results[kind] = {"hits": hits[:limit], "more": len(hits) > limit}
    return results
