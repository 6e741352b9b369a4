"""Public filters for the offers directory (GET parameters, values are slugs)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gladbeck.fulltext import text_q, with_translations
from measures.filters import VocabularyFilterSet
from offers.models import Cost, Offer

YES = [("ja", _("ja"))]


class OfferFilter(VocabularyFilterSet):
    kategorie = django_filters.ChoiceFilter(label=_("Kategorie"), field_name="category__slug")
    zielgruppe = django_filters.ChoiceFilter(
        label=_("Zielgruppe"), field_name="target_groups__slug"
    )
    stadtteil = django_filters.ChoiceFilter(label=_("Stadtteil"), method="filter_district")
    sprache = django_filters.ChoiceFilter(label=_("Sprache"), field_name="languages__code")
    kostenlos = django_filters.ChoiceFilter(label=_("kostenlos"), choices=YES, method="filter_free")
    kinderbetreuung = django_filters.ChoiceFilter(
        label=_("mit Kinderbetreuung"), choices=YES, method="filter_yes", field_name="childcare"
    )
    barrierefrei = django_filters.ChoiceFilter(
        label=_("barrierefrei"), choices=YES, method="filter_yes", field_name="barrier_free"
    )
    alter = django_filters.NumberFilter(
        label=_("Alter in Jahren"),
        method="filter_age",
        widget=forms.NumberInput(attrs={"min": 0, "max": 120}),
        min_value=0,
        max_value=120,
    )
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)

    def filter_district(self, queryset, name, value):
        return queryset.in_district(value)

    def filter_free(self, queryset, name, value):
        return queryset.filter(cost=Cost.FREE)

    def filter_yes(self, queryset, name, value):
        return queryset.filter(**{name: True})

    def filter_age(self, queryset, name, value):
        return queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=value),
            Q(max_age__isnull=True) | Q(max_age__gte=value),
        )

    def filter_text(self, queryset, name, value):
        fields = ["title", "description", "description_easy", "provider__name"]
        return queryset.filter(text_q(value, with_translations(Offer, fields)))
