"""The status report as an Excel workbook: a summary sheet, one sheet per action field with
one measure per row, and the prioritised challenges. Real columns with a single header row,
numbers as numbers, dates as dates; no text becomes a formula (gladbeck/spreadsheets.py). The
summary sheet opens with the title, the date and the filters, above its table."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gladbeck.charts import palette
from gladbeck.spreadsheets import append_row, model_cell, new_workbook, xlsx_bytes
from measures.reports import MEASURE_COLUMNS, measure_row, summary_columns, summary_rows

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor=palette.WASH.lstrip("#").upper())
DATE_FORMAT = "DD.MM.YYYY"
# Sheet names: at most 31 characters, none of []:*?/\
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


WRAPPED = Alignment(vertical="top", wrap_text=True)
MEASURE_WIDTHS = [26, 40, 15, 12, 30, 26, 14, 50, 50, 16, 14]
DATE_COLUMNS = (6, 10)  # letzter Fortschritt am, zuletzt geändert am


def sheet_name(title, taken):
    name = SHEET_NAME_FORBIDDEN.sub("-", title)[:31].strip()
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _columns(sheet, widths, top=1):
    """What a write-only sheet needs before its first row (its properties, views and columns
    are written then): the column widths, the panes frozen below the table's header row
    ``top``, the print settings."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{top + 1}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = _("Seite &P von &N")


def _table(sheet, columns, rows, top=1, styles=(), last_styles=None):
    """The table from row ``top`` (the next row to be appended): a header row, the rows
    (``_columns()`` first). ``styles``: the model cells of a row; ``last_styles``: of the
    last row."""
    header = [
        model_cell(sheet, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAPPED) for _c in columns
    ]
    append_row(sheet, [str(column) for column in columns], header)
    last = top
    rows = list(rows) if last_styles is not None else rows
    for number, row in enumerate(rows, start=1):
        final = last_styles is not None and number == len(rows)
        append_row(sheet, row, last_styles if final else styles)
        last += 1
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{last}"


def render_xlsx(report):
    workbook = new_workbook(write_only=True)
    stand = timezone.localtime(report.generated_at)
    workbook.properties.title = _("Sachstandsbericht – Konzept Zusammenleben in Gladbeck")
    workbook.properties.subject = report.filters.describe()
    workbook.properties.creator = _("Stadt Gladbeck")
    taken = set()

    summary = workbook.create_sheet(sheet_name(_("Übersicht"), taken))
    columns = summary_columns()
    # What the numbers are about, above them: printed or forwarded, the sheet still says it.
    _columns(summary, [34] + [12] * (len(columns) - 1), top=5)
    append_row(summary, [workbook.properties.title], [model_cell(summary, font=TITLE_FONT)])
    append_row(summary, [report.stand_text()])
    append_row(summary, [_("Auswahl: %(filters)s") % {"filters": report.filters.describe()}])
    summary.append([])
    _table(
        summary,
        columns,
        summary_rows(report),
        top=5,
        last_styles=[model_cell(summary, font=HEADER_FONT) for _c in columns],
    )
    summary.oddHeader.center.text = _("Sachstandsbericht, Stand %(stand)s – %(filter)s") % {
        "stand": stand.strftime("%d.%m.%Y %H:%M"),
        "filter": report.filters.describe(),
    }

    for section in report.sections:
        sheet = workbook.create_sheet(sheet_name(section.action_field.title, taken))
        styles = [
            model_cell(sheet, alignment=WRAPPED, number_format=DATE_FORMAT)
            if index in DATE_COLUMNS
            else model_cell(sheet, alignment=WRAPPED)
            for index in range(len(MEASURE_COLUMNS))
        ]
        _columns(sheet, MEASURE_WIDTHS)
        _table(sheet, MEASURE_COLUMNS, map(measure_row, section.measures), styles=styles)
        sheet.oddHeader.center.text = section.action_field.title

    challenges = workbook.create_sheet(sheet_name(_("Herausforderungen"), taken))
    _columns(challenges, [30, 8, 16, 80, 10, 10])
    rows = [
        [
            section.action_field.title,
            challenge.rank,
            _("ja") if getattr(challenge, "shares_rank", False) else _("nein"),
            challenge.wording,
            challenge.votes,
            _("ja") if challenge.is_central else _("nein"),
        ]
        for section in report.sections
        for challenge in section.challenges
    ]
    _table(
        challenges,
        [
            _("Handlungsfeld"),
            _("Rang"),
            _("gleich gewichtet"),
            _("Herausforderung"),
            _("Stimmen"),
            _("zentral"),
        ],
        rows,
        styles=[None, None, None, model_cell(challenges, alignment=WRAPPED)],
    )

    return xlsx_bytes(workbook)
