"""The status report (Sachstandsbericht) for the steering group: who may read it, what it
says about the concept's action fields, challenges and measures, its filters, and the same
report as PDF, XLSX and CSV."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from measures.models import (
    ActionField,
    Challenge,
    Measure,
    MeasureStep,
    ProgressEntry,
    Role,
    Stakeholder,
    Status,
)
from measures.reports import (
    BAR_LEFT,
    BAR_RIGHT,
    ReportFilters,
    build_status_report,
    chart_layout,
    chart_svg,
)
from tests.builders import make_measure, make_organisation
from tests.responses import body

pytestmark = pytest.mark.django_db

URL = "/berichte/sachstand/"


def test_the_report_has_its_german_address():
    assert reverse("measures:status_report") == URL


# Who may read it


def test_anonymous_visitors_are_sent_to_the_login(client):
    for query in ("", "?format=pdf", "?format=xlsx", "?format=csv"):
        response = client.get(URL + query)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_providers_are_refused(client, provider):
    client.force_login(provider)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?format=pdf").status_code == 403


def test_logins_without_a_role_are_refused(client):
    client.force_login(User.objects.create_user("ohne-rolle", password="x", is_staff=True))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["steering", "editor", "superuser"])
def test_steering_group_and_editors_read_the_report(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


# What it says


def text_of(response):
    return " ".join(response.content.decode().split())


def test_every_action_field_has_its_section_with_ranked_challenges_and_votes(client, steering):
    client.force_login(steering)
    response = client.get(URL)
    page = text_of(response)
    report = response.context["report"]
    assert [s.action_field.number for s in report.sections] == [1, 2, 3, 4, 5]
    positions = [
        page.index(f"{field.number}. {field.title}</h2>") for field in ActionField.objects.all()
    ]
    assert positions == sorted(positions)
    first = report.sections[0]
    assert [c.rank for c in first.challenges] == [1, 2, 3, 4, 4, 4]  # §4.1: 7 votes thrice
    assert first.challenges[0].wording.startswith("Vorurteile und Diskriminierungsstrukturen")
    assert first.challenges[0].votes == 12
    assert "12 Stimmen" in page
    assert (
        first.unranked_count
        == Challenge.objects.filter(
            action_field__number=1, rank__isnull=True, is_central=False
        ).count()
    )
    housing = report.sections[4]
    assert [c.is_central for c in housing.challenges] == [True]
    assert "zentrale Herausforderung, ohne Abstimmung" in page


def test_the_summary_counts_every_measure_once_per_status_and_field(client, steering):
    client.force_login(steering)
    report = client.get(URL).context["report"]
    assert report.total == Measure.objects.count()
    for section in report.sections:
        for status in Status:
            expected = Measure.objects.filter(
                action_field=section.action_field, status=status
            ).count()
            assert section.counts.get(status.value, 0) == expected
    assert sum(report.status_totals) == report.total


def test_a_measure_row_shows_status_progress_lead_last_entry_and_next_step(client, steering):
    measure = make_measure(title="Sprachcafé im Stadtteil", status=Status.IN_PROGRESS, progress=40)
    lead = make_organisation(name="Leitende Stelle")
    Stakeholder.objects.create(measure=measure, organisation=lead, role=Role.LEAD)
    Stakeholder.objects.create(
        measure=measure, organisation=make_organisation(name="Mitwirkende"), role=Role.PARTNER
    )
    ProgressEntry.objects.create(measure=measure, date=datetime.date(2027, 1, 10), text="Alt")
    ProgressEntry.objects.create(
        measure=measure, date=datetime.date(2027, 3, 5), text="Räume gefunden"
    )
    MeasureStep.objects.create(measure=measure, position=1, text="Erledigter Schritt", done=True)
    MeasureStep.objects.create(measure=measure, position=3, text="Späterer Schritt")
    MeasureStep.objects.create(measure=measure, position=2, text="Träger ansprechen")
    client.force_login(steering)
    response = client.get(URL)
    row = next(m for m in response.context["report"].measures if m.pk == measure.pk)
    assert row.lead_names == ["Leitende Stelle"]
    assert (row.last_entry_date, row.last_entry_text) == (
        datetime.date(2027, 3, 5),
        "Räume gefunden",
    )
    assert row.next_step_text == "Träger ansprechen"
    page = text_of(response)
    start = page.index("Sprachcafé im Stadtteil")
    cells = page[start : page.index("</tr>", start)]
    for text in (
        "in Umsetzung",
        "40&nbsp;%",
        "Leitende Stelle",
        "05.03.2027",
        "Räume gefunden",
        "Träger ansprechen",
    ):
        assert text in cells
    assert "Mitwirkende" not in cells and "Erledigter Schritt" not in cells


def test_drafts_are_in_the_report_and_marked_but_internal_notes_are_not(client, steering):
    make_measure(title="Noch ein Entwurf", publication=Publication.DRAFT, internal_note="GEHEIM")
    client.force_login(steering)
    page = text_of(client.get(URL))
    start = page.index("Noch ein Entwurf")
    assert "Entwurf</span>" in page[start : start + 300]
    assert "GEHEIM" not in page


def test_a_measure_in_two_fields_is_counted_once_and_names_the_other(client, steering):
    measure = make_measure(title="Doppelt zugeordnet")
    measure.further_action_fields.add(ActionField.objects.get(number=5))
    client.force_login(steering)
    report = client.get(URL).context["report"]
    assert [m.title for m in report.measures].count("Doppelt zugeordnet") == 1
    row = next(m for m in report.measures if m.pk == measure.pk)
    assert [f.number for f in row.further_fields] == [5]


# Filters


def test_filtering_by_action_field_and_status(client, steering):
    make_measure(
        title="Geplant im Wohnen",
        status=Status.PLANNED,
        action_field=ActionField.objects.get(number=5),
    )
    client.force_login(steering)
    response = client.get(URL, {"handlungsfeld": "wohnen-und-quartier", "status": "geplant"})
    report = response.context["report"]
    assert [s.action_field.number for s in report.sections] == [5]
    assert report.measures and all(m.status == Status.PLANNED for m in report.measures)
    assert "Geplant im Wohnen" in text_of(response)
    assert report.filters.describe() == "Handlungsfeld: Wohnen und Quartier; Status: geplant"


def test_changed_since_finds_measures_whose_record_steps_stakeholders_or_progress_changed(
    client, steering
):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    for model in (Measure, MeasureStep, Stakeholder, ProgressEntry):
        model.history.update(history_date=long_ago)
    Measure.objects.update(updated_at=long_ago)
    edited, stepped, joined, reported, untouched = (
        make_measure(title=f"Maßnahme {name}") for name in ("A", "B", "C", "D", "E")
    )
    Measure.objects.filter(pk__in=[m.pk for m in (stepped, joined, reported, untouched)]).update(
        updated_at=long_ago
    )
    Measure.history.filter(id__in=[stepped.pk, joined.pk, reported.pk, untouched.pk]).update(
        history_date=long_ago
    )
    MeasureStep.objects.create(measure=stepped, position=1, text="Neuer Schritt")
    Stakeholder.objects.create(
        measure=joined, organisation=Organisation.objects.first(), role=Role.PARTNER
    )
    ProgressEntry.objects.create(measure=reported, date=datetime.date.today(), text="Bericht")
    ProgressEntry.history.filter(measure_id=reported.pk).update(history_date=long_ago)

    since = (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    client.force_login(steering)
    report = client.get(URL, {"geaendert_seit": since}).context["report"]
    assert {m.title for m in report.measures} == {
        "Maßnahme A",
        "Maßnahme B",
        "Maßnahme C",
        "Maßnahme D",
    }


def test_bad_filter_values_are_explained_and_ignored(client, steering):
    client.force_login(steering)
    response = client.get(
        URL, {"handlungsfeld": "gibt-es-nicht", "status": "fertig", "geaendert_seit": "31.02.2027"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Dieses Handlungsfeld gibt es nicht" in page
    assert "Diesen Status gibt es nicht" in page
    assert "Bitte ein gültiges Datum angeben" in page
    assert response.context["report"].total == Measure.objects.count()
    download = client.get(URL, {"geaendert_seit": "kein Datum", "format": "csv"})
    assert download.status_code == 200


def test_an_unknown_format_shows_the_page_with_a_notice(client, steering):
    client.force_login(steering)
    response = client.get(URL, {"format": "docx"})
    assert response.status_code == 200
    assert "Dieses Dateiformat gibt es nicht" in text_of(response)


def test_the_download_links_keep_the_filters(client, steering):
    client.force_login(steering)
    page = client.get(URL, {"status": "geplant"}).content.decode()
    assert 'href="?status=geplant&amp;format=pdf"' in page
    assert 'href="?status=geplant&amp;format=xlsx"' in page


# Cost


def add_measures(count):
    field = ActionField.objects.get(number=2)
    organisation = Organisation.objects.first()
    for _ in range(count):
        measure = make_measure(action_field=field, status=Status.IN_PROGRESS)
        measure.further_action_fields.add(ActionField.objects.get(number=3))
        Stakeholder.objects.create(measure=measure, organisation=organisation, role=Role.LEAD)
        MeasureStep.objects.create(measure=measure, position=1, text="Schritt")
        ProgressEntry.objects.create(measure=measure, date=datetime.date(2027, 1, 1), text="x")


@pytest.mark.parametrize("query", ["", "?format=pdf", "?format=xlsx", "?format=csv"])
def test_the_report_costs_the_same_queries_for_more_measures(
    client, steering, django_assert_num_queries, query
):
    """Protects /berichte/sachstand/ and its downloads against a query per measure."""
    add_measures(2)
    client.force_login(steering)
    client.get(URL + query)
    with CaptureQueriesContext(connection) as few:
        body(client.get(URL + "?status=in-umsetzung" + query.replace("?", "&")))
    add_measures(40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL + "?status=in-umsetzung" + query.replace("?", "&"))
        body(response)  # a streamed download reads its rows while it is sent
    assert response.status_code == 200


# The chart


def test_the_chart_is_valid_svg_with_one_bar_segment_per_status_and_a_legend(steering):
    make_measure(status=Status.DONE, action_field=ActionField.objects.get(number=1))
    report = build_status_report()
    svg = ET.fromstring(str(chart_svg(report)))
    assert svg.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == "Maßnahmen je Status und Handlungsfeld"
    assert "Zusammenleben und Austausch" in svg.find(f"{ns}desc").text
    segments = [r for r in svg.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    cells = sum(1 for s in report.sections for count in s.count_cells if count)
    assert len(segments) == cells
    legend = [r for r in svg.iter(f"{ns}rect") if r.find(f"{ns}title") is None]
    assert len(legend) == len(Status)
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert all(str(status.label) in texts for status in Status)


def test_bar_lengths_are_proportional_to_the_number_of_measures():
    report = build_status_report()
    layout = chart_layout(report)
    largest = max(s.total for s in report.sections)
    bars = {}
    for shape in layout.shapes:
        if getattr(shape, "title", ""):
            field = shape.title.split(",")[0]
            bars[field] = bars.get(field, 0) + shape.width
    for section in report.sections:
        if section.total:
            expected = (BAR_RIGHT - BAR_LEFT) * section.total / largest
            assert bars[section.action_field.title] == pytest.approx(expected)


def test_the_chart_escapes_names(steering):
    field = ActionField.objects.get(number=1)
    field.title = "Zusammenleben <&> Austausch"
    field.save()
    svg = str(chart_svg(build_status_report()))
    ET.fromstring(svg)
    assert "Zusammenleben &lt;&amp;&gt; Austausch" in svg


# Downloads


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    return reader, pages


def test_the_pdf_is_a4_with_page_numbers_and_holds_every_measure_title(client, steering):
    client.force_login(steering)
    response = client.get(URL + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="sachstandsbericht-')
    assert response.content.startswith(b"%PDF-")
    reader, pages = pdf_text(response.content)
    assert len(pages) > 2
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in text
    # Long compound words may be broken across lines in the narrow column.
    whole = "".join(" ".join(pages).split())
    for title in Measure.objects.values_list("title", flat=True):
        assert "".join(title.split()) in whole, title
    assert "Maßnahmen je Status und Handlungsfeld" in pages[0]
    assert reader.metadata.title.startswith("Sachstandsbericht")


def test_the_pdf_repeats_the_table_header_on_every_page_a_table_spans(client, steering):
    add_measures(45)
    client.force_login(steering)
    _reader, pages = pdf_text(
        client.get(URL + "?format=pdf&handlungsfeld=sprache-und-bildung").content
    )
    table_pages = [text for text in pages if "Testmaßnahme" in text]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert "Maßnahme Status" in text
        assert "federführend letzter Fortschritt nächster offener Schritt" in text


def test_the_pdf_draws_the_chart(client, steering):
    client.force_login(steering)
    _reader, pages = pdf_text(client.get(URL + "?format=pdf").content)
    # The chart's legend and bar labels are text of the drawing on the first pages.
    first = " ".join(pages[:2])
    assert "Idee geplant in Umsetzung umgesetzt verstetigt zurückgestellt" in first


def test_the_pdf_follows_the_filters(client, steering):
    client.force_login(steering)
    _reader, pages = pdf_text(
        client.get(URL + "?format=pdf&handlungsfeld=wohnen-und-quartier").content
    )
    whole = " ".join(pages)
    assert "Runder Tisch" in whole or Measure.objects.filter(action_field__number=5).count() == 0
    for title in Measure.objects.filter(action_field__number=1).values_list("title", flat=True):
        assert " ".join(title.split()) not in whole


def test_the_xlsx_has_a_summary_and_a_sheet_per_action_field_with_typed_columns(client, steering):
    measure = make_measure(
        title="Mit Datum",
        status=Status.PLANNED,
        progress=15,
        action_field=ActionField.objects.get(number=4),
    )
    ProgressEntry.objects.create(measure=measure, date=datetime.date(2027, 2, 1), text="Start")
    client.force_login(steering)
    response = client.get(URL + "?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    titles = list(ActionField.objects.values_list("title", flat=True))
    assert book.sheetnames == ["Übersicht", *titles, "Herausforderungen"]

    summary = book["Übersicht"]
    # Title, date and filters stand in the first rows (tests/test_report_downloads.py).
    header = [cell.value for cell in summary[5]]
    assert header == ["Handlungsfeld", *[str(s.label) for s in Status], "gesamt"]
    rows = list(summary.iter_rows(min_row=6, values_only=True))
    assert [row[0] for row in rows] == [*titles, "gesamt"]
    assert rows[-1][-1] == Measure.objects.count()

    sheet = book["Arbeitsmarkt und Beschäftigung"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Handlungsfeld", "Maßnahme", "Status", "Fortschritt in %"]
    values = next(
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[1] == "Mit Datum"
    )
    assert values["Fortschritt in %"] == 15
    assert values["Status"] == "geplant"
    assert values["letzter Fortschritt am"].date() == datetime.date(2027, 2, 1)
    assert isinstance(values["zuletzt geändert am"], datetime.datetime)
    assert sheet.max_row - 1 == Measure.objects.filter(action_field__number=4).count()

    challenges = book["Herausforderungen"]
    first = next(challenges.iter_rows(min_row=2, values_only=True))
    assert first[:3] == ("Zusammenleben und Austausch", 1, "nein") and first[4] == 12


def test_the_csv_lists_every_measure_with_a_header(client, steering):
    client.force_login(steering)
    response = client.get(URL + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    content = body(response)
    assert content.startswith("\ufeff".encode())
    # Semicolons, for German Excel (tests/test_report_downloads.py).
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Handlungsfeld", "Maßnahme", "Status", "Fortschritt in %"]
    assert len(rows) - 1 == Measure.objects.count()


def test_the_report_builder_applies_filters_without_a_request():
    field = ActionField.objects.get(number=3)
    report = build_status_report(ReportFilters(action_field=field, status=Status.IDEA))
    assert [s.action_field for s in report.sections] == [field]
    assert report.total == Measure.objects.filter(action_field=field, status=Status.IDEA).count()
