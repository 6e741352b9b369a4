"""What an open dataset is (documented columns, a row reader, the licence) and how it is
written as CSV and JSON."""

import itertools
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gladbeck.spreadsheets import csv_lines

LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung 2.0"
LICENCE_ID = "dl-de/by-2-0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
ATTRIBUTION = "Stadt Gladbeck, Konzept Zusammenleben in Gladbeck"


class Kind:
    """Column types. Each says how a value is written in CSV; JSON keeps the native type."""

    ID = "id"
    TEXT = "text"
    SLUG = "slug"
    SLUGS = "slugs"
    TEXTS = "texts"
    CODE = "code"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    URL = "url"
    UUID = "uuid"


KIND_LABELS = {
    Kind.ID: _("Kennung (Text aus a–z, 0–9 und Bindestrich), dauerhaft"),
    Kind.TEXT: _("Text"),
    Kind.SLUG: _("Kennung (Text aus a–z, 0–9 und Bindestrich)"),
    Kind.SLUGS: _("Liste von Kennungen; in CSV durch „|“ getrennt, in JSON eine Liste"),
    Kind.TEXTS: _("Liste von Texten; in CSV einer je Zeile der Zelle, in JSON eine Liste"),
    Kind.CODE: _("Schlüsselwert aus der genannten Liste"),
    Kind.INTEGER: _("Ganzzahl"),
    Kind.DECIMAL: _("Dezimalzahl mit Punkt als Dezimaltrenner"),
    Kind.BOOLEAN: _("Wahrheitswert: true oder false; leer (JSON: null) heißt „keine Angabe“"),
    Kind.DATE: _("Datum JJJJ-MM-TT"),
    Kind.DATETIME: _("Zeitpunkt nach ISO 8601 mit Zeitzone"),
    Kind.URL: _("Internetadresse"),
    Kind.UUID: _("UUID, dauerhaft"),
}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    kind: str = Kind.TEXT
    choices: tuple = ()

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    included: str
    stable_id: str
    columns: tuple
    read_rows: object = field(repr=False)
    count: object = field(repr=False)

    def rows(self, base_url):
        """The rows as dicts in column order, with native Python values."""
        return self.read_rows(base_url)


def choices_of(text_choices):
    return tuple((value, label) for value, label in text_choices.choices if value)


def slugs_of(objects):
    return [obj.slug for obj in objects]


# --- Maßnahmen ---------------------------------------------------------------------------------


# --- writing -----------------------------------------------------------------------------------


def _number(value):
    """A Decimal as int when whole, else float: 77881, 15.6 (never '77881.00')."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def json_value(value):
    if isinstance(value, Decimal):
        return _number(value)
    if hasattr(value, "isoformat"):
        if hasattr(value, "hour"):
            return timezone.localtime(value).isoformat(timespec="seconds")
        return value.isoformat()
    return value


def _csv_boolean(value):
    return "" if value is None else ("true" if value else "false")


def _csv_joined(separator):
    def cell(value):
        return "" if value is None else separator.join(value)

    return cell


def _csv_text(value):
    if value is None:
        return ""
    if type(value) is str:
        return value
    return str(json_value(value))


CSV_CELLS = {
    Kind.BOOLEAN: _csv_boolean,
    Kind.SLUGS: _csv_joined("|"),
    Kind.TEXTS: _csv_joined("\n"),
}


def csv_stream(dataset, base_url):
    """The dataset as a CSV file, made line by line while the rows are read (a streamed
    download in bounded memory): one header row with the column names, in the portal's CSV
    convention (gladbeck/spreadsheets.py: UTF-8 with a byte order mark, comma, CRLF, no cell
    that starts a formula)."""
    header = [column.name for column in dataset.columns]
    cells = [(column.name, CSV_CELLS.get(column.kind, _csv_text)) for column in dataset.columns]
    rows = ([cell(row[name]) for name, cell in cells] for row in dataset.rows(base_url))
    return csv_lines(itertools.chain([header], rows))


def json_stream(dataset, base_url):
    """The dataset as one JSON document, made piece by piece while the rows are read. The
    number of records ("anzahl") follows them, as it is known only then."""
    head = {
        "titel": str(dataset.title),
        "beschreibung": str(dataset.description),
        "herausgeber": "Stadt Gladbeck",
        "lizenz": {"name": LICENCE_NAME, "kennung": LICENCE_ID, "url": LICENCE_URL},
        "quellenvermerk": ATTRIBUTION,
        "dokumentation": f"{base_url}{reverse('opendata:index')}#{dataset.name}",
    }
    yield json.dumps(head, ensure_ascii=False, indent=1).removesuffix("\n}")
    yield ',\n "datensaetze": ['
    count = 0
    for row in dataset.rows(base_url):
        record = {column.name: json_value(row[column.name]) for column in dataset.columns}
        yield ("," if count else "") + "\n  " + json.dumps(record, ensure_ascii=False)
        count += 1
    yield f'\n ],\n "anzahl": {count}\n}}\n'
