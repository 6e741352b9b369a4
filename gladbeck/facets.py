"""Facet counts for filtered lists: how many results each filter value would keep.

One aggregate query per facet, whatever the number of rows.
"""

from django.db.models import Count


def count_by(queryset, path):
    """Map each value of ``path`` (a field or a relation path such as ``"districts__slug"``)
    to the number of distinct rows of ``queryset`` having it."""
    rows = (
        queryset.model.objects.filter(pk__in=queryset.values("pk"))
        .order_by()
        .values_list(path)
        .annotate(n=Count("pk", distinct=True))
    )
    return {value: n for value, n in rows if value is not None}


def options(choices, counts, selected):
    """Filter options for a template: value, label, count and whether it is selected.
    Values without results are left out unless selected, so no link leads to nothing."""
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "selected": value == selected,
        }
        for value, label in choices
        if counts.get(value, 0) or value == selected
    ]
