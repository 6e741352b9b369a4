"""The cells of a staff file: each widget turns a cell into a value, or raises ValueError with a
German message, and writes a value back as staff type it (see the package docstring)."""

import datetime
import re

from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

from gladbeck.spreadsheets import restore

SEPARATOR = ";"


def quoted(values):
    return ", ".join(f"„{value}“" for value in values)


def normal(text):
    """For comparing names: case and runs of white space do not matter."""
    return " ".join(str(text).split()).casefold()


class TextWidget(widgets.CharWidget):
    """Text as it is; a number typed into a text column is taken as its digits. Line breaks
    are stored as "\\n" whatever the file used. The apostrophe that our exports put before a
    text starting like a formula (gladbeck/spreadsheets.py) is taken off again."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return restore(str(value)).replace("\r\n", "\n").replace("\r", "\n")

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
        text = "" if value is None else normal(value)
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
        text = "" if value is None else normal(value)
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (normal(label), normal(stored)):
                return stored
        raise ValueError(
            _("„%(value)s“ ist nicht vorgesehen. Möglich sind: %(allowed)s.")
            % {"value": value, "allowed": quoted(label for stored, label in self.choices)}
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
                self._by_name.setdefault(normal(getattr(obj, self.field)), obj)
        return self._by_name.get(normal(name))

    def remember(self, obj):
        """A record made earlier in the same file (not saved yet while previewing)."""
        self.find("")
        self._by_name.setdefault(normal(getattr(obj, self.field)), obj)

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
                % {"model": self.model._meta.verbose_name_plural, "names": quoted(unknown)}
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


def cell_text(value):
    """A cell of a file as text, a date cell of an XLSX as its date."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time.min:
        value = value.date()
    return "" if value is None else str(value)


def german_slug(text, max_length=80):
    text = str(text)
    for umlaut, replacement in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, replacement).replace(umlaut.upper(), replacement.title())
    return slugify(text)[:max_length].strip("-")
