"""The quality figures of qualification programmes (§4.4), computed from the counts providers
report, and their protection: outside the provider's own view, every figure that rests on
fewer than 5 people is shown as "< 5".

Which people a figure rests on:
- Eintritte (entrants) and Austritte (leavers: completions and drop-outs): those people;
- placement rate, drop-out rate and mean length of stay: the leavers;
- mean competence gain in an area: the people measured before and after in that area.

A total over several programmes shown next to the programmes themselves is also withheld
when the programmes withheld below would be recoverable from it: when the people of the
withheld programmes, total minus shown, are between 1 and 4.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gladbeck.charts import Bar, bar_chart, format_number
from gladbeck.spreadsheets import csv_bytes
from monitoring.models import COMPETENCE_AREAS

THRESHOLD = 5
SUPPRESSED = "< 5"


@dataclass(frozen=True)
class Figure:
    value: Decimal | int | None  # None: nothing to compute (no one to base it on)
    base: int  # the number of people the figure rests on
    kind: str  # "count", "percent", "days" or "points"
    withheld: bool = False  # withheld so that a withheld programme cannot be recovered

    @property
    def suppressed(self):
        return self.withheld or self.base < THRESHOLD

    def _formatted(self, german=True):
        if self.value is None:
            return "–" if german else ""
        if self.kind == "count":
            return format_number(self.value, 0) if german else str(self.value)
        if not german:
            return str(self.value)
        text = format_number(self.value, 2 if self.kind == "points" else 1)
        if self.kind == "percent":
            return f"{text} %"
        if self.kind == "days":
            return _("%(days)s Tage") % {"days": text}
        return f"+{text}" if self.value > 0 else text

    def _protected(self):
        return _("geschützt") if self.withheld else SUPPRESSED

    def text(self, protect=True):
        """For pages: German notation with unit, or "< 5" when protected."""
        return self._protected() if protect and self.suppressed else self._formatted()

    def csv(self, protect=True):
        """For downloads: plain numbers (dot as decimal point), or "< 5" when protected."""
        return self._protected() if protect and self.suppressed else self._formatted(german=False)


def _ratio(numerator, denominator, factor=1, places="0.1"):
    if not denominator:
        return None
    return (Decimal(numerator) * factor / denominator).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


# The figures in display order: (key, heading).
FIGURE_COLUMNS = [
    ("entrants", gettext_lazy("Eintritte")),
    ("leavers", gettext_lazy("Austritte")),
    ("placement_rate", gettext_lazy("Vermittlungsquote (Arbeit oder Ausbildung)")),
    ("dropout_rate", gettext_lazy("Abbruchquote")),
    ("mean_stay", gettext_lazy("mittlere Verweildauer")),
]
GAIN_COLUMNS = [(f"gain_{area}", label) for area, label in COMPETENCE_AREAS]


@dataclass
class Figures:
    """The figures of one report or of several reports together."""

    programmes: int
    entrants: Figure
    leavers: Figure
    placement_rate: Figure
    dropout_rate: Figure
    mean_stay: Figure
    gains: dict  # area → Figure

    @classmethod
    def of(cls, reports):
        reports = list(reports)
        entrants = sum(r.entrants for r in reports)
        leavers = sum(r.leavers for r in reports)
        gains = {}
        for area, _label in COMPETENCE_AREAS:
            measured = [
                r
                for r in reports
                if r.assessed
                and getattr(r, f"{area}_pre") is not None
                and getattr(r, f"{area}_post") is not None
            ]
            people = sum(r.assessed for r in measured)
            weighted = sum(
                r.assessed * (getattr(r, f"{area}_post") - getattr(r, f"{area}_pre"))
                for r in measured
            )
            gains[area] = Figure(_ratio(weighted, people, places="0.01"), people, "points")
        return cls(
            programmes=len({r.offer_id for r in reports}),
            entrants=Figure(entrants, entrants, "count"),
            leavers=Figure(leavers, leavers, "count"),
            placement_rate=Figure(
                _ratio(sum(r.placements for r in reports), leavers, 100), leavers, "percent"
            ),
            dropout_rate=Figure(
                _ratio(sum(r.dropouts for r in reports), leavers, 100), leavers, "percent"
            ),
            mean_stay=Figure(_ratio(sum(r.total_days for r in reports), leavers), leavers, "days"),
            gains=gains,
        )

    def get(self, key):
        if key.startswith("gain_"):
            return self.gains[key.removeprefix("gain_")]
        return getattr(self, key)

    def columns(self):
        """(heading, Figure) in display order, competence gains last."""
        return [(label, self.get(key)) for key, label in FIGURE_COLUMNS + GAIN_COLUMNS]

    def participation(self):
        return [(label, self.get(key)) for key, label in FIGURE_COLUMNS]

    def competence(self):
        return [(label, self.get(key)) for key, label in GAIN_COLUMNS]

    def protected_against(self, parts):
        """This total, with every figure withheld whose withheld parts could be recovered
        from it: when the people behind the parts' protected figures number 1 to 4."""
        total = self
        for key, _label in FIGURE_COLUMNS + GAIN_COLUMNS:
            figure = self.get(key)
            shown = sum(p.get(key).base for p in parts if not p.get(key).suppressed)
            if 0 < figure.base - shown < THRESHOLD:
                total = total._with(key, replace(figure, withheld=True))
        return total

    def _with(self, key, figure):
        if key.startswith("gain_"):
            return replace(self, gains={**self.gains, key.removeprefix("gain_"): figure})
        return replace(self, **{key: figure})


