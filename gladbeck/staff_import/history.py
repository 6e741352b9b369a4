"""The history of imported records, written in bulk: what django-simple-history writes on each
save, one entry per record with its many-to-many relations, in a few queries for many records.
"""

from django.utils import timezone
from simple_history import utils as history_utils
from simple_history.models import HistoricalRecords


def write_history(model, instances, user, date=None, links=None):
    """One history entry per record of ``instances`` (saved already): "+" for the records the
    import created (``_created_by_import``), "~" for the others. ``links`` may hold the rows of
    many-to-many tables just inserted for the created records ({through model: rows}), which
    then need not be read again."""
    if not instances or not hasattr(model, "history"):
        return
    manager = model.history
    history_model = manager.model
    date = date or timezone.now()
    records = {}
    for update in (False, True):
        objs = [obj for obj in instances if getattr(obj, "_created_by_import", False) != update]
        if objs:
            created = manager.bulk_history_create(
                objs, update=update, default_user=user, default_date=date
            )
            records.update({record.id: record for record in created or ()})
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields:
        return
    ids = [obj.pk for obj in instances]
    if any(record.pk is None for record in records.values()) or len(records) != len(ids):
        # A database that does not return the keys of bulk inserts: ask for them.
        records = {
            record.id: record
            for record in history_model.objects.filter(id__in=ids, history_date=date)
        }
    links = links or {}
    for field in m2m_fields:
        m2m_history_model = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        owner = history_utils.get_m2m_field_name(field)
        owner_attname = through._meta.get_field(owner).attname
        known = links.get(through)
        if known is not None and all(row.pk is not None for row in known):
            # The created records have exactly the rows just inserted; ask for the others'.
            created = {obj.pk for obj in instances if getattr(obj, "_created_by_import", False)}
            others = [pk for pk in ids if pk not in created]
            rows = [row for row in known if getattr(row, owner_attname) in created]
            if others:
                rows += list(through.objects.filter(**{f"{owner}__in": others}))
        else:
            rows = through.objects.filter(**{f"{owner}__in": ids})
        columns = [f.attname for f in m2m_history_model._meta.concrete_fields]
        m2m_history_model.objects.bulk_create(
            # Positional values: the fast way Django builds a model instance.
            m2m_history_model(
                *[
                    records[getattr(row, owner_attname)].pk
                    if column == "history_id"
                    else getattr(row, column, None)
                    for column in columns
                ]
            )
            for row in rows
        )
