"""Public pages that combine the apps below: the start page, a measure with its related
offers and indicators, a district (§2.9.3 asks every measure and offer to name its
districts), an organisation with its roles and offers, and the site search."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gladbeck import preview
from gladbeck.models import ConceptText, District
from gladbeck.publishing import Publication
from gladbeck.unsaved_preview import with_unsaved_input
from measures.changes import recent_changes
from measures.models import (
    ACTIVITY_ORDER,
    ActionField,
    Challenge,
    Measure,
    Role,
    Stakeholder,
)
from measures.ranking import equally_weighted
from monitoring.districts import district_values, latest_dates
from monitoring.models import Indicator
from offers.models import Offer
from offers.structured_data import json_ld_script
from offers.visibility import public_organisations
from portal.search import search
from portal.structured_data import measure_json_ld

MEASURES_PER_STATUS = 10


def action_fields_with_counts():
    """The five action fields, each with its published measures counted by status (in the
    order of what is being done), as the measures list filtered by the field counts them."""
    fields = list(ActionField.objects.all())
    counts = Measure.objects.published().counts_by_action_field()
    for field in fields:
        by_status = counts.get(field.pk, {})
        field.status_counts = [
            (status.value, status.label, by_status[status])
            for status in ACTIVITY_ORDER
            if status in by_status
        ]
        field.measure_total = sum(by_status.values())
    return fields


def home(request):
    mission = ConceptText.objects.filter(key=ConceptText.Key.MISSION).first()
    fields = action_fields_with_counts()
    return render(
        request,
        "portal/home.html",
        {
            "mission": mission,
            "action_fields": fields,
            "changes": recent_changes(limit=5),
        },
    )


def action_field_list(request):
    return render(
        request,
        "portal/action_field_list.html",
        {"action_fields": action_fields_with_counts(), "crumbs": [(None, _("Handlungsfelder"))]},
    )


def action_field_detail(request, slug):
    field = get_object_or_404(ActionField.objects.prefetch_related("sub_areas"), slug=slug)
    field = with_unsaved_input(request, field)
    challenges = list(
        field.challenges.with_shared_rank()
        .annotate(
            measure_count=Count("measures", filter=Q(measures__publication=Publication.PUBLISHED))
        )
        .order_by(F("rank").asc(nulls_last=True), "position", "pk")
    )
    ranked = [c for c in challenges if c.is_prioritised]
    unranked = [c for c in challenges if not c.is_prioritised]
    max_votes = max((c.votes or 0 for c in ranked), default=0)
    in_field = Measure.objects.published().filter(
        pk__in=Measure.objects.in_action_field(field).values("pk")
    )
    totals = dict(in_field.order_by().values_list("status").annotate(n=Count("pk")))
    # The first few of each status, in one query; the rest are a link to the filtered list.
    first = (
        in_field.annotate(
            row=Window(RowNumber(), partition_by=[F("status")], order_by=[F("title").asc()])
        )
        .filter(row__lte=MEASURES_PER_STATUS)
        .order_by("title")
        .with_leads()
    )
    groups = {}
    for measure in first:
        groups.setdefault(measure.status, []).append(measure)
    by_status = [
        (status.value, status.label, groups[status], totals[status])
        for status in ACTIVITY_ORDER
        if status in groups
    ]
    response = render(
        request,
        "portal/action_field_detail.html",
        {
            "field": field,
            "crumbs": [
                (reverse("portal:action_fields"), _("Handlungsfelder")),
                (None, field.title_i18n),
            ],
            "max_votes": max_votes,
            "equally_weighted": equally_weighted(c.rank for c in ranked),
            "ranked": ranked,
            "unranked": unranked,
            "measures_by_status": by_status,
            **_first_indicators(field),
        },
    )
    return preview.mark(request, response)


def measure_detail(request, slug):
    measure = get_object_or_404(
        preview.visible(request, Measure.objects.all())
        .select_related("action_field")
        .prefetch_related(
            "further_action_fields",
            "districts",
            "target_groups",
            "steps",
            "progress_entries",
            Prefetch("stakeholders", queryset=Stakeholder.objects.select_related("organisation")),
            Prefetch(
                "challenges",
                queryset=Challenge.objects.with_shared_rank().select_related("action_field"),
            ),
        ),
        slug=slug,
    )
    measure = preview.with_waiting_change(request, measure)
    by_role = {}
    for stakeholder in measure.stakeholders.all():
        by_role.setdefault(stakeholder.role, []).append(stakeholder)
    stakeholders = [(label, by_role[value]) for value, label in Role.choices if value in by_role]
    field_ids = [measure.action_field_id] + [f.pk for f in measure.further_action_fields.all()]
    group_ids = [g.pk for g in measure.target_groups.all()]
    # Chosen by key in the link tables (semi-joins), so that no row repeats and none needs
    # SELECT DISTINCT over whole offers: the title index then yields the first six.
    offer_links = Offer.action_fields.through.objects.filter(actionfield__in=field_ids)
    related_offers = Offer.objects.published().filter(pk__in=offer_links.values("offer"))
    if group_ids:
        group_links = Offer.target_groups.through.objects.filter(targetgroup__in=group_ids)
        related_offers = related_offers.filter(pk__in=group_links.values("offer"))
    related_offers = related_offers.select_related("provider").order_by("title", "slug")[:6]
    challenge_ids = [c.pk for c in measure.challenges.all()]
    indicators = (
        Indicator.objects.filter(Q(measures=measure) | Q(challenges__in=challenge_ids))
        .distinct()
        .order_by("position", "code")
    )
    response = render(
        request,
        "portal/measure_detail.html",
        {
            "measure": measure,
            "crumbs": [(reverse("measures:list"), _("Maßnahmen")), (None, measure.title_i18n)],
            "stakeholders": stakeholders,
            "related_offers": related_offers,
            "indicators": indicators,
            "json_ld": json_ld_script(measure_json_ld(measure, request.build_absolute_uri)),
        },
    )
    return preview.mark(request, response)


def organisation_detail(request, slug):
    organisation = get_object_or_404(public_organisations().select_related("parent"), slug=slug)
    roles = (
        Stakeholder.objects.filter(
            organisation=organisation, measure__in=Measure.objects.published()
        )
        .select_related("measure", "measure__action_field")
        .order_by("measure__title")
    )
    by_role = {}
    for role in roles:
        by_role.setdefault(role.role, []).append(role.measure)
    measures_by_role = [
        (label, by_role[value]) for value, label in Role.choices if value in by_role
    ]
    offers = Offer.objects.published().filter(provider=organisation).select_related("category")
    children = public_organisations().filter(parent=organisation).order_by("name")
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "crumbs": [(None, organisation.name)],
            "measures_by_role": measures_by_role,
            "offers": offers,
            "children": children,
        },
    )


def search_page(request):
    terms = request.GET.get("q", "")
    results = search(terms)
    sections = [
        ("measures", _("Maßnahmen"), reverse("measures:list")),
        ("offers", _("Angebote"), reverse("offers:list")),
        ("challenges", _("Herausforderungen"), None),
        ("organisations", _("Akteur*innen"), None),
    ]
    return render(
        request,
        "portal/search.html",
        {
            "terms": terms[:200],
            "crumbs": [(None, _("Suche"))],
            "sections": [
                (kind, label, more_url, results.get(kind)) for kind, label, more_url in sections
            ],
            "total": sum(len(r["hits"]) for r in results.values()),
        },
    )


def district_detail(request, slug):
    district = get_object_or_404(District, slug=slug)
    measure_counts = Measure.objects.published().district_counts(district)
    measures = (
        Measure.objects.published()
        .filter(districts=district)
        .select_related("action_field")
        .with_leads()
        .with_status_order()
        .order_by("status_order", "title")[:LIST_LENGTH]
    )
    offer_counts = Offer.objects.published().district_counts(district)
    offers = (
        Offer.objects.published()
        .filter(districts=district)
        .select_related("provider", "category")
        .order_by("title")[:LIST_LENGTH]
    )
    return render(
        request,
        "portal/district_detail.html",
        {
            "district": district,
            "crumbs": [(None, district.name_i18n)],
            "measures": measures,
            "offers": offers,
            "named_measures": measure_counts["named"],
            "citywide_measures": measure_counts["citywide"],
            "named_offers": offer_counts["named"],
            "citywide_offers": offer_counts["citywide"],
            **_page_of_values(request, district),
        },
    )


INDICATORS_ON_FIELD_PAGE = 12


def _first_indicators(field):
    """The field's first indicators, with whether it has more (the monitoring overview lists
    them all): the page stays light however many indicators the city keeps. One query."""
    first = list(Indicator.objects.filter(action_field=field)[: INDICATORS_ON_FIELD_PAGE + 1])
    return {
        "indicators": first[:INDICATORS_ON_FIELD_PAGE],
        "more_indicators": len(first) > INDICATORS_ON_FIELD_PAGE,
    }


CHARTS_ON_DISTRICT_PAGE = 8
VALUES_PER_PAGE = CHARTS_ON_DISTRICT_PAGE + 20
LIST_LENGTH = 20


def _page_of_values(request, district):
    """A page of the district's indicators: the first ones with their comparison chart, the
    others as table rows, so that the page stays light however many indicators the city
    keeps."""
    page = Paginator(latest_dates(district), VALUES_PER_PAGE).get_page(request.GET.get("seite"))
    values = district_values(district, page.object_list)
    return {
        "values_page": page,
        "indicator_values": values[:CHARTS_ON_DISTRICT_PAGE],
        "more_values": values[CHARTS_ON_DISTRICT_PAGE:],
    }