@dataclass
class ReportRow:
    report: object  # monitoring.models.ProgrammeReport
    figures: Figures


@dataclass
class Table:
    """Programme rows and their protected total, as the steering group sees them."""

    rows: list
    total: Figures

    @property
    def has_feedback(self):
        return any(row.report.feedback_summary for row in self.rows)

    @classmethod
    def of(cls, reports):
        rows = [ReportRow(r, Figures.of([r])) for r in reports]
        total = Figures.of(reports).protected_against([row.figures for row in rows])
        return cls(rows, total)

    def csv(self):
        headings = [str(label) for _key, label in FIGURE_COLUMNS + GAIN_COLUMNS]
        rows = [[_("Organisation"), _("Programm"), _("Zeitraum von"), _("Zeitraum bis"), *headings]]
        for row in self.rows:
            report = row.report
            rows.append(
                [
                    report.offer.provider.name if report.offer.provider_id else "",
                    report.offer.title,
                    report.period_start.isoformat(),
                    report.period_end.isoformat(),
                    *(figure.csv() for _label, figure in row.figures.columns()),
                ]
            )
        rows.append(
            [_("Alle Programme"), "", "", "", *(f.csv() for _label, f in self.total.columns())]
        )
        return csv_bytes(rows)


@dataclass
class YearRow:
    year: int
    figures: Figures


def yearly(reports):
    """One row of totals per year in which periods end, newest first: the public aggregate.
    Every row stands alone, so only the threshold applies."""
    by_year = {}
    for report in reports:
        by_year.setdefault(report.period_end.year, []).append(report)
    return [YearRow(year, Figures.of(by_year[year])) for year in sorted(by_year, reverse=True)]


def by_figure(rows, columns):
    """The yearly rows turned round for narrow screens: (heading, [Figure per year])."""
    return [(label, [row.figures.get(key) for row in rows]) for key, label in columns]


def yearly_csv(rows):
    headings = [str(label) for _key, label in FIGURE_COLUMNS + GAIN_COLUMNS]
    table = [[_("Jahr"), _("Programme"), *headings]]
    for row in rows:
        table.append(
            [row.year, row.figures.programmes, *(f.csv() for _label, f in row.figures.columns())]
        )
    return csv_bytes(table)


def competence_chart(title, figures):
    """Mean competence gain per area; a protected figure gets no bar, only "< 5"."""
    bars = [
        Bar(
            str(label),
            None if figure.suppressed or figure.value is None else figure.value,
            figure.text(),
        )
        for label, figure in figures.competence()
    ]
    return bar_chart(title, bars, subtitle=_("Punkte auf der Skala 1 bis 5, nachher minus vorher"))
