"""Facet counts for filtered lists: how many results each filter value would keep.

A fixed number of aggregate queries, whatever the number of rows.
"""

from collections import Counter

from django.db.models import Count, Q


def count_by(queryset, *paths, repeats=False):
    """Map each value of ``paths`` (fields or relation paths such as ``"districts__slug"``;
    several paths give tuples) to the number of distinct rows of ``queryset`` having it.
    A many-to-many relation names a value once per row; ``repeats`` says that a row can reach
    the same value twice along the paths (an organisation that is a stakeholder of a measure
    in two roles), so that rows are counted distinct, which costs more."""
    rows = (
        queryset.model.objects.filter(pk__in=queryset.values("pk"))
        .filter(**{f"{paths[0]}__isnull": False})
        .order_by()
        .values_list(*paths)
        .annotate(n=Count("pk", distinct=repeats))
    )
    if len(paths) == 1:
        return {row[0]: row[-1] for row in rows if row[0] is not None}
    return {tuple(row[:-1]): row[-1] for row in rows if row[0] is not None}


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


def total_and_flag(queryset, flag):
    """The number of rows and of rows where the boolean ``flag`` is set, in one query. The
    rows of ``queryset`` must not repeat (see ``marginal_counts``)."""
    result = queryset.order_by().aggregate(
        total=Count("pk"), flagged=Count("pk", filter=Q(**{flag: True}))
    )
    return result["total"], result["flagged"]


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
