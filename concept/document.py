"""What the document template needs from a snapshot (concept/snapshot.py): the action fields
in the order of each part of the seed, the challenges split into prioritised and further ones,
the charts, the indicators by action field and the table of contents with stable anchors.
Works on the plain data only, so a frozen edition renders exactly as it was frozen."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from gladbeck.charts import bar_chart, line_chart
from measures.models import ACTIVITY_ORDER, Status
from measures.ranking import equally_weighted, shared_ranks


@dataclass
class TocEntry:
    anchor: str
    number: str
    title: str
    children: list = field(default_factory=list)


def _section_key(number):
    return tuple(int(part) for part in number.split(".") if part.isdigit()) or (99,)


def _decimal(text):
    return None if text in (None, "") else Decimal(text)


def status_chart(action_field, measures):
    counts = {}
    for measure in measures:
        counts[measure["status"]] = counts.get(measure["status"], 0) + 1
    bars = [
        (str(Status(status).label), Decimal(counts[status]))
        for status in ACTIVITY_ORDER
        if status in counts
    ]
    if not bars:
        return None
    chart = bar_chart(
        _("Maßnahmen nach Stand"), bars, unit=_("Maßnahmen"), subtitle=action_field["title"]
    )
    return chart.svg(id_prefix=f"stand-{action_field['slug']}", css_class="chart document-chart")


def indicator_chart(indicator):
    points = [(date.fromisoformat(day), Decimal(value)) for day, value in indicator["series"]]
    if len(points) < 2:
        return None
    chart = line_chart(indicator["title"], points, unit=indicator["unit"])
    return chart.svg(id_prefix=f"verlauf-{indicator['code']}", css_class="chart document-chart")


def prepare_field(action_field):
    """The field's challenges split and ranked, its measures with their status chart."""
    challenges = action_field["challenges"]
    further = [c for c in challenges if c["rank"] is None and not c["is_central"]]
    prioritised = [c for c in challenges if c["rank"] is not None or c["is_central"]]
    prioritised.sort(key=lambda c: (c["rank"] is None, c["rank"] or 0))
    # Ties are ties (§4.1, §4.4): a rank two challenges hold is marked, not ordered.
    shared = shared_ranks(("field", c["rank"]) for c in prioritised)
    prioritised = [{**c, "shares_rank": ("field", c["rank"]) in shared} for c in prioritised]
    wording = {c["slug"]: c["wording"] for c in challenges}
    # Copies: the snapshot itself stays as it was stored.
    measures = [
        {
            **measure,
            "challenge_texts": [
                (slug, wording[slug]) for slug in measure["challenges"] if slug in wording
            ],
        }
        for measure in action_field["measures"]
    ]
    return {
        **action_field,
        "measures": measures,
        "prioritised": prioritised,
        "further": further,
        "equally_weighted": equally_weighted(c["rank"] for c in prioritised),
        "max_votes": max((c["votes"] or 0 for c in prioritised), default=0),
        "status_chart": status_chart(action_field, measures),
    }


def prepare_indicator(indicator, field_titles):
    return {
        **indicator,
        "field_title": field_titles.get(indicator["field"], ""),
        "baseline_number": _decimal(indicator["baseline"]),
        "latest_number": _decimal(indicator["latest"]),
        "target_number": _decimal(indicator["target"]),
        "latest_day": date.fromisoformat(indicator["latest_date"])
        if indicator["latest_date"]
        else None,
        "chart": indicator_chart(indicator),
    }


def document(snapshot):
    """The template context of the document built from ``snapshot``."""
    texts = snapshot["texts"]
    fields = [prepare_field(f) for f in snapshot["action_fields"]]
    analysis = sorted(fields, key=lambda f: (_section_key(f["analysis_section"]), f["number"]))
    results = sorted(fields, key=lambda f: (_section_key(f["results_section"]), f["number"]))
    titles = {f["slug"]: f["title"] for f in fields}
    indicators = [prepare_indicator(i, titles) for i in snapshot["indicators"]]
    city = [i for i in indicators if i["scope"] != "programm"]
    indicator_groups = [(None, [i for i in city if i["field"] is None])]
    indicator_groups += [(f, [i for i in city if i["field"] == f["slug"]]) for f in analysis]
    indicator_groups = [(f, rows) for f, rows in indicator_groups if rows]
    programme = [i for i in indicators if i["scope"] == "programm"]

    toc = []
    if "vorwort" in texts:
        toc.append(TocEntry("vorwort", "", texts["vorwort"]["title"]))
    if "prozess" in texts:
        toc.append(TocEntry("prozess", "1", _("Einführung – der Prozess im Überblick")))
    toc.append(
        TocEntry(
            "analyse",
            "2",
            _("Analyse der Handlungsfelder"),
            [TocEntry(f"analyse-{f['slug']}", f["analysis_section"], f["title"]) for f in analysis],
        )
    )
    toc.append(
        TocEntry(
            "leitbild",
            "3",
            _("Leitbild „Wir in Gladbeck“"),
            [TocEntry("leichte-sprache", "", _("Kurzfassung in Leichter Sprache"))]
            if "leitbild-leichte-sprache" in texts
            else [],
        )
    )
    toc.append(
        TocEntry(
            "ergebnisse",
            "4",
            _("Ergebnisse: Herausforderungen und Maßnahmen"),
            [
                TocEntry(f"ergebnisse-{f['slug']}", f["results_section"], f["title"])
                for f in results
            ],
        )
    )
    toc.append(TocEntry("monitoring", "5", _("Monitoring")))
    if "fazit" in texts:
        toc.append(TocEntry("fazit", "6", texts["fazit"]["title"]))
    return {
        # Keys as template variables: "leitbild-leichte-sprache" → "leitbild_leichte_sprache".
        "texts": {key.replace("-", "_"): text for key, text in texts.items()},
        "analysis_fields": analysis,
        "result_fields": results,
        "indicator_groups": indicator_groups,
        "programme_indicators": programme,
        "toc": toc,
        "measure_count": sum(len(f["measures"]) for f in fields),
    }
