"""Public pages of the measures app: start page, action fields, measures, changes."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, When
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gladbeck.facets import count_by, options
from gladbeck.models import ConceptText, District, Organisation, TargetGroup
from measures.changes import recent_changes
from measures.filters import SORTS, MeasureFilter
from measures.models import ActionField, Challenge, Level, Measure, Role, Stakeholder, Status

PAGE_SIZE = 20

STATUS_ORDER = Case(
    *[When(status=status, then=position) for position, status in enumerate(Status.values)],
    output_field=IntegerField(),
)


def lead_stakeholders():
    return Prefetch(
        "stakeholders",
        queryset=Stakeholder.objects.filter(role=Role.LEAD).select_related("organisation"),
        to_attr="leads",
    )


def home(request):
    texts = {t.key: t for t in ConceptText.objects.filter(key__in=["leitbild"])}
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
            "mission": texts.get("leitbild"),
            "action_fields": fields,
            "changes": recent_changes(limit=5),
        },
    )


def action_field_detail(request, slug):
    field = get_object_or_404(ActionField.objects.prefetch_related("sub_areas"), slug=slug)
    challenges = list(field.challenges.all())
    ranked = [c for c in challenges if c.rank is not None or c.is_central]
    unranked = [c for c in challenges if c.rank is None and not c.is_central]
    max_votes = max((c.votes or 0 for c in ranked), default=0)
    measures = (
        Measure.objects.published()
        .in_action_field(field)
        .annotate(status_order=STATUS_ORDER)
        .order_by("status_order", "title")
        .prefetch_related(lead_stakeholders())
    )
    groups = {}
    for measure in measures:
        groups.setdefault(measure.status, []).append(measure)
    by_status = [(label, groups[value]) for value, label in Status.choices if value in groups]
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


def _measure_facets(results, filterset):
    data = (
        filterset.form.cleaned_data
        if filterset.is_bound and hasattr(filterset.form, "cleaned_data")
        else {}
    )

    def chosen(name, attr="slug"):
        value = data.get(name)
        return getattr(value, attr, value) or None

    field_counts = count_by(results, "action_field__slug")
    for slug, n in count_by(
        results.exclude(further_action_fields=None), "further_action_fields__slug"
    ).items():
        field_counts[slug] = field_counts.get(slug, 0) + n
    citywide = results.filter(citywide=True).count()
    district_counts = count_by(results.filter(citywide=False), "districts__slug")
    organisations = count_by(results, "stakeholders__organisation__slug")
    org_names = dict(
        Organisation.objects.filter(slug__in=list(organisations)).values_list("slug", "name")
    )
    return [
        (
            "handlungsfeld",
            _("Handlungsfeld"),
            options(
                [(f.slug, f.title) for f in ActionField.objects.all()],
                field_counts,
                chosen("handlungsfeld"),
            ),
        ),
        (
            "status",
            _("Status"),
            options(Status.choices, count_by(results, "status"), chosen("status")),
        ),
        (
            "zielgruppe",
            _("Zielgruppe"),
            options(
                TargetGroup.objects.values_list("slug", "name"),
                count_by(results, "target_groups__slug"),
                chosen("zielgruppe"),
            ),
        ),
        (
            "stadtteil",
            _("Stadtteil (mit gesamtstädtischen Maßnahmen)"),
            options(
                District.objects.values_list("slug", "name"),
                {
                    slug: district_counts.get(slug, 0) + citywide
                    for slug in District.objects.values_list("slug", flat=True)
                },
                chosen("stadtteil"),
            ),
        ),
        (
            "akteur",
            _("Akteur*in"),
            options(
                sorted(org_names.items(), key=lambda item: item[1].lower()),
                organisations,
                chosen("akteur"),
            ),
        ),
        ("ebene", _("Ebene"), options(Level.choices, count_by(results, "level"), chosen("ebene"))),
    ]


def measure_list(request):
    filterset = MeasureFilter(request.GET or None, queryset=Measure.objects.published())
    results = filterset.qs
    sort = request.GET.get("sort", "titel")
    if sort not in SORTS:
        sort = "titel"
    ordered = (
        results.annotate(status_order=STATUS_ORDER)
        .order_by(*SORTS[sort])
        .select_related("action_field")
        .prefetch_related(lead_stakeholders())
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "measures/measure_list.html",
        {
            "filterset": filterset,
            "crumbs": [(None, _("Maßnahmen"))],
            "page": page,
            "facets": _measure_facets(results, filterset),
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
