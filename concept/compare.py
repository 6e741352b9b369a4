"""What changed between two snapshots of the concept (concept/snapshot.py): per action
field the challenges and measures added, removed and changed, for a changed measure its
status and progress before and after and a word-level diff of its texts; the indicators whose
values differ; the concept's own texts. Plain data in, plain data out; empty when equal."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

MEASURE_TEXTS = [
    ("title", _("Titel")),
    ("summary", _("Kurzfassung")),
    ("goal", _("Ziel")),
    ("description", _("Beschreibung")),
]
MEASURE_LISTS = [
    ("target_groups", _("Zielgruppen")),
    ("districts", _("Stadtteile")),
    ("challenges", _("bearbeitete Herausforderungen")),
]
CHALLENGE_TEXTS = [("wording", _("Wortlaut")), ("goal", _("Ziel"))]
INDICATOR_VALUES = ["baseline", "baseline_year", "latest", "latest_date", "target", "target_year"]


def word_diff(before, after):
    """``after`` with the words removed since ``before`` in <del> and the new ones in <ins>."""
    old, new = TOKEN.findall(before or ""), TOKEN.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


@dataclass
class TextChange:
    label: str
    diff: str  # safe HTML


@dataclass
class ListChange:
    label: str
    added: list
    removed: list


@dataclass
class Changed:
    """One record present in both snapshots that differs."""

    before: dict
    after: dict
    texts: list = field(default_factory=list)
    lists: list = field(default_factory=list)
    moved_from: str = ""  # title of the action field it was in before, if it moved

    @property
    def status_changed(self):
        return self.before.get("status") != self.after.get("status")

    @property
    def progress_changed(self):
        return self.before.get("progress") != self.after.get("progress")


@dataclass
class FieldChanges:
    field: dict
    challenges_added: list = field(default_factory=list)
    challenges_removed: list = field(default_factory=list)
    challenges_changed: list = field(default_factory=list)
    measures_added: list = field(default_factory=list)
    measures_removed: list = field(default_factory=list)
    measures_changed: list = field(default_factory=list)

    def __bool__(self):
        return any(
            (
                self.challenges_added,
                self.challenges_removed,
                self.challenges_changed,
                self.measures_added,
                self.measures_removed,
                self.measures_changed,
            )
        )


@dataclass
class Comparison:
    fields: list  # FieldChanges with changes only
    indicators: list  # (before or None, after or None)
    texts: list  # (title, diff)

    @property
    def is_empty(self):
        return not (self.fields or self.indicators or self.texts)

    def counts(self):
        """How many records changed in which way, for the summary at the top."""

        def total(name):
            return sum(len(getattr(f, name)) for f in self.fields)

        return {
            "measures_added": total("measures_added"),
            "measures_removed": total("measures_removed"),
            "measures_changed": total("measures_changed"),
            "challenges_added": total("challenges_added"),
            "challenges_removed": total("challenges_removed"),
            "challenges_changed": total("challenges_changed"),
            "indicators": len(self.indicators),
            "texts": len(self.texts),
        }


def _texts(before, after, pairs):
    return [
        TextChange(str(label), word_diff(before.get(key, ""), after.get(key, "")))
        for key, label in pairs
        if (before.get(key) or "") != (after.get(key) or "")
    ]


def _steps(measure):
    return "\n".join(
        f"{'✓' if step['done'] else '–'} {step['text']}" for step in measure.get("steps", [])
    )


def _stakeholders(measure):
    return [
        f"{organisation['name']} ({group['role_label']})"
        for group in measure.get("stakeholders", [])
        for organisation in group["organisations"]
    ]


def _lists(before, after, challenge_words):
    found = []
    pairs = [*MEASURE_LISTS, ("stakeholders", _("Akteur*innen"))]
    for key, label in pairs:
        if key == "stakeholders":
            old, new = _stakeholders(before), _stakeholders(after)
        else:
            old, new = before.get(key, []), after.get(key, [])
        if key == "challenges":
            old = [challenge_words.get(slug, slug) for slug in old]
            new = [challenge_words.get(slug, slug) for slug in new]
        if old != new:
            found.append(
                ListChange(
                    str(label), [x for x in new if x not in old], [x for x in old if x not in new]
                )
            )
    return found


def _measure_change(before, after, challenge_words):
    change = Changed(before, after)
    change.texts = _texts(before, after, MEASURE_TEXTS)
    if _steps(before) != _steps(after):
        change.texts.append(
            TextChange(str(_("erste Schritte")), word_diff(_steps(before), _steps(after)))
        )
    change.lists = _lists(before, after, challenge_words)
    return change


def _measure_differs(before, after):
    keys = set(before) | set(after)
    return any(before.get(k) != after.get(k) for k in keys)


def compare(old, new):
    """The changes from snapshot ``old`` to snapshot ``new``."""
    old_fields = {f["slug"]: f for f in old["action_fields"]}
    new_fields = {f["slug"]: f for f in new["action_fields"]}
    old_measures = {m["slug"]: (f, m) for f in old["action_fields"] for m in f["measures"]}
    new_measures = {m["slug"]: (f, m) for f in new["action_fields"] for m in f["measures"]}
    challenge_words = {
        c["slug"]: c["wording"]
        for snap in (old, new)
        for f in snap["action_fields"]
        for c in f["challenges"]
    }
    order = list(new_fields) + [slug for slug in old_fields if slug not in new_fields]
    result = []
    for slug in order:
        after_field = new_fields.get(slug)
        before_field = old_fields.get(slug)
        changes = FieldChanges(after_field or before_field)
        before_challenges = {c["slug"]: c for c in (before_field or {}).get("challenges", [])}
        after_challenges = {c["slug"]: c for c in (after_field or {}).get("challenges", [])}
        for key, challenge in after_challenges.items():
            if key not in before_challenges:
                changes.challenges_added.append(challenge)
            elif challenge != before_challenges[key]:
                earlier = before_challenges[key]
                change = Changed(earlier, challenge, _texts(earlier, challenge, CHALLENGE_TEXTS))
                changes.challenges_changed.append(change)
        changes.challenges_removed = [
            c for key, c in before_challenges.items() if key not in after_challenges
        ]
        for measure in (after_field or {}).get("measures", []):
            if measure["slug"] not in old_measures:
                changes.measures_added.append(measure)
                continue
            earlier_field, earlier = old_measures[measure["slug"]]
            if _measure_differs(earlier, measure) or earlier_field["slug"] != slug:
                change = _measure_change(earlier, measure, challenge_words)
                if earlier_field["slug"] != slug:
                    change.moved_from = earlier_field["title"]
                changes.measures_changed.append(change)
        changes.measures_removed = [
            m for m in (before_field or {}).get("measures", []) if m["slug"] not in new_measures
        ]
        if changes:
            result.append(changes)
    return Comparison(result, _indicator_changes(old, new), _text_changes(old, new))


def _indicator_changes(old, new):
    before = {i["code"]: i for i in old["indicators"]}
    after = {i["code"]: i for i in new["indicators"]}
    rows = []
    for code in list(after) + [c for c in before if c not in after]:
        then, now = before.get(code), after.get(code)
        if then and now and all(then.get(k) == now.get(k) for k in INDICATOR_VALUES):
            continue
        rows.append((then, now))
    return rows


def _text_changes(old, new):
    rows = []
    for key in list(new["texts"]) + [k for k in old["texts"] if k not in new["texts"]]:
        then, now = old["texts"].get(key), new["texts"].get(key)
        if then != now:
            title = (now or then)["title"]
            rows.append(
                (title, word_diff((then or {}).get("body", ""), (now or {}).get("body", "")))
            )
    return rows
