"""Import and export for staff in the admin (django-import-export): the building blocks every
app's ``resources.py`` uses, and the resource for organisations.

The conventions (monitoring/resources.py follows them too):

- Columns have German headers. Related records are named as staff know them: an action field
  by its title, a district, target group or organisation by its name, several of them
  separated by "; ". Choices are written as their German label ("in Umsetzung"), yes/no as
  "ja"/"nein", dates as dates in XLSX and as JJJJ-MM-TT in CSV and JSON (TT.MM.JJJJ is read
  too). Rows are identified by the column "Kürzel"; an empty Kürzel makes a new record whose
  Kürzel is made from its title.
- A file is imported whole or not at all. Every problem is reported in German with its row and
  column, after a preview; unknown names are errors, nothing is created on the side. Columns
  missing from a file are left as they are; columns the file should not have are an error.
- Unchanged rows are skipped, so exporting and re-importing the same file changes nothing.
- Roles: whoever may add and change a model may import it (the Redaktion; the Anbieter only
  offers of their own organisation); whoever may view it may export it (the
  Steuerungsgruppe too).
"""

import datetime
import logging
import operator
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.instance_loaders import CachedInstanceLoader
from import_export.resources import Diff, ModelResource
from simple_history import utils as history_utils
from simple_history.models import HistoricalRecords

from gladbeck.models import Organisation, OrganisationKind
from gladbeck.publishing import Publication

logger = logging.getLogger(__name__)

SEPARATOR = ";"


def _quoted(values):
    return ", ".join(f"„{value}“" for value in values)


def _normal(text):
    """For comparing names: case and runs of white space do not matter."""
    return " ".join(str(text).split()).casefold()


# Widgets: each turns a cell into a value or raises ValueError with a German message.


