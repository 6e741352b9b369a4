"""The status report as an Excel workbook: a summary sheet, one sheet per action field with
one measure per row, and the prioritised challenges. Real columns with a single header row,
numbers as numbers, dates as dates; no text becomes a formula (gladbeck/spreadsheets.py). The
summary sheet opens with the title, the date and the filters, above its table."""

import re
from copy import copy

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gladbeck.charts import palette
from gladbeck.spreadsheets import append_row, new_workbook, xlsx_bytes
from measures.reports import MEASURE_COLUMNS, measure_row, summary_columns, summary_rows

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor=palette.WASH.lstrip("#").upper())
DATE_FORMAT = "DD.MM.YYYY"
# Sheet names: at most 31 characters, none of []:*?/\
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


WRAPPED = Alignment(vertical="top", wrap_text=True)


def copy_styles(model, row):
    """Give the cells of ``row`` the styles of the cells of ``model``. Copying the cell's
    style record is what openpyxl does when it copies a worksheet; setting a style object on
    each cell instead looks it up in the workbook every time, which took most of the time of
    a report with thousands of measures."""
    for source, cell in zip(model, row, strict=True):
        cell._style = copy(source._style)


def sheet_name(title, taken):
    name = SHEET_NAME_FORBIDDEN.sub("-", title)[:31].strip()
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def _table(sheet, columns, rows, widths, top=1):
    """The table from row ``top`` (the next row to be appended): a header row, the rows."""
    append_row(sheet, [str(column) for column in columns])
    for cell in sheet[top]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAPPED
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{top + 1}"
    last = f"{get_column_letter(len(columns))}{max(sheet.max_row, top)}"
    sheet.auto_filter.ref = f"A{top}:{last}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = _("Seite &P von &N")


def render_xlsx(report):
    workbook = new_workbook()
    stand = timezone.localtime(report.generated_at)
    workbook.properties.title = _("Sachstandsbericht – Konzept Zusammenleben in Gladbeck")
    workbook.properties.subject = report.filters.describe()
    workbook.properties.creator = _("Stadt Gladbeck")
    taken = set()

    summary = workbook.active
    summary.title = sheet_name(_("Übersicht"), taken)
    # What the numbers are about, above them: printed or forwarded, the sheet still says it.
    append_row(summary, [workbook.properties.title])
    summary["A1"].font = TITLE_FONT
    append_row(summary, [report.stand_text()])
    append_row(summary, [_("Auswahl: %(filters)s") % {"filters": report.filters.describe()}])
    summary.append([])
    columns = summary_columns()
    _table(summary, columns, summary_rows(report), [34] + [12] * (len(columns) - 1), top=5)
    for cell in summary[summary.max_row]:
        cell.font = HEADER_FONT
    summary.oddHeader.center.text = _("Sachstandsbericht, Stand %(stand)s – %(filter)s") % {
        "stand": stand.strftime("%d.%m.%Y %H:%M"),
        "filter": report.filters.describe(),
    }

    widths = [26, 40, 15, 12, 30, 26, 14, 50, 50, 16, 14]
    for section in report.sections:
        sheet = workbook.create_sheet(sheet_name(section.action_field.title, taken))
        _table(sheet, MEASURE_COLUMNS, [measure_row(m) for m in section.measures], widths)
        rows = sheet.iter_rows(min_row=2)
        first = next(rows, None)
        if first is not None:
            for cell in first:
                cell.alignment = WRAPPED
            first[6].number_format = DATE_FORMAT
            first[10].number_format = DATE_FORMAT
            for row in rows:
                copy_styles(first, row)
        sheet.oddHeader.center.text = section.action_field.title

    challenges = workbook.create_sheet(sheet_name(_("Herausforderungen"), taken))
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
        [30, 8, 16, 80, 10, 10],
    )
    for row in challenges.iter_rows(min_row=2):
        row[3].alignment = WRAPPED

    return xlsx_bytes(workbook)
