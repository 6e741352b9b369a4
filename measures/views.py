"""Public pages of the measures app: start page, action fields, measures, changes."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gladbeck.facets import (
    count_by,
    district_counts,
    marginal_counts,
    options,
    total_and_flag,
    with_known_count,
)
from gladbeck.models import ConceptText, District, TargetGroup
from gladbeck.publishing import Publication
from measures.changes import recent_changes
from measures.filters import SORTS, MeasureFilter
from measures.models import ActionField, Challenge, Level, Measure, Role, Stakeholder, Status

PAGE_SIZE = 20
MEASURES_PER_STATUS = 10


def home(request):
    mission = ConceptText.objects.filter(key=ConceptText.Key.MISSION).first()
    fields = list(ActionField.objects.all())
    counts = {}
    for row in (
        Measure.objects.published()
        .order_by()
        .values("action_field", "status")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(row["action_field"], {})[row["status"]] = row["n"]
    for field in fields:
        by_status = counts.get(field.pk, {})
        field.status_counts = [
            (value, label, by_status[value])
            for value, label in Status.choices
            if value in by_status
        ]
        field.measure_total = sum(by_status.values())
    return render(
        request,
        "measures/home.html",
        {
            "mission": mission,
            "action_fields": fields,
            "changes": recent_changes(limit=5),
        },
    )


def action_field_detail(request, slug):
    field = get_object_or_404(ActionField.objects.prefetch_related("sub_areas"), slug=slug)
    challenges = list(
        field.challenges.annotate(
            measure_count=Count("measures", filter=Q(measures__publication=Publication.PUBLISHED))
        ).order_by(F("rank").asc(nulls_last=True), "position", "pk")
    )
    ranked = [c for c in challenges if c.rank is not None or c.is_central]
    unranked = [c for c in challenges if c.rank is None and not c.is_central]
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
        (value, label, groups[value], totals[value])
        for value, label in Status.choices
        if value in groups
    ]
    return render(
        request,
        "measures/action_field_detail.html",
        {
            "field": field,
            "crumbs": [(None, field.title)],
            "max_votes": max_votes,
            "ranked": ranked,
            "unranked": unranked,
            "measures_by_status": by_status,
            "indicators": field.indicators.all(),
        },
    )


def _vocabulary():
    """Action fields, target groups and districts as (slug, label) pairs: three queries that
    serve both to check filter values and to list the options."""
    return {
        "handlungsfeld": list(ActionField.objects.values_list("slug", "title")),
        "zielgruppe": list(TargetGroup.objects.values_list("slug", "name")),
        "stadtteil": list(District.objects.values_list("slug", "name")),
    }


def _measure_facets(results, filterset, vocabulary, citywide):
    chosen = filterset.chosen
    scalar = marginal_counts(results, "action_field__slug", "status", "level")
    field_counts = dict(scalar["action_field__slug"])
    further = count_by(
        results.exclude(further_action_fields=None).exclude(
            further_action_fields=F("action_field")
        ),
        "further_action_fields__slug",
    )
    for slug, n in further.items():
        field_counts[slug] = field_counts.get(slug, 0) + n
    organisations = count_by(
        results, "stakeholders__organisation__slug", "stakeholders__organisation__name"
    )
    facets = [
        (
            "handlungsfeld",
            _("Handlungsfeld"),
            options(vocabulary["handlungsfeld"], field_counts, chosen("handlungsfeld")),
        ),
        ("status", _("Status"), options(Status.choices, scalar["status"], chosen("status"))),
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
            _("Stadtteil (mit gesamtstädtischen Maßnahmen)"),
            options(
                vocabulary["stadtteil"],
                district_counts(results, vocabulary["stadtteil"], citywide),
                chosen("stadtteil"),
            ),
        ),
        (
            "akteur",
            _("Akteur*in"),
            options(
                _most_named(organisations, chosen("akteur")),
                {slug: n for (slug, _name), n in organisations.items()},
                chosen("akteur"),
            ),
        ),
        ("ebene", _("Ebene"), options(Level.choices, scalar["level"], chosen("ebene"))),
    ]
    return facets + _challenge_facet(chosen("herausforderung"))


MAX_STAKEHOLDER_OPTIONS = 60


def _most_named(organisations, selected):
    """The organisations with most measures in the result (and the selected one), by name:
    a list of thousands would make the page heavy and the choice useless."""
    ranked = sorted(organisations.items(), key=lambda item: -item[1])[:MAX_STAKEHOLDER_OPTIONS]
    pairs = {pair for pair, _count in ranked}
    pairs |= {pair for pair in organisations if pair[0] == selected}
    return sorted(pairs, key=lambda pair: pair[1].lower())


def _challenge_facet(slug):
    """A challenge is chosen from its action field's page, not from a list of 58 sentences:
    the filter only shows the chosen one, so that it can be seen and removed."""
    challenge = Challenge.objects.filter(slug=slug).first() if slug else None
    if challenge is None:
        return []
    option = {
        "value": challenge.slug,
        "label": challenge.short_wording(80),
        "count": None,
        "selected": True,
    }
    return [("herausforderung", _("Herausforderung"), [option])]


def measure_list(request):
    vocabulary = _vocabulary()
    filterset = MeasureFilter(
        request.GET or None, queryset=Measure.objects.published(), vocabulary=vocabulary
    )
    results = filterset.qs
    total, citywide = total_and_flag(results, "citywide")
    sort = request.GET.get("sort", "titel")
    if sort not in SORTS:
        sort = "titel"
    ordered = (
        results.with_status_order()
        .order_by(*SORTS[sort])
        .select_related("action_field")
        .with_leads()
    )
    paginator = with_known_count(Paginator(ordered, PAGE_SIZE), total)
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "measures/measure_list.html",
        {
            "filterset": filterset,
            "crumbs": [(None, _("Maßnahmen"))],
            "page": page,
            "facets": _measure_facets(results, filterset, vocabulary, citywide),
            "sort": sort,
            "sorts": [
                ("titel", _("Titel")),
                ("status", _("Status")),
                ("aktualisiert", _("zuletzt geändert")),
            ],
            "query": query.urlencode(),
            "errors": filterset.errors if filterset.is_bound else {},
        },
    )


def measure_detail(request, slug):
    measure = get_object_or_404(
        Measure.objects.published()
        .select_related("action_field")
        .prefetch_related(
            "further_action_fields",
            "districts",
            "target_groups",
            "steps",
            "progress_entries",
            Prefetch("stakeholders", queryset=Stakeholder.objects.select_related("organisation")),
            Prefetch("challenges", queryset=Challenge.objects.select_related("action_field")),
        ),
        slug=slug,
    )
    by_role = {}
    for stakeholder in measure.stakeholders.all():
        by_role.setdefault(stakeholder.role, []).append(stakeholder)
    stakeholders = [(label, by_role[value]) for value, label in Role.choices if value in by_role]
    field_ids = [measure.action_field_id] + [f.pk for f in measure.further_action_fields.all()]
    group_ids = [g.pk for g in measure.target_groups.all()]
    related_offers = (
        measure.action_field.offers.model.objects.published()
        .filter(action_fields__in=field_ids)
        .filter(Q(target_groups__in=group_ids) if group_ids else Q())
        .select_related("provider")
        .distinct()
        .order_by("title")[:6]
    )
    challenge_ids = [c.pk for c in measure.challenges.all()]
    indicator_model = measure.indicators.model
    indicators = (
        indicator_model.objects.filter(Q(measures=measure) | Q(challenges__in=challenge_ids))
        .distinct()
        .order_by("position", "code")
    )
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "crumbs": [("/massnahmen/", _("Maßnahmen")), (None, measure.title)],
            "stakeholders": stakeholders,
            "related_offers": related_offers,
            "indicators": indicators,
        },
    )


def changes(request):
    return render(
        request,
        "measures/changes.html",
        {"changes": recent_changes(limit=50), "crumbs": [(None, _("Änderungen"))]},
    )


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    link = "/aenderungen/"

    def title(self):
        return _("Änderungen am Konzept Zusammenleben in Gladbeck")

    def subtitle(self):
        return _("Veröffentlichte Maßnahmen, Statusänderungen und Fortschritte, neueste zuerst.")

    def items(self):
        return recent_changes(limit=50)

    def item_title(self, item):
        return f"{item.title}: {item.text[:120]}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when