class TextWidget(widgets.CharWidget):
    """Text as it is; a number typed into a text column is taken as its digits. Line breaks
    are stored as "\\n" whatever the file used."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace("\r\n", "\n").replace("\r", "\n")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(_("„%(value)s“ ist keine ganze Zahl.") % {"value": value})
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if re.fullmatch(r"[+-]?\d{1,9}", text):
            return int(text)
        raise ValueError(_("„%(value)s“ ist keine ganze Zahl.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if not text:
            return None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", text):
            text = text[:10]
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("„%(value)s“ ist kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT).")
            % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class YesNoWidget(widgets.Widget):
    """ "ja" or "nein"; with ``nullable`` an empty cell means "keine Angabe"."""

    TRUE = {"ja", "j", "x", "1", "true", "wahr", "yes"}
    FALSE = {"nein", "n", "0", "false", "falsch", "no"}

    def __init__(self, nullable=False):
        self.nullable = nullable
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = "" if value is None else _normal(value)
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        if not text:
            return None if self.nullable else False
        allowed = _("„ja“, „nein“ oder leer") if self.nullable else _("„ja“ oder „nein“")
        raise ValueError(
            _("„%(value)s“ verstehe ich nicht: bitte %(allowed)s.")
            % {"value": value, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("ja") if value else _("nein")


class ChoiceWidget(widgets.Widget):
    """A choice by its German label (or its stored value)."""

    def __init__(self, choices):
        self.choices = choices
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else _normal(value)
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (_normal(label), _normal(stored)):
                return stored
        raise ValueError(
            _("„%(value)s“ ist nicht vorgesehen. Möglich sind: %(allowed)s.")
            % {"value": value, "allowed": _quoted(label for stored, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class NameLookup:
    """Finds records of ``model`` by ``field`` (case and extra spaces do not matter), with all
    names loaded once per import."""

    def __init__(self, model, field="name"):
        self.model = model
        self.field = field
        self._by_name = None

    def __deepcopy__(self, memo):
        return NameLookup(self.model, self.field)

    def find(self, name):
        if self._by_name is None:
            self._by_name = {}
            for obj in self.model._default_manager.all():
                self._by_name.setdefault(_normal(getattr(obj, self.field)), obj)
        return self._by_name.get(_normal(name))

    def forget(self):
        self._by_name = None


class NameWidget(widgets.ForeignKeyWidget):
    """One related record by its name; an unknown name is an error."""

    def __init__(self, model, field="name"):
        super().__init__(model, field)
        self.lookup = NameLookup(model, field)

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        found = self.lookup.find(value)
        if found is None:
            raise ValueError(
                _("%(model)s „%(value)s“ gibt es nicht.")
                % {"model": self.model._meta.verbose_name, "value": str(value).strip()}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class NamesWidget(widgets.ManyToManyWidget):
    """Several related records by name, separated by "; "; every unknown name is an error."""

    def __init__(self, model, field="name"):
        super().__init__(model, separator=SEPARATOR, field=field)
        self.lookup = NameLookup(model, field)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        names = [name.strip() for name in str(value).split(self.separator) if name.strip()]
        found, unknown = [], []
        for name in names:
            obj = self.lookup.find(name)
            if obj is None:
                unknown.append(name)
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise ValueError(
                _("Unbekannt (%(model)s): %(names)s.")
                % {"model": self.model._meta.verbose_name_plural, "names": _quoted(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.render_list(value.all())

    def render_list(self, objects):
        return f"{self.separator} ".join(str(getattr(o, self.field)) for o in objects)


def column(attribute, name, widget=None, **kwargs):
    return Field(attribute=attribute, column_name=name, widget=widget or TextWidget(), **kwargs)


def german_slug(text, max_length=80):
    text = str(text)
    for umlaut, replacement in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, replacement).replace(umlaut.upper(), replacement.title())
    return slugify(text)[:max_length].strip("-")


class ImportFileError(Exception):
    """A problem with the file as a whole (its columns), in German."""


class ExportingDiff(Diff):
    """The preview shows each column as the export writes it, computed columns included;
    many-to-many columns as imported (without asking the database again)."""

    def __init__(self, resource, instance, new):
        self.left = self._read_field_values(resource, instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._read_field_values(resource, instance)

    @classmethod
    def _read_field_values(cls, resource, instance):
        if instance is None:
            return ["" for _ in resource.get_import_fields()]
        imported = getattr(instance, "_imported_m2m", {})
        created = getattr(instance, "_created_by_import", False)
        names = {id(field): name for name, field in resource.fields.items()}
        values = []
        for field in resource.get_import_fields():
            dehydrate = getattr(resource, f"dehydrate_{names[id(field)]}", None)
            if field.attribute in imported:
                values.append(field.widget.render_list(imported[field.attribute]))
            elif created and isinstance(field.widget, widgets.ManyToManyWidget):
                values.append("")  # a new record has no other related records
            elif dehydrate is not None:
                values.append(dehydrate(instance))
            else:
                values.append(field.export(instance))
        return values


class StaffResource(ModelResource):
    """Base of every staff resource: see the module docstring for what it guarantees."""

    #: "app_label.codename" that allows publishing; without it, the "Veröffentlichung" column
    #: may not change anything (and new records are drafts).
    publish_permission = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._new_slugs = set()
        self._saved = []
        self._rows_by_slug = {}
        for field in self.fields.values():
            # Translated once here, not again for every cell of a large file.
            field.column_name = str(field.column_name)

    class Meta:
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def get_diff_class(cls):
        return ExportingDiff

    # The whole file or nothing.

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, *args, **kw):
        try:
            self.check_columns(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            self.handle_import_error(result, error, raise_errors)
            return result
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, *args, **kw
        )

    def check_columns(self, dataset):
        """Headers may differ in case and spaces; unknown, doubled or missing key columns are
        an error. Empty columns without a header (left over in spreadsheets) are dropped, and
        so are empty rows at the end."""
        known = {_normal(f.column_name): str(f.column_name) for f in self.get_import_fields()}
        for index in reversed(range(len(dataset.headers or []))):
            header = dataset.headers[index]
            if (header is None or not str(header).strip()) and all(
                value in (None, "") for value in dataset.get_col(index)
            ):
                self._drop_col(dataset, index)
        headers = list(dataset.headers or [])
        unknown = [
            _("(ohne Überschrift)") if h is None else str(h)
            for h in headers
            if h is None or _normal(h) not in known
        ]
        canonical = [known.get(_normal(h)) for h in headers if h is not None]
        doubled = sorted({c for c in canonical if c and canonical.count(c) > 1})
        id_columns = [str(self.fields[name].column_name) for name in self.get_import_id_fields()]
        missing = [c for c in id_columns if c not in canonical]
        problems = []
        if unknown:
            problems.append(
                _("Diese Spalten kenne ich nicht: %(columns)s.") % {"columns": _quoted(unknown)}
            )
        if doubled:
            problems.append(
                _("Diese Spalten stehen mehrfach in der Datei: %(columns)s.")
                % {"columns": _quoted(doubled)}
            )
        if missing:
            problems.append(_("Diese Spalten fehlen: %(columns)s.") % {"columns": _quoted(missing)})
        if problems:
            problems.append(
                _("Erwartet werden die Spalten: %(columns)s.")
                % {"columns": _quoted(known.values())}
            )
            raise ImportFileError(" ".join(problems))
        dataset.headers = canonical
        while len(dataset) and all(value in (None, "") for value in dataset[-1]):
            del dataset[-1]

    @staticmethod
    def _drop_col(dataset, index):
        rows = [list(row) for row in dataset]
        headers = list(dataset.headers)
        del headers[index]
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            del row[index]
            dataset.append(row)

    # Rows.

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are saved later; check their names now, with the rest, and
        # keep what they hold for the preview.
        instance._imported_m2m = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    instance._imported_m2m[field.attribute] = field.clean(row)
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
        super().before_import_row(row, **kwargs)

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
        for field in self.get_import_fields():
            if field.column_name not in row or field.readonly:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                new = {obj.pk for obj in field.clean(row)}
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

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """What ``full_clean()`` checks, in fewer queries: a related record found by name
        exists (no query to ask again), and simple check constraints are decided in Python
        (Django sends one query per constraint and row)."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors)

        def collect(check, *args):
            nonlocal errors
            try:
                check(*args)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            exclude.update(name for name in errors if name != NON_FIELD_ERRORS)

        collect(instance.clean_fields, exclude | self._found_by_name(instance))
        collect(instance.clean)
        if validate_unique:
            collect(instance.validate_unique, exclude)
        collect(validate_constraints, instance, exclude)
        if errors:
            raise ValidationError(errors)

    def _found_by_name(self, instance):
        found = set()
        for field in self.fields.values():
            if isinstance(field.widget, NameWidget) and field.attribute:
                attname = instance._meta.get_field(field.attribute).attname
                if getattr(instance, attname, None) is not None:
                    found.add(field.attribute)
        return found

    def before_save_instance(self, instance, row, **kwargs):
        # The history of the imported records is written for the whole file at once, after
        # the last row (see write_history); the preview, which is rolled back, writes none.
        instance.skip_history_when_saving = True
        name = kwargs.get("file_name") or _("Datei")
        instance._change_reason = _("Import aus %(file)s") % {"file": name}

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if not kwargs.get("dry_run"):
            self._saved.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        user = self.user if self.user is not None and self.user.pk else None
        write_history(self._meta.model, self._saved, user)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.errors:
            # Something the checks above did not foresee (the database refused the row):
            # report it like any other row problem, in German, and log the details.
            error = result.errors[-1].error
            logger.warning("Import row %s failed: %r", kwargs.get("row_number"), error)
            result.errors = []
            result.import_type = result.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError(
                _("Die Zeile konnte nicht gespeichert werden (%(error)s).") % {"error": error}
            )
        if result.validation_error is not None:
            result.validation_error = self.by_column(result.validation_error)
        return result

    def by_column(self, error):
        """Validation errors keyed by the column headers of the file instead of field names."""
        names = {}
        for field in self.fields.values():
            if field.attribute:
                names[field.attribute] = field.column_name
                names[field.attribute.removesuffix("_id")] = field.column_name
        model = self._meta.model
        result = {}
        for key, messages_ in error.update_error_dict({}).items():
            if key == NON_FIELD_ERRORS:
                label = NON_FIELD_ERRORS
            elif key in names:
                label = names[key]
            else:
                try:
                    label = str(model._meta.get_field(key).verbose_name)
                except Exception:
                    label = key
            result.setdefault(label, []).extend(messages_)
        return ValidationError(result)


