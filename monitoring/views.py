"""Public monitoring pages, the public quality aggregate of qualification programmes, and the
steering group's protected view of every programme's figures."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from measures.models import ActionField
from monitoring.models import (
    Breakdown,
    Indicator,
    Observation,
    ProgrammeReport,
    QualitativeAssessment,
    sees_every_programme,
)
from monitoring.quality import (
    FIGURE_COLUMNS,
    GAIN_COLUMNS,
    Table,
    by_figure,
    competence_chart,
    yearly,
    yearly_csv,
)
from monitoring.series import DISTRICTS, Series


def _download(content, filename, content_type="text/csv; charset=utf-8"):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class Entry:
    """One indicator on the overview: its latest city-wide value, trend and progress."""

    indicator: Indicator
    breakdowns: list  # labels of the breakdowns it has values for

    @property
    def trend(self):
        i = self.indicator
        return i.trend(i.latest_value, i.previous_value)

    @property
    def progress(self):
        i = self.indicator
        return i.progress(i.latest_value, i.latest_date) if i.latest_date else None

    @property
    def rating_label(self):
        rating = self.indicator.latest_rating
        return QualitativeAssessment.Rating(rating).label if rating else ""

    @property
    def district_url(self):
        return f"{self.indicator.get_absolute_url()}?{urlencode({'ansicht': DISTRICTS})}"


def indicator_list(request):
    """/monitoring/: indicators grouped by action field. Three queries."""
    fields = list(ActionField.objects.all())
    indicators = list(Indicator.objects.with_latest())
    breakdowns = {}
    for indicator_id, key in (
        Observation.objects.exclude(breakdown="")
        .order_by()
        .values_list("indicator_id", "breakdown")
        .distinct()
    ):
        breakdowns.setdefault(indicator_id, []).append(str(Breakdown(key).label))
    entries = [Entry(i, sorted(breakdowns.get(i.pk, []))) for i in indicators]
    city = [e for e in entries if not e.indicator.is_programme_indicator]
    groups = [(None, [e for e in city if e.indicator.action_field_id is None])]
    groups += [(f, [e for e in city if e.indicator.action_field_id == f.pk]) for f in fields]
    programme = [e for e in entries if e.indicator.is_programme_indicator]
    return render(
        request,
        "monitoring/index.html",
        {
            "groups": groups,
            "programme_entries": programme,
            "crumbs": [(None, _("Monitoring"))],
        },
    )


def indicator_detail(request, code):
    """/monitoring/<code>/: definition, baseline and target, one chart with its table and
    CSV (?format=csv) or SVG (?format=svg), qualitative assessments. Six queries."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("action_field", "responsible"), code=code
    )
    observations = list(indicator.observations.select_related("district"))
    series = Series.select(
        indicator, observations, request.GET.get("ansicht"), request.GET.get("stichtag")
    )
    requested = request.GET.get("format")
    if requested in {"csv", "svg"}:
        if series is None:
            raise Http404(_("Zu diesem Indikator gibt es noch keine Werte."))
        if requested == "csv":
            return _download(series.csv(), f"monitoring-{series.slug}.csv")
        return _download(
            series.chart().svg(), f"monitoring-{series.slug}.svg", "image/svg+xml; charset=utf-8"
        )
    headline = sorted(
        (o for o in observations if o.district_id is None and not o.breakdown),
        key=lambda o: o.reference_date,
    )
    latest = headline[-1] if headline else None
    previous = headline[-2] if len(headline) > 1 else None
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "series": series,
            "chart": series.chart() if series else None,
            "latest": latest,
            "previous": previous,
            "trend": indicator.trend(latest and latest.value, previous and previous.value),
            "progress": indicator.progress(latest.value, latest.reference_date) if latest else None,
            "assessments": list(indicator.assessments.all()),
            "measures": list(indicator.measures.published()),
            "challenges": list(indicator.challenges.select_related("action_field")),
            "crumbs": [
                (reverse("monitoring:index"), _("Monitoring")),
                (None, indicator.title_i18n),
            ],
        },
    )


def quality_overview(request):
    """/monitoring/qualitaet/: totals per year over the published programme reports only,
    every figure resting on fewer than 5 people shown as "< 5". Two queries."""
    rows = yearly(ProgrammeReport.objects.published())
    if request.GET.get("format") == "csv":
        return _download(yearly_csv(rows), "qualitaet-qualifizierungsangebote.csv")
    chart = None
    if rows:
        chart = competence_chart(
            _("Mittlerer Kompetenzzuwachs %(year)s") % {"year": rows[0].year}, rows[0].figures
        )
    catalogue = Indicator.objects.filter(scope=Indicator.Scope.PROGRAMME)
    return render(
        request,
        "monitoring/quality_overview.html",
        {
            "rows": rows,
            "participation": by_figure(rows, FIGURE_COLUMNS),
            "competence": by_figure(rows, GAIN_COLUMNS),
            "chart": chart,
            "latest": rows[0] if rows else None,
            "catalogue": catalogue,
            "crumbs": [
                (reverse("monitoring:index"), _("Monitoring")),
                (None, _("Qualifizierungsangebote")),
            ],
        },
    )


@never_cache  # behind a login: never in a shared cache
@login_required
def quality_steering(request):
    """/monitoring/qualitaet/steuerung/: every programme's protected figures and their
    protected total, for the steering group and the editors; CSV of the same."""
    if not sees_every_programme(request.user):
        raise PermissionDenied
    years = [d.year for d in ProgrammeReport.objects.dates("period_end", "year", order="DESC")]
    wanted = request.GET.get("jahr")
    if wanted == "alle":
        year = None
    else:
        year = int(wanted) if wanted in {str(y) for y in years} else (years[0] if years else None)
    reports = ProgrammeReport.objects.select_related("offer__provider")
    if year is not None:
        reports = reports.in_year(year)
    table = Table.of(list(reports))
    if request.GET.get("format") == "csv":
        suffix = year or "alle-jahre"
        return _download(table.csv(), f"qualitaetsberichte-{suffix}.csv")
    return render(
        request,
        "monitoring/quality_steering.html",
        {
            "table": table,
            "years": years,
            "year": year,
            "crumbs": [
                (reverse("monitoring:index"), _("Monitoring")),
                (reverse("monitoring:quality"), _("Qualifizierungsangebote")),
                (None, _("Steuerungsgruppe")),
            ],
        },
    )
