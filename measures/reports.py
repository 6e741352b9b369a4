"""The status report (Sachstandsbericht) for the steering group.

One function builds the report from the database in a fixed number of queries, whatever the
number of measures; the HTML page, the PDF (``report_pdf``), the XLSX and the CSV
(``report_xlsx``) all render the same ``StatusReport``. The chart of measures per status per
action field is laid out once (``chart_layout``, with gladbeck/charts/) and drawn as SVG on the
page and as a ReportLab drawing in the PDF.

Each measure is reported once, under its (first) action field; further action fields are
named beside it, so the totals add up.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gladbeck.charts import palette, stacked_bar_chart
from gladbeck.publishing import Publication
from gladbeck.spreadsheets import csv_lines
from measures.models import (
    ActionField,
    Challenge,
    Measure,
    MeasureStep,
    ProgressEntry,
    Stakeholder,
    Status,
)
from measures.ranking import equally_weighted

# One colour per status from the palette (report.css gives the table's swatches the same).
STATUS_COLOURS = {
    Status.IDEA: palette.SLATE,
    Status.PLANNED: palette.TEAL,
    Status.IN_PROGRESS: palette.ORANGE,
    Status.DONE: palette.GREEN,
    Status.ESTABLISHED: palette.INDIGO,
    Status.ON_HOLD: palette.VIOLET,
    Status.DROPPED: palette.RED,
}


@dataclass(frozen=True)
class ReportFilters:
    """What the steering group asked for: one action field, one status, changes since a date."""

    action_field: ActionField | None = None
    status: str | None = None
    changed_since: datetime.date | None = None

    def describe(self):
        """The filters in words, for the heading of every download."""
        parts = []
        if self.action_field:
            parts.append(_("Handlungsfeld: %(title)s") % {"title": self.action_field.title})
        if self.status:
            parts.append(_("Status: %(status)s") % {"status": Status(self.status).label})
        if self.changed_since:
            parts.append(
                _("geändert seit %(date)s") % {"date": self.changed_since.strftime("%d.%m.%Y")}
            )
        return "; ".join(parts) if parts else _("alle Maßnahmen")

    def slug_parts(self):
        """The filters as parts of a file name: the action field's and the status's web
        names (already transliterated, ä → ae) and the date changes are counted from."""
        parts = []
        if self.action_field:
            parts.append(self.action_field.slug)
        if self.status:
            parts.append(self.status)
        if self.changed_since:
            parts.append(f"geaendert-seit-{self.changed_since:%Y-%m-%d}")
        return parts


@dataclass
class FieldSection:
    action_field: ActionField
    challenges: list  # ranked and central challenges, in rank order
    unranked_count: int
    measures: list
    counts: dict = field(default_factory=dict)  # status value -> number of measures

    @property
    def total(self):
        return len(self.measures)

    @property
    def equally_weighted(self):
        """All ranked challenges hold one rank (§4.4: "gleichgewichtet")."""
        return equally_weighted(c.rank for c in self.challenges)

    @property
    def count_cells(self):
        return [self.counts.get(status.value, 0) for status in Status]


@dataclass
class StatusReport:
    filters: ReportFilters
    generated_at: datetime.datetime
    sections: list

    statuses = list(Status)

    @property
    def total(self):
        return sum(section.total for section in self.sections)

    @property
    def status_totals(self):
        return [sum(section.counts.get(s.value, 0) for section in self.sections) for s in Status]

    @property
    def measures(self):
        return [measure for section in self.sections for measure in section.measures]

    def stand_text(self):
        """The date and time the report was made, as the PDF and the XLSX head it."""
        stand = timezone.localtime(self.generated_at)
        return _("Stand: %(date)s, %(time)s Uhr") % {
            "date": stand.strftime("%d.%m.%Y"),
            "time": stand.strftime("%H:%M"),
        }

    def filename(self, extension):
        """The download's name with its filters and date, for the folder of a meeting:
        sachstandsbericht-wohnen-und-quartier-geplant-2026-11-30.pdf"""
        date = f"{timezone.localdate(self.generated_at):%Y-%m-%d}"
        parts = ["sachstandsbericht", *self.filters.slug_parts(), date]
        return f"{'-'.join(parts)}.{extension}"


def changed_since_q(since):
    """Measures with any recorded change on or after the date ``since``: to the measure
    itself, its steps, its stakeholders or its progress entries (the history tables hold
    every change with its time), or a progress entry dated on or after it."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    return (
        Q(updated_at__gte=start)
        | Q(pk__in=Measure.history.filter(history_date__gte=start).values("id"))
        | Q(pk__in=MeasureStep.history.filter(history_date__gte=start).values("measure_id"))
        | Q(pk__in=Stakeholder.history.filter(history_date__gte=start).values("measure_id"))
        | Q(pk__in=ProgressEntry.history.filter(history_date__gte=start).values("measure_id"))
        | Q(pk__in=ProgressEntry.objects.filter(date__gte=since).values("measure_id"))
    )


