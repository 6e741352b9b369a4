"""Plain Django views over the same rows as the portal's pages: the baseline the benchmark
compares each page with (a list page may cost about what a ListView of its 20 rows costs,
plus its filter counts)."""

import time

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.views.generic import DetailView, ListView

from measures.models import Measure
from offers.models import Offer

PAGE_SIZE = 20


class PlainMeasureList(ListView):
    heading = "Maßnahmen"
    paginate_by = PAGE_SIZE
    template_name = "bench/plain_list.html"

    def get_queryset(self):
        return Measure.objects.published().select_related("action_field").order_by("title")


class PlainOfferList(ListView):
    heading = "Angebote"
    paginate_by = PAGE_SIZE
    template_name = "bench/plain_list.html"

    def get_queryset(self):
        return Offer.objects.published().select_related("category").order_by("title")


class PlainMeasureDetail(DetailView):
    template_name = "bench/plain_detail.html"

    def get_queryset(self):
        return Measure.objects.published()


def render_time_ms(view, path, repeat, **kwargs):
    """Median time to render ``view`` for ``path`` (the response rendered to bytes)."""
    factory = RequestFactory(HTTP_HOST="localhost")
    timings = []
    for _ in range(repeat + 1):
        request = factory.get(path)
        request.user = AnonymousUser()
        start = time.perf_counter()
        response = view(request, **kwargs)
        response.render()
        timings.append((time.perf_counter() - start) * 1000)
    timings = sorted(timings[1:])  # the first one warms up
    return timings[len(timings) // 2]


def baselines(repeat, measure_slug):
    """(name, portal page it stands beside, median ms)."""
    return [
        (
            "plain ListView: measures",
            "measures list",
            render_time_ms(PlainMeasureList.as_view(), "/massnahmen/", repeat),
        ),
        (
            "plain ListView: offers",
            "offers list, filters",
            render_time_ms(PlainOfferList.as_view(), "/angebote/", repeat),
        ),
        (
            "plain DetailView: measure",
            "measure detail",
            render_time_ms(
                PlainMeasureDetail.as_view(), "/massnahmen/x/", repeat, slug=measure_slug
            ),
        ),
    ]
