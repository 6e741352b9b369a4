"""Public filters for the measures list. Values are slugs so that a filtered view is a short
link that can be shared; an unknown value is ignored and explained, never an error."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gladbeck.models import District, Organisation, TargetGroup
from measures.models import ActionField, Level, Status

SORTS = {
    "titel": ("title",),
    "status": ("status_order", "title"),
    "aktualisiert": ("-updated_at", "title"),
}


def search_q(terms, fields):
    """Every word must appear in one of the fields (case-insensitive)."""
    query = Q()
    for word in terms.split()[:10]:
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__icontains": word})
        query &= word_q
    return query


class MeasureFilter(django_filters.FilterSet):
    handlungsfeld = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=ActionField.objects.all(),
        to_field_name="slug",
        method="filter_action_field",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    zielgruppe = django_filters.ModelChoiceFilter(
        label=_("Zielgruppe"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        field_name="target_groups",
    )
    stadtteil = django_filters.ModelChoiceFilter(
        label=_("Stadtteil"),
        queryset=District.objects.all(),
        to_field_name="slug",
        method="filter_district",
    )
    akteur = django_filters.ModelChoiceFilter(
        label=_("Akteur*in"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        field_name="stakeholders__organisation",
    )
    ebene = django_filters.ChoiceFilter(label=_("Ebene"), choices=Level.choices, field_name="level")
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)

    def filter_action_field(self, queryset, name, value):
        return queryset.filter(Q(action_field=value) | Q(further_action_fields=value))

    def filter_district(self, queryset, name, value):
        return queryset.filter(Q(districts=value) | Q(citywide=True))

    def filter_text(self, queryset, name, value):
        return queryset.filter(search_q(value, ["title", "summary", "description", "goal"]))

    @property
    def qs(self):
        # Filters across many-to-many relations can repeat a row; the ids keep the list unique.
        return super().qs.distinct()
