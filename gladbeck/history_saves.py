"""One save, one entry in the history.

Saving a record in the admin writes its history record, and then one more for every
many-to-many field the form sets; the inline rows (first steps, stakeholders, progress
entries) are recorded in their own histories. People read that as several changes. After a
save, the records it wrote are merged into the newest one (which holds the whole new state,
many-to-many fields included), and what changed in the inlines becomes its reason, in the
admin's own German words ("Erster Schritt „Einladen“ hinzugefügt.").
"""

import json

from django.contrib.admin.models import LogEntry


def inline_changes(message):
    """The admin's change message (construct_change_message) reduced to the inline rows, as
    German text; "" when no inline row changed."""
    parts = [
        part
        for part in message or []
        if any("object" in details for details in part.values() if isinstance(details, dict))
    ]
    return LogEntry(change_message=json.dumps(parts)).get_change_message() if parts else ""


def merge_save(obj, since, reason=""):
    """Merge the history records of ``obj`` written since ``since`` into the newest."""
    history = obj.history.filter(history_date__gte=since).order_by("-history_date", "-history_id")
    records = list(history.only("history_id", "history_type", "history_change_reason"))
    if not records:
        return
    newest, older = records[0], records[1:]
    updates = {}
    if older:
        ids = [record.history_id for record in older]
        if any(record.history_type == "+" for record in older):
            updates["history_type"] = "+"
        for field in getattr(newest, "_history_m2m_fields", []):
            getattr(newest, field.name).model.objects.filter(history_id__in=ids).delete()
        reasons = [r.history_change_reason for r in older if r.history_change_reason]
        if reasons and not newest.history_change_reason:
            updates["history_change_reason"] = reasons[0]
        obj.history.filter(history_id__in=ids).delete()
    if reason:
        current = updates.get("history_change_reason") or newest.history_change_reason
        updates["history_change_reason"] = f"{current} {reason}" if current else reason
    if updates:
        obj.history.filter(history_id=newest.history_id).update(**updates)
