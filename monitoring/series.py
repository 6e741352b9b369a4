"""What one indicator page shows: the values of one view of an indicator's observations
(the city-wide time series, the ten districts on one reference date, or one breakdown such
as origin region on one date), as chart, table and CSV, all from the same rows."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gladbeck.charts import Bar, bar_chart, line_chart
from gladbeck.spreadsheets import csv_bytes
from monitoring.models import Breakdown

TIME_SERIES = "zeitreihe"
DISTRICTS = "stadtteile"


def district_order(observation):
    """Districts are compared by value, the largest first (ties in the city's order), in
    every chart and table of values by district."""
    district = observation.district
    return (-observation.value, district.position, district.name)


# Columns of the CSV download (UTF-8, one row per value, dates as JJJJ-MM-TT, numbers with a
# decimal point). The staff import (monitoring/resources.py) reads these headers as well, so
# a download can be corrected and imported again.
CSV_COLUMNS = [
    "indikator",
    "stichtag",
    "stadtteil",
    "aufschluesselung",
    "auspraegung",
    "wert",
    "einheit",
    "anmerkung",
]


@dataclass(frozen=True)
class View:
    key: str
    label: str
    dates: tuple  # reference dates the view has values for, oldest first


@dataclass(frozen=True)
class Row:
    label: str
    observation: object  # monitoring.models.Observation

    @property
    def value(self):
        return self.observation.value


def _breakdown_label(key):
    return str(Breakdown(key).label)


def available_views(observations):
    """The views the observations allow, in a fixed order: time series (city-wide values
    without breakdown), districts, then each breakdown present (city-wide)."""
    dates = {}
    for obs in observations:
        if obs.district_id is None and not obs.breakdown:
            key = TIME_SERIES
        elif obs.district_id is not None and not obs.breakdown:
            key = DISTRICTS
        elif obs.district_id is None:
            key = obs.breakdown
        else:
            continue  # breakdowns within a district: not shown on the public page yet
        dates.setdefault(key, set()).add(obs.reference_date)
    labels = {
        TIME_SERIES: _("Zeitverlauf (Gesamtstadt)"),
        DISTRICTS: _("nach Stadtteil"),
        **{
            key: _("nach %(breakdown)s") % {"breakdown": label}
            for key, label in Breakdown.choices
            if key
        },
    }
    order = [TIME_SERIES, DISTRICTS, *(key for key, _label in Breakdown.choices if key)]
    return [View(key, labels[key], tuple(sorted(dates[key]))) for key in order if key in dates]


def default_view(views):
    """A time series once there are two dates; otherwise the districts, then a breakdown."""
    by_key = {view.key: view for view in views}
    if TIME_SERIES in by_key and len(by_key[TIME_SERIES].dates) > 1:
        return by_key[TIME_SERIES]
    for view in views:
        if view.key != TIME_SERIES:
            return view
    return views[0] if views else None


def parse_date(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@dataclass
class Series:
    indicator: object
    view: View
    reference_date: date | None  # None for the time series
    rows: list
    views: tuple = ()  # every view the indicator's observations allow, for navigation

    @classmethod
    def select(cls, indicator, observations, view_key=None, date_text=None):
        """The series for the requested view and date; unknown or missing values fall back
        to the default view and its latest date. None if there are no observations."""
        views = available_views(observations)
        if not views:
            return None
        view = next((v for v in views if v.key == view_key), None) or default_view(views)
        reference_date = None
        if view.key != TIME_SERIES:
            wanted = parse_date(date_text)
            reference_date = wanted if wanted in view.dates else view.dates[-1]
        rows = cls._rows(view, reference_date, observations)
        return cls(indicator, view, reference_date, rows, tuple(views))

    @staticmethod
    def _rows(view, reference_date, observations):
        if view.key == TIME_SERIES:
            chosen = [o for o in observations if o.district_id is None and not o.breakdown]
            chosen.sort(key=lambda o: o.reference_date)
            return [Row(f"{o.reference_date:%d.%m.%Y}", o) for o in chosen]
        if view.key == DISTRICTS:
            chosen = [
                o
                for o in observations
                if o.district_id is not None
                and not o.breakdown
                and o.reference_date == reference_date
            ]
            chosen.sort(key=district_order)
            return [Row(o.district.name, o) for o in chosen]
        chosen = [
            o
            for o in observations
            if o.district_id is None
            and o.breakdown == view.key
            and o.reference_date == reference_date
        ]
        chosen.sort(key=lambda o: o.pk or 0)
        return [Row(o.breakdown_value, o) for o in chosen]

    def links(self):
        """(label, query string, is current) for every view; for the current view also its
        reference dates, so that each view and date is a link that can be shared."""
        links = []
        for view in self.views:
            current = view.key == self.view.key
            dates = []
            if current and view.key != TIME_SERIES and len(view.dates) > 1:
                dates = [
                    (
                        f"{day:%d.%m.%Y}",
                        urlencode({"ansicht": view.key, "stichtag": day.isoformat()}),
                        day == self.reference_date,
                    )
                    for day in view.dates
                ]
            links.append((view.label, urlencode({"ansicht": view.key}), current, dates))
        return links

    def query(self, **extra):
        """The query string of this series (view and date), plus ``extra``."""
        params = {"ansicht": self.view.key}
        if self.reference_date:
            params["stichtag"] = self.reference_date.isoformat()
        return urlencode(params | extra)

    @property
    def is_time_series(self):
        return self.view.key == TIME_SERIES

    @property
    def label_heading(self):
        if self.is_time_series:
            return _("Stichtag")
        if self.view.key == DISTRICTS:
            return _("Stadtteil")
        return _breakdown_label(self.view.key)

    @property
    def title(self):
        # In the page's language (the German title where there is no translation).
        title = self.indicator.title_i18n
        if self.view.label.casefold() not in title.casefold():
            title += f" – {self.view.label}"
        if self.reference_date:
            title += f", {formats.date_format(self.reference_date, 'SHORT_DATE_FORMAT')}"
        return title

    @property
    def value_heading(self):
        unit = self.indicator.unit_i18n
        return _("Wert (%(unit)s)") % {"unit": unit} if unit else _("Wert")

    @property
    def notes(self):
        """(label, note) for the rows that have a note."""
        return [(row.label, row.observation.note) for row in self.rows if row.observation.note]

    @property
    def slug(self):
        """A name for files and element ids: code, view and date."""
        parts = [self.indicator.code, self.view.key]
        if self.reference_date:
            parts.append(self.reference_date.isoformat())
        return "-".join(parts)

    def chart(self, highlight=None):
        unit = self.indicator.unit_i18n
        subtitle = _("Einheit: %(unit)s") % {"unit": unit} if unit else ""
        if self.is_time_series and len(self.rows) > 1:
            points = [(row.observation.reference_date, row.value) for row in self.rows]
            return line_chart(self.title, points, unit=unit, subtitle=subtitle)
        bars = [Bar(row.label, row.value) for row in self.rows]
        return bar_chart(self.title, bars, unit=unit, subtitle=subtitle, highlight=highlight)

    def csv(self):
        """Exactly the rows of the table, with machine-readable dates and numbers, as the bytes
        of a CSV file (gladbeck/spreadsheets.py)."""
        rows = [CSV_COLUMNS]
        for row in self.rows:
            obs = row.observation
            rows.append(
                [
                    self.indicator.code,
                    obs.reference_date.isoformat(),
                    obs.district.name if obs.district_id else "",
                    _breakdown_label(obs.breakdown) if obs.breakdown else "",
                    obs.breakdown_value,
                    plain_number(obs.value),
                    self.indicator.unit,
                    obs.note,
                ]
            )
        return csv_bytes(rows)


def plain_number(value):
    """A decimal without grouping and without trailing zeros: 3159.00 → "3159", 15.60 →
    "15.6"."""
    value = Decimal(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
