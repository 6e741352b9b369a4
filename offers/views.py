"""Public pages of the offers app: the directory, an offer, an organisation, the search."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gladbeck import preview
from gladbeck.facets import count_by, district_counts, marginal_counts, options, with_known_count
from gladbeck.models import District, TargetGroup
from offers import calendar
from offers.filters import OfferFilter
from offers.models import Category, Cost, Language, Offer
from offers.structured_data import json_ld_script, offer_json_ld

PAGE_SIZE = 20


def _vocabulary():
    return {
        "kategorie": list(Category.objects.values_list("slug", "name_i18n")),
        "zielgruppe": list(TargetGroup.objects.values_list("slug", "name_i18n")),
        "stadtteil": list(District.objects.values_list("slug", "name_i18n")),
        "sprache": list(Language.objects.values_list("code", "name_i18n")),
    }


def _offer_facets(results, filterset, vocabulary, scalar):
    chosen = filterset.chosen
    return [
        (
            "kategorie",
            _("Kategorie"),
            options(vocabulary["kategorie"], scalar["category__slug"], chosen("kategorie")),
        ),
        (
            "zielgruppe",
            _("Zielgruppe"),
            options(
                vocabulary["zielgruppe"],
                count_by(results, "target_groups__slug"),
                chosen("zielgruppe"),
            ),
        ),
        (
            "stadtteil",
            _("Stadtteil (mit gesamtstädtischen Angeboten)"),
            options(
                vocabulary["stadtteil"],
                district_counts(results, vocabulary["stadtteil"], scalar["citywide"][True]),
                chosen("stadtteil"),
                keep_all=True,
            ),
        ),
        (
            "sprache",
            _("Sprache"),
            options(vocabulary["sprache"], count_by(results, "languages__code"), chosen("sprache")),
        ),
    ]


def offer_list(request):
    vocabulary = _vocabulary()
    filterset = OfferFilter(
        request.GET or None, queryset=Offer.objects.published(), vocabulary=vocabulary
    )
    results = filterset.qs
    scalar = marginal_counts(results, "category__slug", "citywide")
    total = sum(scalar["citywide"].values())
    ordered = (
        results.order_by("title", "slug")
        .select_related("provider", "category")
        .prefetch_related("districts")
    )
    page = with_known_count(Paginator(ordered, PAGE_SIZE), total).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    checks = [
        ("kostenlos", _("nur kostenlose Angebote")),
        ("kinderbetreuung", _("nur mit Kinderbetreuung")),
        ("barrierefrei", _("nur barrierefreie Angebote")),
    ]
    return render(
        request,
        "offers/offer_list.html",
        {
            "filterset": filterset,
            "crumbs": [(None, _("Angebote"))],
            "page": page,
            "facets": _offer_facets(results, filterset, vocabulary, scalar),
            "checks": [(name, label, filterset.chosen(name) == "ja") for name, label in checks],
            "age": filterset.chosen("alter") if filterset.chosen("alter") is not None else "",
            "query": query.urlencode(),
            "errors": filterset.errors if filterset.is_bound else {},
        },
    )


def offer_detail(request, slug):
    offer = get_object_or_404(
        preview.visible(request, Offer.objects.all())
        .select_related("provider", "category")
        .prefetch_related("target_groups", "languages", "districts", "action_fields"),
        slug=slug,
    )
    offer = preview.with_waiting_change(request, offer)
    response = render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "crumbs": [(reverse("offers:list"), _("Angebote")), (None, offer.title_i18n)],
            "Cost": Cost,
            "json_ld": json_ld_script(offer_json_ld(offer, request.build_absolute_uri)),
            "has_calendar": calendar.has_dates(offer),
        },
    )
    return preview.mark(request, response)


def _calendar_response(offers, name, filename, request):
    host, _port = split_domain_port(request.get_host())
    body = calendar.as_ical(offers, name, host, request.build_absolute_uri)
    response = HttpResponse(body, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def offer_calendar(request, slug):
    """One offer as iCalendar; only an offer with a first and a last day has one."""
    offer = get_object_or_404(Offer.objects.published().select_related("category"), slug=slug)
    if not calendar.has_dates(offer):
        raise Http404(_("Für dieses Angebot sind keine Daten eingetragen."))
    return _calendar_response([offer], offer.title, f"{offer.slug}.ics", request)


@require_safe
def offer_list_calendar(request):
    """The offers the list shows for the same filters, as iCalendar (those with both dates)."""
    filterset = OfferFilter(
        request.GET or None, queryset=Offer.objects.published(), vocabulary=_vocabulary()
    )
    offers = (
        filterset.qs.filter(valid_from__isnull=False, valid_until__isnull=False)
        .select_related("category")
        .order_by("valid_from", "title", "pk")
    )
    return _calendar_response(offers, _("Angebote in Gladbeck"), "angebote.ics", request)
