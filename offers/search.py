"""One search over measures, challenges, offers and organisations.

On PostgreSQL: full-text search with the German dictionary (stemming: "Sprachkurse" finds
"Sprachkurs"), ranked. On SQLite: every word must occur (case-insensitive), ordered by title.
"""

from django.db import connection

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


def _search(queryset, fields, terms, limit):
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="german")
        query = SearchQuery(terms, config="german", search_type="websearch")
        hits = (
            queryset.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by("-rank", "pk")
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
    results = {}
    for kind, (queryset, fields) in SOURCES.items():
        hits = _search(queryset(), fields, terms, limit)
        results[kind] = {"hits": hits[:limit], "more": len(hits) > limit}
    return results