def validate_constraints(instance, exclude):
    """``Model.validate_constraints()``, but a check constraint made of plain comparisons
    (``isnull``, ``exact``, ``gt``, ``gte``, ``lt``, ``lte`` against values or ``F()``) is
    decided in Python; anything else is left to the database as Django does it."""
    using = router.db_for_write(type(instance), instance=instance)
    errors = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    if _referenced_fields(constraint.condition) & set(exclude):
                        continue  # as Django: not checked when a field of it is invalid
                    outcome = _evaluate(constraint.condition, instance)
                    if outcome is False:
                        raise ValidationError(
                            constraint.get_violation_error_message(),
                            code=constraint.violation_error_code,
                        )
                    if outcome is True:
                        continue
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_UNKNOWN = object()


def _referenced_fields(node):
    if isinstance(node, Q):
        names = set()
        for child in node.children:
            names |= _referenced_fields(child)
        return names
    lookup, expected = node
    names = {lookup.split("__")[0]}
    if isinstance(expected, F):
        names.add(expected.name.split("__")[0])
    return names


def _field_value(instance, name):
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return _UNKNOWN
    return getattr(instance, field.attname, _UNKNOWN)


def _evaluate(node, instance):
    """True or False where a condition can be decided in Python, None where it cannot."""
    if isinstance(node, Q):
        outcomes = [_evaluate(child, instance) for child in node.children]
        if node.connector == Q.AND:
            value = False if False in outcomes else (None if None in outcomes else True)
        else:
            value = True if True in outcomes else (None if None in outcomes else False)
        return value if value is None or not node.negated else not value
    lookup, expected = node
    name, _sep, comparison = lookup.partition("__")
    actual = _field_value(instance, name)
    if actual is _UNKNOWN:
        return None
    if comparison == "isnull":
        return (actual is None) == bool(expected)
    if isinstance(expected, F):
        expected = _field_value(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        return None
    operation = _COMPARISONS.get(comparison or "exact")
    if operation is None or expected is _UNKNOWN or actual is None or expected is None:
        return None
    try:
        return operation(actual, expected)
    except TypeError:
        return None


def write_history(model, instances, user):
    """One history entry per imported record, with its many-to-many relations, in a few
    queries for the whole file (what django-simple-history writes on each save, in bulk)."""
    if not instances or not hasattr(model, "history"):
        return
    manager = model.history
    history_model = manager.model
    now = timezone.now()
    created = [obj for obj in instances if getattr(obj, "_created_by_import", False)]
    updated = [obj for obj in instances if not getattr(obj, "_created_by_import", False)]
    for objs, update in ((created, False), (updated, True)):
        if objs:
            manager.bulk_history_create(objs, update=update, default_user=user, default_date=now)
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields:
        return
    ids = [obj.pk for obj in instances]
    records = {
        record.id: record
        for record in history_model.objects.filter(id__in=ids, history_date=now).order_by(
            "history_id"
        )
    }
    for field in m2m_fields:
        m2m_history_model = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        owner = history_utils.get_m2m_field_name(field)
        owner_attname = through._meta.get_field(owner).attname
        attnames = [f.attname for f in through._meta.fields]
        m2m_history_model.objects.bulk_create(
            m2m_history_model(
                history=records[getattr(row, owner_attname)],
                **{attname: getattr(row, attname) for attname in attnames},
            )
            for row in through.objects.filter(**{f"{owner}__in": ids})
        )


def _comparable(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


class SpreadsheetCSV(base_formats.CSV):
    """CSV as spreadsheet programs write it: comma- or semicolon-separated (German Excel uses
    the semicolon), read as UTF-8."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        first_line = in_stream.lstrip("\ufeff").split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return super().create_dataset(in_stream, delimiter=delimiter, **kwargs)


class ExportForm(SelectableFieldsExportForm):
    """The export form, with the columns named as in the file."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class StaffImportForm(ImportForm):
    """The import form, refusing files above settings.IMPORT_MAX_BYTES before they are read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Die Datei ist %(size)s MB groß; höchstens %(limit)s MB sind möglich. "
                    "Bitte teilen Sie sie auf."
                )
                % {"size": round(upload.size / 1_000_000, 1), "limit": limit // 1_000_000}
            )
        return upload


class StaffImportExportMixin(ImportExportMixin):
    """Import and export in the admin with the rules of the house: CSV, XLSX and JSON; import
    only for who may add and change (checked on the server), export for who may view; errors
    by row and column in German; nothing saved unless the whole file is right."""

    formats = [SpreadsheetCSV, base_formats.XLSX, base_formats.JSON]
    import_template_name = "admin/gladbeck/import.html"
    import_form_class = StaffImportForm
    export_form_class = ExportForm
    from_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        kwargs = super().get_resource_kwargs(request, *args, **kwargs)
        kwargs.pop("form", None)
        kwargs["user"] = request.user
        return kwargs

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            message = _(
                "Die Datei ist nicht UTF-8-kodiert und wurde nicht gelesen. Bitte in der "
                "Tabellenkalkulation als „CSV UTF-8“ speichern oder XLSX verwenden."
            )
        else:
            message = _(
                "Die Datei ließ sich nicht lesen. Passt das gewählte Format (CSV, XLSX, "
                "JSON) zur Datei?"
            )
        form.add_error("import_file", message)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if isinstance(file_format, base_formats.CSV):
            # With a byte order mark, spreadsheet programs recognise UTF-8 (umlauts).
            kwargs["encoding"] = "utf-8-sig"
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Die Datei hat sich seit der Vorschau als fehlerhaft erwiesen; es wurde "
                    "nichts gespeichert. Bitte erneut hochladen."
                ),
            )
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )
        return super().process_result(result, request)


# Organisations


class OrganisationResource(StaffResource):
    slug = column("slug", gettext_lazy("Kürzel"))
    name = column("name", gettext_lazy("Name"))
    short_name = column("short_name", gettext_lazy("Kurzname"))
    kind = column("kind", gettext_lazy("Art"), ChoiceWidget(OrganisationKind.choices))
    parent = column("parent", gettext_lazy("übergeordnete Organisation"), NameWidget(Organisation))
    description = column("description", gettext_lazy("Beschreibung"))
    website = column("website", gettext_lazy("Website"))
    email = column("email", gettext_lazy("E-Mail"))
    phone = column("phone", gettext_lazy("Telefon"))
    address = column("address", gettext_lazy("Anschrift"))

    class Meta(StaffResource.Meta):
        model = Organisation
        name = gettext_lazy("Organisationen")
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "description",
            "website",
            "email",
            "phone",
            "address",
        )

    def get_queryset(self):
        return Organisation.objects.select_related("parent")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent")

    def after_save_instance(self, instance, row, **kwargs):
        # A new organisation may be the parent of a later row.
        lookup = self.fields["parent"].widget.lookup
        if lookup.find(instance.name) is None:
            lookup.forget()
