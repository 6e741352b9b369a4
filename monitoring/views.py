"""The district page: everything the concept does in one Stadtteil (§2.9.3 asks every measure
and offer to name its districts). It lives here because it shows measures, offers and
indicator values, and monitoring is the app that may use all three."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from gladbeck.models import District
from measures.models import Measure
from monitoring.districts import district_values
from offers.models import Offer


def district_detail(request, slug):
    district = get_object_or_404(District, slug=slug)
    measure_counts = _named_and_citywide(Measure.objects.published(), district)
    measures = (
        Measure.objects.published()
        .filter(districts=district)
        .select_related("action_field")
        .with_leads()
        .with_status_order()
        .order_by("status_order", "title")[:LIST_LENGTH]
    )
    offer_counts = _named_and_citywide(Offer.objects.published(), district)
    offers = (
        Offer.objects.published()
        .filter(districts=district)
        .select_related("provider", "category")
        .order_by("title")[:LIST_LENGTH]
    )
    return render(
        request,
        "monitoring/district_detail.html",
        {
            "district": district,
            "crumbs": [(None, district.name)],
            "measures": measures,
            "offers": offers,
            "named_measures": measure_counts["named"],
            "citywide_measures": measure_counts["citywide"],
            "named_offers": offer_counts["named"],
            "citywide_offers": offer_counts["citywide"],
            **_split_values(district_values(district)),
        },
    )


CHARTS_ON_DISTRICT_PAGE = 8
LIST_LENGTH = 20


def _named_and_citywide(queryset, district):
    """How many rows name the district and how many are city-wide, in one query."""
    return queryset.aggregate(
        named=Count("pk", filter=Q(districts=district), distinct=True),
        citywide=Count("pk", filter=Q(citywide=True), distinct=True),
    )


def _split_values(values):
    """The first indicators with their comparison chart; any further ones as table rows, so
    that the page stays light however many indicators the city keeps."""
    return {
        "indicator_values": values[:CHARTS_ON_DISTRICT_PAGE],
        "more_values": values[CHARTS_ON_DISTRICT_PAGE:],
    }