# What the rows (page, PDF, XLSX, CSV) show of a measure and its action field: the long texts
# and their translations (JSON, costly to decode) stay in the database.
REPORT_FIELDS = (
    "title",
    "slug",
    "status",
    "progress",
    "publication",
    "updated_at",
    "action_field",  # the action field itself from the report's list (prepare_measure)
)


def report_measures(filters):
    """The measures of the report with everything a row needs, in three queries."""
    latest_entry = ProgressEntry.objects.filter(measure=OuterRef("pk")).order_by("-date", "-id")
    next_step = MeasureStep.objects.filter(measure=OuterRef("pk"), done=False).order_by(
        "position", "id"
    )
    measures = (
        Measure.objects.only(*REPORT_FIELDS)
        .annotate(
            last_entry_date=Subquery(latest_entry.values("date")[:1]),
            last_entry_text=Subquery(latest_entry.values("text")[:1]),
            next_step_text=Subquery(next_step.values("text")[:1]),
        )
        .with_leads("organisation__name")
        .prefetch_related(
            Prefetch(
                "further_action_fields",
                queryset=ActionField.objects.order_by("number").only("number", "title"),
                to_attr="further_fields",
            ),
        )
        .order_by("action_field__number", "title", "pk")
    )
    if filters.action_field:
        measures = measures.filter(action_field=filters.action_field)
    if filters.status:
        measures = measures.filter(status=filters.status)
    if filters.changed_since:
        measures = measures.filter(changed_since_q(filters.changed_since))
    return measures


def prepare_measure(measure, action_fields):
    """What a row shows beyond the measure's own fields, from what was prefetched, and its
    action field from ``action_fields`` (by id: read once, not once per measure)."""
    measure.action_field = action_fields[measure.action_field_id]
    measure.lead_names = [s.organisation.name for s in measure.leads]
    measure.is_draft = measure.publication == Publication.DRAFT


def build_status_report(filters=None, now=None):
    filters = filters or ReportFilters()
    fields = ActionField.objects.order_by("number")
    if filters.action_field:
        fields = fields.filter(pk=filters.action_field.pk)
    fields = list(fields)

    challenges = (
        Challenge.objects.filter(action_field__in=fields)
        .with_shared_rank()
        .order_by("action_field__number", "rank", "position", "pk")
    )
    ranked, unranked = {}, {}
    for challenge in challenges.only("action_field", "wording", "rank", "votes", "is_central"):
        if challenge.is_prioritised:
            ranked.setdefault(challenge.action_field_id, []).append(challenge)
        else:
            unranked[challenge.action_field_id] = unranked.get(challenge.action_field_id, 0) + 1

    by_field = {}
    by_pk = {action_field.pk: action_field for action_field in fields}
    for measure in report_measures(filters):
        prepare_measure(measure, by_pk)
        by_field.setdefault(measure.action_field_id, []).append(measure)

    sections = []
    for action_field in fields:
        measures = by_field.get(action_field.pk, [])
        counts = {}
        for measure in measures:
            counts[measure.status] = counts.get(measure.status, 0) + 1
        sections.append(
            FieldSection(
                action_field=action_field,
                # ranked ones by rank; central ones (no rank) after them
                challenges=sorted(
                    ranked.get(action_field.pk, []),
                    key=lambda c: (c.rank is None, c.rank or 0),
                ),
                unranked_count=unranked.get(action_field.pk, 0),
                measures=measures,
                counts=counts,
            )
        )
    return StatusReport(filters=filters, generated_at=now or timezone.now(), sections=sections)


