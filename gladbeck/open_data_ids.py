"""The lasting ids of records in the open data (HSDS 3.0 UUIDs).

An id is derived from the record's kind and address slug (``open_data_id("service",
"rucksackprogramme")``), so that it can be computed anywhere; the ids that clients look records
up by are also stored with the record (``OpenDataIdField``, filled before every save), so that
a look-up is one indexed query instead of a scan of every slug.
"""

import uuid

from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

# Fixed for ever: changing it would change every HSDS id the portal has ever published.
NAMESPACE = uuid.UUID("7c314daf-e920-465a-a8c8-3aa726481ce2")


def open_data_id(*parts):
    """The UUID of an open-data object, e.g. open_data_id("service", "rucksackprogramme")."""
    return uuid.uuid5(NAMESPACE, ":".join(parts))


class OpenDataIdField(models.UUIDField):
    """The stored id of ``kind`` for the record's slug; kept up to date before each save
    (also when fixtures are loaded). Code that creates rows in bulk calls ``fill_ids``."""

    def __init__(self, kind=None, **kwargs):
        self.kind = kind
        kwargs.setdefault("verbose_name", _("Kennung in den offenen Daten"))
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        kwargs.setdefault("db_index", True)  # unique with the slug, which is unique
        super().__init__(**kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Stored like any UUIDField: migrations need not know this class.
        return name, "django.db.models.UUIDField", args, kwargs

    def pre_save(self, model_instance, add):
        value = open_data_id(self.kind, model_instance.slug)
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # A raw save (loaddata) skips Field.pre_save; the signal fills the id there too.
        pre_save.connect(_fill_on_raw_save, sender=cls, weak=False, dispatch_uid=cls)


def _fill_on_raw_save(sender, instance, raw=False, **kwargs):
    if raw:
        fill_ids([instance])


def fill_ids(instances):
    """Set the stored open-data ids of records about to be created in bulk; returns them as
    a list."""
    instances = list(instances)
    for instance in instances:
        for field in instance._meta.concrete_fields:
            if isinstance(field, OpenDataIdField):
                setattr(instance, field.attname, open_data_id(field.kind, instance.slug))
    return instances
