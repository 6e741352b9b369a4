"""A district's indicator values, for the district page (/stadtteile/<slug>/).

    from monitoring.districts import district_values, latest_dates
    pairs = latest_dates(district)                                  # one query
    context["indicator_values"] = district_values(district, pairs[:20])  # two more

and in the template

    {% include "monitoring/includes/district_values.html" with values=indicator_values %}

(the include uses ``district`` from the page's context and needs the stylesheet
monitoring/css/monitoring.css in the page's head block)

which shows, per indicator, the district's latest value, its share of the city-wide value,
its rank among the districts, and a bar chart of all districts on that date with this one
highlighted (plus the same numbers as a table).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from monitoring.models import Observation
from monitoring.series import DISTRICTS, Row, Series, View, district_order


@dataclass
class DistrictValue:
    district: object
    series: Series  # all districts on the reference date, for chart and table
    citywide: Decimal | None  # the city-wide value without breakdown on the same date

    @property
    def indicator(self):
        return self.series.indicator

    @property
    def reference_date(self):
        return self.series.reference_date

    @property
    def observation(self):
        return next(
            r.observation for r in self.series.rows if r.observation.district_id == self.district.pk
        )

    @property
    def value(self):
        return self.observation.value

    @property
    def share(self):
        """Per cent of the city-wide value; None for rates, which do not add up."""
        if not self.citywide or self.indicator.unit.strip() == "%":
            return None
        return (self.value / self.citywide * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def rank(self):
        """1 for the district with the highest value on the date."""
        return 1 + sum(1 for r in self.series.rows if r.value > self.value)

    @property
    def district_count(self):
        return len(self.series.rows)

    @property
    def url(self):
        query = urlencode({"ansicht": DISTRICTS, "stichtag": self.reference_date.isoformat()})
        return f"{self.indicator.get_absolute_url()}?{query}"

    def chart(self):
        return self.series.chart(highlight=self.district.name)

    def svg(self):
        """The chart as inline SVG, with ids unique on a page that shows several."""
        return self.chart().svg(f"diagramm-{self.indicator.code}-{self.district.slug}")


def latest_dates(district):
    """Per indicator with a value for ``district`` (without breakdown), the date of its
    latest value, as (indicator id, date) pairs ordered like the monitoring overview. One
    query; the page shows a page of these (``district_values``)."""
    rows = (
        Observation.objects.filter(district=district, breakdown="")
        .values("indicator", "indicator__position", "indicator__code")
        .annotate(latest=Max("reference_date"))
        .order_by("indicator__position", "indicator__code")
    )
    return [(row["indicator"], row["latest"]) for row in rows]


def district_values(district, latest=None):
    """For the (indicator id, date) pairs of ``latest_dates`` (all of them when not given):
    the district's value and the comparison with all districts on that date. Two queries
    for the given pairs, whatever the number of observations."""
    if latest is None:
        latest = latest_dates(district)
    latest = dict(latest)
    if not latest:
        return []
    observations = [
        obs
        for obs in Observation.objects.filter(
            district__isnull=False,
            breakdown="",
            indicator__in=list(latest),
            reference_date__in=set(latest.values()),
        )
        .select_related("indicator", "district")
        .order_by("indicator__position", "indicator__code", "reference_date")
        if latest[obs.indicator_id] == obs.reference_date
    ]
    by_indicator = {}
    for obs in observations:
        by_indicator.setdefault(obs.indicator_id, []).append(obs)
    chosen = []
    for indicator_id, reference_date in latest.items():
        rows = sorted(by_indicator[indicator_id], key=district_order)
        chosen.append((rows[0].indicator, reference_date, rows))
    citywide = dict(
        ((indicator_id, reference_date), value)
        for indicator_id, reference_date, value in Observation.objects.filter(
            indicator__in=list(latest),
            reference_date__in=set(latest.values()),
            district__isnull=True,
            breakdown="",
        ).values_list("indicator_id", "reference_date", "value")
    )
    values = []
    for indicator, reference_date, rows in chosen:
        view = View(DISTRICTS, _("nach Stadtteil"), (reference_date,))
        series = Series(indicator, view, reference_date, [Row(o.district.name, o) for o in rows])
        values.append(DistrictValue(district, series, citywide.get((indicator.pk, reference_date))))
    return values