# The chart: measures per status per action field, as horizontal stacked bars.

CHART_WIDTH = 520
BAR_LEFT = 4
BAR_RIGHT = 480  # the total is written to the right of the bar


def chart_layout(report):
    """The chart (gladbeck/charts/): one bar per action field, a segment per status."""
    return stacked_bar_chart(
        _("Maßnahmen je Status und Handlungsfeld"),
        _("Balkendiagramm: Anzahl der Maßnahmen je Status in jedem Handlungsfeld."),
        series=[(status.label, STATUS_COLOURS[status]) for status in Status],
        stacks=[(section.action_field.title, section.count_cells) for section in report.sections],
        width=CHART_WIDTH,
        bar_left=BAR_LEFT,
        bar_right=BAR_RIGHT,
    )


def chart_svg(report):
    """The chart as inline SVG. Screen readers get its title and a description; the same
    numbers stand in the summary table beside it."""
    return chart_layout(report).svg(id_prefix="sachstand-diagramm", css_class="status-chart")


# Rows for the table downloads (CSV and the sheets of the XLSX).

MEASURE_COLUMNS = [
    gettext_lazy("Handlungsfeld"),
    gettext_lazy("Maßnahme"),
    gettext_lazy("Status"),
    gettext_lazy("Fortschritt in %"),
    gettext_lazy("federführend"),
    gettext_lazy("weitere Handlungsfelder"),
    gettext_lazy("letzter Fortschritt am"),
    gettext_lazy("letzter Fortschritt"),
    gettext_lazy("nächster offener Schritt"),
    gettext_lazy("Veröffentlichung"),
    gettext_lazy("zuletzt geändert am"),
]


@functools.lru_cache(maxsize=16)
def _labels(language):
    """The names of the statuses and publication states in a language, looked up once:
    ``get_status_display()`` hashes lazy translations, per row a third of the XLSX's time."""
    return (
        {value: str(label) for value, label in Status.choices},
        {value: str(label) for value, label in Publication.choices},
    )


def measure_row(measure):
    """One measure as typed values: numbers as numbers, dates as dates."""
    statuses, publications = _labels(translation.get_language())
    return [
        measure.action_field.title,
        measure.title,
        statuses.get(measure.status, measure.status),
        measure.progress,
        "; ".join(measure.lead_names),
        "; ".join(f.title for f in measure.further_fields),
        measure.last_entry_date,
        measure.last_entry_text or "",
        measure.next_step_text or "",
        publications.get(measure.publication, measure.publication),
        timezone.localdate(measure.updated_at),
    ]


def summary_columns():
    return [_("Handlungsfeld"), *[str(status.label) for status in Status], _("gesamt")]


def summary_rows(report):
    rows = [
        [section.action_field.title, *section.count_cells, section.total]
        for section in report.sections
    ]
    rows.append([_("gesamt"), *report.status_totals, report.total])
    return rows


# Measures read per query (with their prefetched leads and further fields) for the CSV.
CSV_CHUNK_ROWS = 500


def csv_rows(filters):
    """The header and one row per measure, dates as YYYY-MM-DD, read in chunks of
    ``CSV_CHUNK_ROWS``: the same rows, in the same order, as the report's sections."""
    yield [str(column) for column in MEASURE_COLUMNS]
    action_fields = ActionField.objects.only("number", "title", "slug").in_bulk()
    for measure in report_measures(filters).iterator(chunk_size=CSV_CHUNK_ROWS):
        prepare_measure(measure, action_fields)
        yield [
            value.isoformat() if isinstance(value, datetime.date) else value
            for value in measure_row(measure)
        ]


def stream_csv(filters):
    """All measures of the report as one table, streamed in the portal's CSV convention
    (gladbeck/spreadsheets.py) but separated by semicolons: the steering group opens it by
    double click in German Excel, which splits only at semicolons."""
    return csv_lines(csv_rows(filters), delimiter=";")
