"""The district page: everything the concept does in one Stadtteil (§2.9.3 asks every measure
and offer to name its districts). It lives here because it shows measures, offers and
indicator values, and monitoring is the app that may use all three."""

from django.shortcuts import get_object_or_404, render

from gladbeck.models import District
from measures.models import Measure
from measures.views import STATUS_ORDER, lead_stakeholders
from monitoring.districts import district_values
from offers.models import Offer


def district_detail(request, slug):
    district = get_object_or_404(District, slug=slug)
    measures = (
        Measure.objects.published()
        .filter(districts=district)
        .select_related("action_field")
        .prefetch_related(lead_stakeholders())
        .annotate(status_order=STATUS_ORDER)
        .order_by("status_order", "title")
    )
    citywide_measures = Measure.objects.published().filter(citywide=True).count()
    offers = (
        Offer.objects.published()
        .filter(districts=district)
        .select_related("provider", "category")
        .order_by("title")
    )
    citywide_offers = Offer.objects.published().filter(citywide=True).count()
    return render(
        request,
        "monitoring/district_detail.html",
        {
            "district": district,
            "crumbs": [(None, district.name)],
            "measures": measures,
            "offers": offers,
            "citywide_measures": citywide_measures,
            "citywide_offers": citywide_offers,
            **_split_values(district_values(district)),
        },
    )


CHARTS_ON_DISTRICT_PAGE = 8


def _split_values(values):
    """The first indicators with their comparison chart; any further ones as table rows, so
    that the page stays light however many indicators the city keeps."""
    return {
        "indicator_values": values[:CHARTS_ON_DISTRICT_PAGE],
        "more_values": values[CHARTS_ON_DISTRICT_PAGE:],
    }
