"""Public filters for the measures list. Values are slugs so that a filtered view is a short
link that can be shared; an unknown value is ignored and explained, never an error.

The choices come from a vocabulary the view loads once per request, so that checking a value
and listing the options cost no extra queries."""

from functools import cached_property

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gladbeck.facets import joins_other_tables
from gladbeck.fulltext import text_q, with_translations
from measures.models import Level, Measure, Status

SORTS = {
    "titel": ("title",),
    "status": ("status_order", "title"),
    "aktualisiert": ("-updated_at", "title"),
}


class VocabularyFilterSet(django_filters.FilterSet):
    """A FilterSet whose choice filters take their choices from ``vocabulary``:
    ``{filter name: [(slug, label), ...]}``."""

    def __init__(self, data=None, queryset=None, *, vocabulary, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        for name, choices in vocabulary.items():
            self.filters[name].extra["choices"] = choices

    # A filtered result of up to this many rows is read once as a list of keys.
    MAX_RESULT_KEYS = 2000

    @cached_property
    def qs(self):
        """The rows the filters keep, each once, for the page query and every count.

        Filters across many-to-many relations would repeat a row, and a text search reads
        every text of every row; the page query and each count would do that work again. So a
        filtered result is read once as a list of keys (each key once), unless it is so large
        that the list would cost more than it saves; then the rows are chosen by key in a
        semi-join, which still avoids SELECT DISTINCT over whole rows. The unfiltered list
        cannot repeat a row and needs neither."""
        filtered = super().qs
        if not joins_other_tables(filtered) and not self.chosen("q"):
            return filtered
        keys = set(filtered.values_list("pk", flat=True)[: self.MAX_RESULT_KEYS + 1])
        if len(keys) <= self.MAX_RESULT_KEYS:
            return self.queryset.filter(pk__in=keys)
        return self.queryset.filter(pk__in=filtered.values("pk"))

    def chosen(self, name):
        """The valid value of filter ``name``, or None."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.form.cleaned_data.get(name) or None


class MeasureFilter(VocabularyFilterSet):
    handlungsfeld = django_filters.ChoiceFilter(
        label=_("Handlungsfeld"), method="filter_action_field"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    zielgruppe = django_filters.ChoiceFilter(
        label=_("Zielgruppe"), field_name="target_groups__slug"
    )
    stadtteil = django_filters.ChoiceFilter(label=_("Stadtteil"), method="filter_district")
    akteur = django_filters.CharFilter(
        label=_("Akteur*in"), field_name="stakeholders__organisation__slug", max_length=200
    )
    herausforderung = django_filters.CharFilter(
        label=_("Herausforderung"), field_name="challenges__slug", max_length=200
    )
    ebene = django_filters.ChoiceFilter(label=_("Ebene"), choices=Level.choices, field_name="level")
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)

    def filter_action_field(self, queryset, name, value):
        return queryset.filter(Q(action_field__slug=value) | Q(further_action_fields__slug=value))

    def filter_district(self, queryset, name, value):
        return queryset.in_district(value)

    def filter_text(self, queryset, name, value):
        fields = with_translations(Measure, ["title", "summary", "description", "goal"])
        return queryset.filter(text_q(value, fields))
