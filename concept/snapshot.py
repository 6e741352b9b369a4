"""Everything the concept document shows, as plain JSON data: built from the published
content for the current document, and stored unchanged in an edition. The document template
renders only this data, so the current concept and a frozen edition are one template.

Shape (every value a string, number, bool, None, list or dict):

    {"format": 1,
     "texts": {key: {"title", "body"}},          # foreword, process, mission, conclusion …
     "action_fields": [{"number", "slug", "title", "sections", "short_description",
                        "background", "analysis_section", "results_section",
                        "sub_areas": [{"title", "description"}],
                        "challenges": [{"slug", "wording", "goal", "rank", "votes",
                                        "is_central", "sub_area", "section"}],
                        "measures": [{"slug", "title", "summary", "description", "goal",
                                      "status", "status_label", "progress", "level",
                                      "level_label", "citywide", "districts", "target_groups",
                                      "further_fields", "challenges", "section",
                                      "steps": [{"text", "done"}],
                                      "stakeholders": [{"role", "role_label", "roles": …}]}]}],
     "indicators": [{"code", "title", "field", "scope", "unit", "kind", "baseline",
                     "baseline_year", "latest", "latest_date", "target", "target_year",
                     "series": [[date, value], …]}]}

Numbers from the database (decimals) are kept as strings so that nothing is rounded.
"""

import hashlib
import json
import re

from django.db.models import F, Prefetch

from gladbeck.models import ConceptText
from measures.models import ActionField, Challenge, Level, Measure, Role, Stakeholder, Status
from monitoring.models import Indicator, Observation

FORMAT = 1

# The texts the document prints, in the seed's order; the legal texts are not part of it.
DOCUMENT_TEXTS = [
    ConceptText.Key.FOREWORD,
    ConceptText.Key.PROCESS,
    ConceptText.Key.MISSION_ORIGIN,
    ConceptText.Key.MISSION,
    ConceptText.Key.MISSION_EASY,
    ConceptText.Key.CONCLUSION,
]

SECTION = re.compile(r"§\s*(\d+(?:\.\d+)*)")


def _number(value):
    """A decimal as a plain string without trailing zeros ("15.60" → "15.6"), or None."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _sections(field):
    """The field's analysis (§2.x) and results (§4.x) section numbers from "§2.5, §4.2"."""
    found = SECTION.findall(field.concept_sections)
    analysis = next((s for s in found if s.startswith("2.")), "")
    results = next((s for s in found if s.startswith("4.")), "")
    return analysis, results


def _challenge(challenge):
    return {
        "slug": challenge.slug,
        "wording": challenge.wording,
        "goal": challenge.goal,
        "rank": challenge.rank,
        "votes": challenge.votes,
        "is_central": challenge.is_central,
        "sub_area": challenge.sub_area.title if challenge.sub_area else "",
        "section": challenge.concept_section,
    }


def _measure(measure):
    roles = {}
    for stakeholder in measure.stakeholders.all():
        roles.setdefault(stakeholder.role, []).append(
            {"name": stakeholder.organisation.name, "slug": stakeholder.organisation.slug}
        )
    return {
        "slug": measure.slug,
        "title": measure.title,
        "summary": measure.summary,
        "description": measure.description,
        "goal": measure.goal,
        "status": measure.status,
        "status_label": str(Status(measure.status).label),
        "progress": measure.progress,
        "level": measure.level,
        "level_label": str(Level(measure.level).label),
        "citywide": measure.citywide,
        "districts": [d.name for d in measure.districts.all()],
        "target_groups": [g.name for g in measure.target_groups.all()],
        "further_fields": [
            f.slug for f in measure.further_action_fields.all() if f.pk != measure.action_field_id
        ],
        "challenges": [c.slug for c in measure.challenges.all()],
        "section": measure.concept_section,
        "steps": [{"text": s.text, "done": s.done} for s in measure.steps.all()],
        "stakeholders": [
            {"role": value, "role_label": str(label), "organisations": roles[value]}
            for value, label in Role.choices
            if value in roles
        ],
    }


def _indicator(indicator, series):
    return {
        "code": indicator.code,
        "title": indicator.title,
        "field": indicator.action_field.slug if indicator.action_field else None,
        "scope": indicator.scope,
        "kind": indicator.kind,
        "unit": indicator.unit,
        "baseline": _number(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "latest": _number(indicator.latest_value),
        "latest_date": indicator.latest_date.isoformat() if indicator.latest_date else None,
        "target": _number(indicator.target_value),
        "target_year": indicator.target_year,
        "series": series.get(indicator.pk, []),
    }


def build():
    """The snapshot of the published concept as it stands. Thirteen queries, whatever the
    number of action fields, challenges, measures and indicators."""
    texts = {
        text.key: {"title": text.title, "body": text.body}
        for text in ConceptText.objects.filter(key__in=DOCUMENT_TEXTS)
    }
    measures = (
        Measure.objects.published()
        .select_related("action_field")
        .prefetch_related(
            "districts",
            "target_groups",
            "further_action_fields",
            "challenges",
            "steps",
            Prefetch(
                "stakeholders",
                queryset=Stakeholder.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
        )
        .order_by("action_field__number", "title", "pk")
    )
    by_field = {}
    for measure in measures:
        by_field.setdefault(measure.action_field_id, []).append(_measure(measure))
    challenges = {}
    # Ranked first on every database (SQLite sorts NULL first, PostgreSQL last).
    for challenge in Challenge.objects.select_related("sub_area").order_by(
        "action_field__number", F("rank").asc(nulls_last=True), "position", "pk"
    ):
        challenges.setdefault(challenge.action_field_id, []).append(_challenge(challenge))
    fields = []
    for field in ActionField.objects.prefetch_related("sub_areas"):
        analysis, results = _sections(field)
        fields.append(
            {
                "number": field.number,
                "slug": field.slug,
                "title": field.title,
                "sections": field.concept_sections,
                "analysis_section": analysis,
                "results_section": results,
                "short_description": field.short_description,
                "background": field.background,
                "sub_areas": [
                    {"title": s.title, "description": s.description} for s in field.sub_areas.all()
                ],
                "challenges": challenges.get(field.pk, []),
                "measures": by_field.get(field.pk, []),
            }
        )
    series = {}
    for indicator_id, day, value in (
        Observation.objects.filter(district__isnull=True, breakdown="")
        .order_by("indicator_id", "reference_date")
        .values_list("indicator_id", "reference_date", "value")
    ):
        series.setdefault(indicator_id, []).append([day.isoformat(), _number(value)])
    indicators = [
        _indicator(indicator, series)
        for indicator in Indicator.objects.with_latest().select_related("action_field")
    ]
    return {"format": FORMAT, "texts": texts, "action_fields": fields, "indicators": indicators}


def fingerprint(snapshot):
    """A digest of the content: equal snapshots, equal digests."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
