"""Refusing a save that would silently overwrite someone else's change ("lost update").

The change form carries the history id of the version it was opened on. If the record has a
newer version when the form comes back, the save is refused with a German message naming who
changed what in between; the form keeps the user's input, and a second save overwrites
knowingly (the form then carries the newest version).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import truncatechars
from django.utils import formats, timezone
from django.utils.translation import gettext as _

FIELD = "edit_version"


def latest_version(obj):
    """The history id of the newest version of ``obj`` (None without history)."""
    if obj is None or obj.pk is None or not hasattr(obj, "history"):
        return None
    return (
        obj.history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def _shown(field, value):
    if value is None or value == "":
        return "–"
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return f"„{truncatechars(str(value), 80)}“"


def describe_changes(opened, newest, visible):
    """German lines for what changed between two history records, limited to ``visible``."""
    model = newest.instance._meta.model
    hidden = {f.name for f in newest.tracked_fields} - set(visible)
    delta = newest.diff_against(opened, excluded_fields=hidden, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        label = str(field.verbose_name)
        if field.many_to_many:
            lines.append(_("%(field)s geändert") % {"field": label})
        else:
            lines.append(f"{label}: {_shown(field, change.old)} → {_shown(field, change.new)}")
    return lines


def conflict_message(obj, opened_id, visible):
    history = obj.history.all()
    newest = history.order_by("-history_date", "-history_id").first()
    opened = history.filter(history_id=opened_id).first() if opened_id.isdigit() else None
    who = newest.history_user.get_username() if newest.history_user else _("jemand")
    when = formats.date_format(timezone.localtime(newest.history_date), "DATETIME_FORMAT")
    message = _(
        "Dieser Eintrag wurde geändert, während Sie ihn bearbeitet haben (zuletzt von %(who)s "
        "am %(when)s). Ihre Änderungen wurden nicht gespeichert."
    ) % {"who": who, "when": when}
    lines = describe_changes(opened, newest, visible) if opened else []
    if lines:
        message += " " + _("Inzwischen geändert: %(changes)s.") % {"changes": "; ".join(lines)}
    return (
        message
        + " "
        + _(
            "Prüfen Sie Ihre Eingaben; wenn Sie jetzt noch einmal speichern, überschreiben Sie "
            "diese Änderungen."
        )
    )


def guard(form_class, visible_fields):
    """``form_class`` with the opened version carried along and checked on save.
    ``visible_fields`` returns the fields the user may see (asked only on a conflict)."""

    class EditConflictForm(form_class):
        edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # "0": opened on a record without history; any version since is a change.
            self.fields[FIELD].initial = latest_version(self.instance) or 0

        def clean(self):
            cleaned = super().clean()
            opened = (self.cleaned_data.get(FIELD) or "").strip()
            newest = latest_version(self.instance)
            if opened and newest is not None and opened != str(newest):
                # The next save is a deliberate one: carry the newest version from now on.
                self.data = self.data.copy()
                self.data[self.add_prefix(FIELD)] = str(newest)
                message = conflict_message(self.instance, opened, visible_fields())
                raise ValidationError(message, code="edit_conflict")
            return cleaned

    return EditConflictForm
