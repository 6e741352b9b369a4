"""Facet counts for filtered lists: how many results each filter value would keep.

A fixed number of aggregate queries, whatever the number of rows.
"""

from collections import Counter

from django.db.models import Count


def joins_other_tables(queryset):
    """Whether the query already joins tables: a later ``values()`` along a relation may then
    reuse a join a filter made, and see only the values that filter kept."""
    return len(queryset.query.alias_map) > 1


def count_by(queryset, path):
    """Map each value of ``path`` (a field or relation path such as ``"districts__slug"``) to
    the number of rows of ``queryset`` having it. A many-to-many relation names a value once
    per row, so plain counts suffice."""
    if joins_other_tables(queryset):
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    rows = (
        queryset.filter(**{f"{path}__isnull": False})
        .order_by()
        .values_list(path)
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def marginal_counts(queryset, *fields):
    """Counts per value for several single-valued fields in one query:
    ``{field: {value: n}}``. The rows of ``queryset`` must not repeat (a filter set's
    ``qs`` does not), so plain counts suffice."""
    combined = queryset.order_by().values_list(*fields).annotate(n=Count("pk"))
    counts = {field: Counter() for field in fields}
    for row in combined:
        for field, value in zip(fields, row[:-1], strict=True):
            counts[field][value] += row[-1]
    return counts


def district_counts(results, districts, citywide):
    """Per district, the rows naming it plus the ``citywide`` rows, which apply everywhere
    (lists filtered by district include city-wide entries, so the counts must too)."""
    named = count_by(results.filter(citywide=False), "districts__slug")
    return {slug: named.get(slug, 0) + citywide for slug, _name in districts}


def options(choices, counts, selected, keep_all=False):
    """Filter options for a template: value, label, count and whether it is selected.
    Values without results are left out unless selected, so no option leads to nothing;
    ``keep_all`` keeps them (with their count of 0) where people look for their own value,
    as every resident looks for their own district."""
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "selected": value == selected,
        }
        for value, label in choices
        if keep_all or counts.get(value, 0) or value == selected
    ]


def with_known_count(paginator, count):
    """Give a paginator a count already computed with the facets, saving its COUNT query."""
    paginator.__dict__["count"] = count
    return paginator
