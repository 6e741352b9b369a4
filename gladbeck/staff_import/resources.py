"""The base of every staff resource, and the import itself.

Columns are declared as django-import-export fields with the widgets of this package; the
export is django-import-export's. The import is ours (``StaffResource.import_table``), because
a city's whole file must import within seconds: rows are read as a stream and handled in
chunks of a few hundred, and each chunk costs a fixed number of queries, not a few per row:

- the records a chunk names are loaded in one query (with what the resource prefetches), and
  names of related records come from one lookup per model and import;
- every row is checked as ``full_clean()`` checks it, but a unique field or constraint that the
  file's key already guarantees is not asked again (the record with that key was loaded, and a
  key may stand in one row of a file only);
- new records are inserted with ``bulk_create``, changed ones with ``bulk_update``,
  many-to-many relations and the history (``write_history``) in bulk as well;
- a resource that needs each record saved at once (``save_each_row``, or one that overrides
  ``save_m2m`` or ``after_save_instance``) is saved row by row, as django-import-export does.

The preview checks the whole file without writing anything. The import checks it again and
saves it in one transaction; if any row is wrong, nothing is kept.
"""

import contextlib
import copy
import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.resources import ModelResource

from gladbeck.cache import bump_content_version
from gladbeck.publishing import Publication
from gladbeck.staff_import.checks import RowChecks
from gladbeck.staff_import.files import ImportFileError, no_rows
from gladbeck.staff_import.saving import BulkSaving
from gladbeck.staff_import.widgets import cell_text, german_slug, normal, quoted

logger = logging.getLogger(__name__)

#: Rows handled (and saved) together.
CHUNK_ROWS = 500
#: New and changed rows shown in the preview.
PREVIEW_ROWS = 100
#: Problems listed one by one; beyond these, only counted.
MAX_ERRORS = 1000


class Columns:
    """The header row of a file, as ``check_columns()`` reads and rewrites it."""

    def __init__(self, headers):
        self.headers = list(headers)


class Outcome:
    """What an import found: rows by kind, every problem by row and column (up to MAX_ERRORS),
    and for the preview the first PREVIEW_ROWS new or changed rows and the first PREVIEW_ROWS
    unchanged ones (shown folded below them)."""

    def __init__(self):
        self.rows = 0  # rows read, empty ones included
        self.new = self.updated = self.skipped = self.invalid = 0
        self.file_errors = []  # problems of the file as a whole
        self.errors = []  # [line, column ("" for the row as a whole), message]
        self.error_count = 0
        self.preview_headers = []
        self.preview = []  # {"line": n, "type": "new"|"update", "cells": [[old, new], ...]}
        self.unchanged = []  # {"line": n, "cells": [value, ...]}: the file's cells

    def has_errors(self):
        return bool(self.file_errors or self.invalid)

    def add_file_error(self, message):
        self.file_errors.append(str(message))

    def add_row_errors(self, line, by_column):
        self.invalid += 1
        for column, messages in by_column.items():
            for message in messages:
                self.error_count += 1
                if len(self.errors) < MAX_ERRORS:
                    label = "" if column == NON_FIELD_ERRORS else str(column)
                    self.errors.append([line, label, str(message)])


class Pending:
    """A checked row waiting to be saved with its chunk."""

    __slots__ = ("instance", "new", "original", "row", "line")

    def __init__(self, instance, new, original, row, line):
        self.instance, self.new, self.original, self.row = instance, new, original, row
        self.line = line


