"""Uploaded files: kept compressed with their import run (in the database, so that every server
process and machine finds them), and read back row by row.

Reading streams: a CSV is decoded and split as it is read, an XLSX is read with openpyxl's
read-only mode, so a large file never sits in memory as a whole table. Only JSON is parsed at
once (it is a single value). A file refused as a whole raises ImportFileError with a German
message; rows beyond the row limit are refused before they are imported.
"""

import csv
import gzip
import io
import itertools
import json
import tempfile
import zipfile

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The upload is compressed quickly; CSV and JSON shrink to a fifth or less.
COMPRESSION = 3
CHUNK = 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be imported (German message)."""


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", 10_000_000)


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


def pack(upload):
    """The uploaded file, gzip-compressed, read in chunks."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=COMPRESSION, mtime=0) as packed:
        for chunk in upload.chunks(CHUNK):
            packed.write(chunk)
    return buffer.getvalue()


def unpacked(data):
    """A binary file object reading the original upload back from ``pack()``'s bytes."""
    return gzip.GzipFile(fileobj=io.BytesIO(bytes(data)), mode="rb")


class Table:
    """The rows of a file: ``headers`` (the first row), ``rows`` (an iterator of lists, one per
    further row) and ``total`` (how many rows there are, where it is known before reading)."""

    def __init__(self, headers, rows, total=None, close=None):
        self.headers = list(headers)
        self.total = total
        self._rows = rows
        self._close = close

    @property
    def rows(self):
        limit = max_rows()
        for count, row in enumerate(self._rows, 1):
            if count > limit:
                raise ImportFileError(too_many_rows())
            yield row

    def close(self):
        if self._close:
            self._close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def too_many_rows():
    return _(
        "Die Datei hat mehr als %(limit)s Zeilen; so viele werden auf einmal nicht importiert. "
        "Bitte teilen Sie sie auf."
    ) % {"limit": number_format(max_rows(), force_grouping=True)}


def unreadable():
    return _(
        "Die Datei ließ sich nicht lesen. Passt das gewählte Format (CSV, XLSX, JSON) zur Datei?"
    )


def not_utf8():
    return _(
        "Die Datei ist nicht UTF-8-kodiert und wurde nicht gelesen. Bitte in der "
        "Tabellenkalkulation als „CSV UTF-8“ speichern oder XLSX verwenden."
    )


def no_rows():
    return _(
        "Keine gültigen Daten für den Import. Die erste Zeile muss die Spaltennamen enthalten, "
        "jede weitere einen Eintrag."
    )


def open_table(data, file_format):
    """The Table of a packed upload in ``file_format`` ("csv", "xlsx" or "json")."""
    reader = {"csv": _csv_table, "xlsx": _xlsx_table, "json": _json_table}[file_format]
    try:
        table = reader(data)
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        raise ImportFileError(not_utf8()) from None
    except Exception as error:  # whatever a broken file makes a parser raise
        raise ImportFileError(unreadable()) from error
    if table.total is not None and table.total > max_rows():
        table.close()
        raise ImportFileError(too_many_rows())
    return table


def read_rows(table):
    """``table.rows``, with a decoding or parsing error in the middle of the file refused as a
    whole (ImportFileError) like one at its start."""
    try:
        yield from table.rows
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        raise ImportFileError(not_utf8()) from None
    except Exception as error:
        raise ImportFileError(unreadable()) from error


# CSV: comma- or semicolon-separated (German Excel writes semicolons), UTF-8 with or without
# byte order mark.


def _text(data):
    return io.TextIOWrapper(unpacked(data), encoding="utf-8-sig", newline="")


def _csv_reader(data):
    text = _text(data)
    first = text.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(itertools.chain([first], text), delimiter=delimiter)


def _csv_table(data):
    # A first pass counts the rows (and finds a wrong encoding before anything is imported);
    # it costs a fraction of the import.
    total = -1
    limit = max_rows()
    for _row in _csv_reader(data):
        total += 1
        if total > limit:
            raise ImportFileError(too_many_rows())
    rows = _csv_reader(data)
    headers = next(rows, None)
    if headers is None:
        raise ImportFileError(no_rows())
    return Table(headers, rows, total=total)


# XLSX: the first sheet, read-only. The packed file is unpacked into an anonymous temporary
# file (gone when closed, even if the process is killed), which openpyxl needs to seek in.


def _xlsx_table(data):
    import openpyxl

    spool = tempfile.TemporaryFile()
    try:
        with unpacked(data) as source:
            while chunk := source.read(CHUNK):
                spool.write(chunk)
        spool.seek(0)
        _check_unpacked_size(spool)
        book = openpyxl.load_workbook(spool, read_only=True, data_only=True)
        sheet = book.active
        rows = sheet.iter_rows(values_only=True)
        headers = next(rows, None)
        if headers is None:
            raise ImportFileError(no_rows())
        # The size the sheet states (programs write it); the row limit is checked again while
        # reading, in case a file states too little.
        total = (sheet.max_row - 1) if sheet.max_row else None
    except BaseException:
        spool.close()
        raise

    def close():
        book.close()
        spool.close()

    return Table(headers, (list(row) for row in rows), total=total, close=close)


def _check_unpacked_size(spool):
    """An XLSX is a zip archive: refuse one that would unpack to far more than the size limit
    (a "zip bomb") before it is parsed. The sheet is read as a stream; its shared strings are
    held in memory whole, so they have a tighter limit."""
    with zipfile.ZipFile(spool) as archive:
        infos = archive.infolist()
    spool.seek(0)
    unpacked_size = sum(info.file_size for info in infos)
    strings = sum(info.file_size for info in infos if info.filename.endswith("sharedStrings.xml"))
    if unpacked_size > 20 * max_bytes() or strings > 2 * max_bytes():
        raise ImportFileError(
            _("Die XLSX-Datei ist entpackt zu groß. Bitte teilen Sie sie auf oder nutzen Sie CSV.")
        )


# JSON: a list of objects as the export writes it; the keys of all objects are the columns.


def _json_table(data):
    with _text(data) as text:
        content = json.load(text)
    if not isinstance(content, list) or not all(isinstance(item, dict) for item in content):
        raise ImportFileError(
            _("Die JSON-Datei muss eine Liste von Objekten sein, wie sie der Export schreibt.")
        )
    if not content:
        raise ImportFileError(no_rows())
    headers = list(dict.fromkeys(key for item in content for key in item))
    rows = ([item.get(header) for header in headers] for item in content)
    return Table(headers, rows, total=len(content))
