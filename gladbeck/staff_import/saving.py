"""Saving the checked rows of an import: in bulk (rows, relations, history, the admin's log),
or row by row for resources that need each record saved at once (a mixin of StaffResource)."""

import logging

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from gladbeck import review
from gladbeck.models import Timestamped
from gladbeck.publishing import Publication
from gladbeck.staff_import.history import write_history

logger = logging.getLogger(__name__)


class BulkSaving:
    def before_save_instance(self, instance, row, **kwargs):
        # The history of the imported records is written in bulk (write_history); the
        # preview writes none.
        instance.skip_history_when_saving = True
        if self._change_reason is None:
            name = kwargs.get("file_name") or _("Datei")
            self._change_reason = _("Import aus %(file)s") % {"file": name}
        instance._change_reason = self._change_reason

    @classmethod
    def saves_each_row(cls):
        from gladbeck.staff_import.resources import StaffResource

        return cls.save_each_row or any(
            getattr(cls, name) is not getattr(StaffResource, name)
            for name in ("save_instance", "do_instance_save", "after_save_instance", "save_m2m")
        )

    def save_row(self, pending, kwargs):
        """Save one record with its relations at once (``saves_each_row``)."""
        instance = pending.instance
        with transaction.atomic():
            self.do_instance_save(instance, pending.new)
            self.save_m2m(instance, pending.row, **kwargs)
            self.after_save_instance(instance, pending.row, **kwargs)

    def save_chunk(self, pending, outcome, kwargs):
        """Save the checked rows of a chunk. If the database refuses the chunk, its rows are
        saved one by one to name the rows it refuses (and nothing more is saved)."""
        links = None
        if not self.saves_each_row():
            try:
                with transaction.atomic():
                    links = self.save_in_bulk(pending)
            except DatabaseError as error:
                logger.info("Saving a chunk failed, saving its rows one by one: %r", error)
                self.save_one_by_one(pending, outcome, kwargs)
                if outcome.has_errors():
                    self._writing = False
                    return
        instances = [item.instance for item in pending]
        write_history(self._meta.model, instances, self.saving_user(), timezone.now(), links)
        self.log_changes(instances, kwargs)
        if self.publish_permission and not self.may_publish():
            drafts = [obj for obj in instances if obj.publication == Publication.DRAFT]
            review.queue_imported(drafts, self.saving_user())

    def save_one_by_one(self, pending, outcome, kwargs):
        for item in pending:
            try:
                self.save_row(item, {**kwargs, "row_number": item.line - 1})
            except DatabaseError as error:
                logger.warning("Import row %s failed: %r", item.line - 1, error)
                outcome.add_row_errors(item.line, {NON_FIELD_ERRORS: [self.refused(error)]})

    def saving_user(self):
        return self.user if self.user is not None and self.user.pk else None

    def save_in_bulk(self, pending):
        model = self._meta.model
        manager = model._default_manager
        now = timezone.now()
        created = [item.instance for item in pending if item.new]
        changed = [item.instance for item in pending if not item.new]
        if created:
            manager.bulk_create(created)
        if changed:
            for instance in changed:
                if isinstance(instance, Timestamped):
                    instance.updated_at = now  # what Timestamped.save() does
            manager.bulk_update(changed, self.update_fields())
        links = {}
        for field in self._fields_in_file:
            if isinstance(field.widget, widgets.ManyToManyWidget):
                through, rows = self.save_relations_in_bulk(field.attribute, pending)
                links[through] = rows
        return links

    def update_fields(self):
        return [
            field.name
            for field in self._meta.model._meta.concrete_fields
            if not field.primary_key and field.name != "created_at"
        ]

    def save_relations_in_bulk(self, attribute, pending):
        relation = self._meta.model._meta.get_field(attribute)
        through = relation.remote_field.through
        source = f"{relation.m2m_field_name()}_id"
        target = f"{relation.m2m_reverse_field_name()}_id"
        columns = [field.attname for field in through._meta.concrete_fields]
        links, removed = [], Q()
        for item in pending:
            wanted = {obj.pk for obj in item.instance._imported_m2m.get(attribute, ())}
            stored = (
                set() if item.new else {obj.pk for obj in getattr(item.original, attribute).all()}
            )
            for pk in wanted - stored:
                values = {source: item.instance.pk, target: pk}
                # Positional values: the fast way Django builds a model instance.
                links.append(through(*[values.get(column) for column in columns]))
            if stored - wanted:
                removed |= Q(**{source: item.instance.pk, f"{target}__in": stored - wanted})
        if removed:
            through.objects.filter(removed).delete()
        return through, through.objects.bulk_create(links)

    def save_m2m(self, instance, row, **kwargs):
        for field in self._fields_in_file:
            if isinstance(field.widget, widgets.ManyToManyWidget):
                self.import_field(field, instance, row, True)

    def log_changes(self, instances, kwargs):
        """The admin's log ("Änderungen"): one entry per new or changed record."""
        user = self.saving_user()
        if user is None:
            return
        message = _("Import aus %(file)s") % {"file": kwargs.get("file_name") or _("Datei")}
        for flag, objs in (
            (ADDITION, [obj for obj in instances if obj._created_by_import]),
            (CHANGE, [obj for obj in instances if not obj._created_by_import]),
        ):
            if objs:
                LogEntry.objects.log_actions(user.pk, objs, flag, change_message=message)