class StaffResource(RowChecks, BulkSaving, ModelResource):
    """Base of every staff resource: see the package docstring for what it guarantees."""

    #: "app_label.codename" that allows publishing; without it, the "Veröffentlichung" column
    #: may not change anything (and new records are drafts).
    publish_permission = None
    #: Save each record at once (for files whose rows refer to records made in earlier rows).
    save_each_row = False

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._new_slugs = set()
        self._rows_by_slug = {}
        self._unique_values = {}
        self._import_fields = None
        self._fields_in_file = self.get_import_fields()  # import_table() narrows them
        self._writing = False
        self._change_reason = None
        for field in self.fields.values():
            # Translated once here, not again for every cell of a large file.
            field.column_name = str(field.column_name)

    class Meta:
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_import_fields(self):
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # The whole file or nothing.

    def import_table(self, headers, rows, *, dry_run=True, file_name="", progress=None):
        """Check ``rows`` (lists of cells under ``headers``) and, unless ``dry_run``, save them
        in one transaction, or nothing if any row is wrong. ``progress(outcome)`` is called
        after each chunk. Returns an Outcome."""
        outcome = Outcome()
        columns = Columns(headers)
        try:
            self.check_columns(columns)
        except ImportFileError as error:
            outcome.add_file_error(error)
            return outcome
        self._headers = columns.headers
        present = {header for header in self._headers if header}
        self._fields_in_file = [f for f in self.get_import_fields() if f.column_name in present]
        outcome.preview_headers = [f.column_name for f in self._fields_in_file]
        kwargs = {
            "dry_run": dry_run,
            "using_transactions": not dry_run,
            "file_name": file_name,
            "user": self.user,
        }
        self._writing = not dry_run  # until a row is wrong: then nothing more is saved
        with transaction.atomic() if not dry_run else contextlib.nullcontext():
            try:
                for chunk in self._chunks(rows, outcome):
                    self.import_chunk(chunk, outcome, kwargs)
                    if progress:
                        progress(outcome)
                if not (outcome.new or outcome.updated or outcome.skipped or outcome.invalid):
                    raise ImportFileError(no_rows())
            except ImportFileError as error:
                outcome.add_file_error(error)
            if not dry_run and outcome.has_errors():
                transaction.set_rollback(True)
            elif not dry_run:
                transaction.on_commit(bump_content_version, robust=True)
        return outcome

    def import_data(self, dataset, dry_run=False, **kwargs):
        """django-import-export's entry point, for a tablib Dataset: see import_table."""
        return self.import_table(
            dataset.headers or [], dataset, dry_run=dry_run, file_name=kwargs.get("file_name", "")
        )

    def _chunks(self, rows, outcome):
        """Rows as {column: value}, numbered as django-import-export numbers them (the first row
        after the header is 1), in lists of CHUNK_ROWS. Empty rows are skipped; a cell under a
        column without a header is an error of the file."""
        headers = self._headers
        width = len(headers)
        named = [(index, header) for index, header in enumerate(headers) if header]
        unnamed = [index for index, header in enumerate(headers) if not header]
        chunk = []
        for number, cells in enumerate(rows, 1):
            outcome.rows = number
            cells = list(cells)
            if all(value is None or value == "" for value in cells):
                continue
            cells += [""] * (width - len(cells))
            if any(value not in (None, "") for value in cells[width:]) or any(
                cells[index] not in (None, "") for index in unnamed
            ):
                raise ImportFileError(self.columns_problem([_("(ohne Überschrift)")], [], []))
            chunk.append((number, {header: cells[index] for index, header in named}))
            if len(chunk) == CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def check_columns(self, dataset):
        """Headers may differ in case and spaces; unknown, doubled or missing key columns are
        an error. Columns without a header are ignored as long as they are empty. Rewrites
        ``dataset.headers`` to the column names of the resource (None for those without)."""
        known = {normal(f.column_name): f.column_name for f in self.get_import_fields()}
        headers = list(dataset.headers or [])
        named = [h for h in headers if h is not None and str(h).strip()]
        unknown = [str(h) for h in named if normal(h) not in known]
        canonical = [known.get(normal(h)) for h in named]
        doubled = sorted({c for c in canonical if c and canonical.count(c) > 1})
        id_columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        missing = [c for c in id_columns if c not in canonical]
        if unknown or doubled or missing:
            raise ImportFileError(self.columns_problem(unknown, doubled, missing))
        dataset.headers = [
            known[normal(h)] if h is not None and str(h).strip() else None for h in headers
        ]

    def columns_problem(self, unknown, doubled, missing):
        problems = []
        if unknown:
            problems.append(
                _("Diese Spalten kenne ich nicht: %(columns)s.") % {"columns": quoted(unknown)}
            )
        if doubled:
            problems.append(
                _("Diese Spalten stehen mehrfach in der Datei: %(columns)s.")
                % {"columns": quoted(doubled)}
            )
        if missing:
            problems.append(_("Diese Spalten fehlen: %(columns)s.") % {"columns": quoted(missing)})
        columns = [f.column_name for f in self.get_import_fields()]
        problems.append(
            _("Erwartet werden die Spalten: %(columns)s.") % {"columns": quoted(columns)}
        )
        return " ".join(problems)

    # Chunks of rows.

    def import_chunk(self, chunk, outcome, kwargs):
        found = self.load_instances([row for _number, row in chunk])
        pending = []
        for number, row in chunk:
            row_kwargs = {**kwargs, "row_number": number}
            try:
                checked = self.check_row(row, found, row_kwargs)
                if checked is None:
                    outcome.skipped += 1
                    if len(outcome.unchanged) < PREVIEW_ROWS:
                        outcome.unchanged.append(self.unchanged_row(number + 1, row))
                    continue
                if self._writing and self.saves_each_row():
                    self.save_row(checked, row_kwargs)
            except ValidationError as error:
                outcome.add_row_errors(number + 1, self.by_column(error))
                self._writing = False  # nothing of this file will be kept: only check the rest
                continue
            except Exception as error:
                # Something the checks did not foresee (the database refused the row): report
                # it like any other row problem, in German, and log the details.
                logger.warning("Import row %s failed: %r", number, error)
                outcome.add_row_errors(number + 1, {NON_FIELD_ERRORS: [self.refused(error)]})
                self._writing = False
                continue
            if checked.new:
                outcome.new += 1
            else:
                outcome.updated += 1
            if len(outcome.preview) < PREVIEW_ROWS:
                outcome.preview.append(self.preview_row(number + 1, checked))
            pending.append(checked)
        if self._writing and pending and not outcome.has_errors():
            self.save_chunk(pending, outcome, kwargs)

    @staticmethod
    def refused(error):
        return _("Die Zeile konnte nicht gespeichert werden (%(error)s).") % {"error": error}

    def check_row(self, row, found, kwargs):
        """One row as a Pending record, or None when it changes nothing; raises ValidationError
        with every problem of the row."""
        self._line = kwargs["row_number"] + 1  # as the preview counts: the header is line 1
        self.before_import_row(row, **kwargs)
        key = self.row_key(row)
        instance = found.get(key) if key is not None else None
        new = instance is None
        if new:
            instance = self.init_instance(row)
        self.after_init_instance(instance, new, row, **kwargs)
        original = None if new else copy.copy(instance)
        errors = {}
        try:
            self.import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.skip_row(instance, original, row, errors):
            return None
        self.check_review(instance, original, new)
        self.validate_instance(instance, errors)
        self.before_save_instance(instance, row, **kwargs)
        return Pending(instance, new, original, row, self._line)

    # Finding the records a file names, a chunk at a time.

    def key_fields(self):
        return [self.fields[name] for name in self.get_import_id_fields()]

    def row_key(self, row):
        """The row's key as a tuple (related records by id), or None for a new record."""
        key = []
        for field in self.key_fields():
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            key.append(getattr(value, "pk", value))
        if all(value in (None, "") for value in key):
            return None
        return tuple(key)

    def load_instances(self, rows):
        """The stored records the rows name, by key, in one query."""
        keys = {key for key in map(self.row_key, rows) if key is not None}
        if not keys:
            return {}
        condition = Q()
        attnames = []
        for index, field in enumerate(self.key_fields()):
            attname = self._meta.model._meta.get_field(field.attribute).attname
            attnames.append(attname)
            values = {key[index] for key in keys}
            part = Q(**{f"{attname}__in": [value for value in values if value is not None]})
            if None in values:
                part |= Q(**{f"{attname}__isnull": True})
            condition &= part
        found = {}
        for obj in self.get_queryset().filter(condition):
            found.setdefault(tuple(getattr(obj, attname) for attname in attnames), obj)
        return found

    # Rows.

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        # Many-to-many columns are saved later; check their names now, with the rest, and
        # keep what they hold for the preview.
        instance._imported_m2m = {}
        for field in self._fields_in_file:
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    instance._imported_m2m[field.attribute] = field.clean(row)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        try:
            self.import_extra(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.check_publication(instance, row, errors)
        if not instance.pk and not getattr(instance, "slug", True):
            instance.slug = self.new_slug(instance)
        if errors:
            raise ValidationError(errors)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        imported = getattr(instance, "_imported_m2m", {})
        if is_m2m and field.attribute in imported and getattr(instance, "_created_by_import", 0):
            # A new record has no relations yet: add them (set() would first ask for them).
            if imported[field.attribute]:
                getattr(instance, field.attribute).add(*imported[field.attribute])
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_import_row(self, row, **kwargs):
        """A Kürzel may stand in one row of a file only."""
        if tuple(self.get_import_id_fields()) == ("slug",):
            slug = str(row.get(self.fields["slug"].column_name) or "").strip()
            line = (kwargs.get("row_number") or 0) + 1  # as the preview counts: header is 1
            first = self._rows_by_slug.setdefault(slug, line) if slug else line
            if first != line:
                raise ValidationError(
                    {
                        "slug": _(
                            "„%(slug)s“ steht schon in Zeile %(row)s; jedes Kürzel darf nur "
                            "einmal in der Datei stehen."
                        )
                        % {"slug": slug, "row": first}
                    }
                )

    def import_extra(self, instance, row, **kwargs):
        """Columns that are not plain fields (e.g. stakeholders); raise ValidationError."""

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._created_by_import = new
        instance._stored_publication = None if new else getattr(instance, "publication", None)

    def check_publication(self, instance, row, errors):
        """An empty or missing "Veröffentlichung" keeps what is stored (new records: draft);
        only who may publish can change it."""
        if not hasattr(instance, "publication"):
            return
        before = getattr(instance, "_stored_publication", None) or Publication.DRAFT
        field = self.fields.get("publication")
        if field is None or field.column_name not in row or not instance.publication:
            instance.publication = before
        elif instance.publication != before and not self.may_publish():
            errors[field.attribute] = ValidationError(
                _("Veröffentlichen und Zurückziehen kann nur die Redaktion."), code="invalid"
            )

    def may_publish(self):
        if not (self.user and self.publish_permission):
            return False
        return self.user.has_perm(self.publish_permission)

    def slug_source(self, instance):
        return getattr(instance, "title", "") or getattr(instance, "name", "")

    def new_slug(self, instance):
        model = type(instance)
        base = german_slug(self.slug_source(instance))
        if not base:
            return ""
        candidate, n = base, 2
        while (
            candidate in self._new_slugs or model._default_manager.filter(slug=candidate).exists()
        ):
            candidate = f"{base[:75]}-{n}"
            n += 1
        self._new_slugs.add(candidate)
        return candidate

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged means: every column in the file holds what is stored (line breaks aside)."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        imported = getattr(instance, "_imported_m2m", {})
        for field in self._fields_in_file:
            if field.readonly:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                new = {obj.pk for obj in imported.get(field.attribute, ())}
                old = {obj.pk for obj in field.get_value(original).all()}
                if new != old:
                    return False
            elif field.attribute and _comparable(field.get_value(instance)) != _comparable(
                field.get_value(original)
            ):
                return False
        return self.extra_unchanged(instance, original, row)

    def extra_unchanged(self, instance, original, row):
        return True

    # The preview.

    def preview_row(self, line, pending):
        old = self.values(pending.original) if not pending.new else None
        new = self.values(pending.instance)
        cells = [["" if old is None else old[index], value] for index, value in enumerate(new)]
        return {"line": line, "type": "new" if pending.new else "update", "cells": cells}

    def unchanged_row(self, line, row):
        """An unchanged row as the file has it (it is what is stored)."""
        cells = [row.get(field.column_name) for field in self._fields_in_file]
        return {"line": line, "cells": [cell_text(cell) for cell in cells]}

    def values(self, instance):
        """The file's columns of ``instance`` as the export writes them; many-to-many columns
        as imported."""
        imported = getattr(instance, "_imported_m2m", {})
        names = {id(field): name for name, field in self.fields.items()}
        result = []
        for field in self._fields_in_file:
            dehydrate = getattr(self, f"dehydrate_{names[id(field)]}", None)
            if field.attribute in imported:
                value = field.widget.render_list(imported[field.attribute])
            elif dehydrate is not None:
                value = dehydrate(instance)
            else:
                value = field.export(instance)
            result.append("" if value is None else str(value))
        return result


def _comparable(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value
