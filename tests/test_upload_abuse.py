"""Broken, hostile and huge uploads to the staff import: each is refused with a German
message, and nothing is saved."""

import io
from unittest import mock

import openpyxl
import pytest

from gladbeck.staff_import.models import ImportRun
from gladbeck.staff_import.resources import StaffResource
from measures.models import Measure
from offers.models import Offer
from tests.test_import_export import background_runs_here, export, upload, write_csv  # noqa: F401

pytestmark = pytest.mark.django_db


def refused(response):
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    return response.content.decode()


def a_valid_xlsx(client):
    return export(client, Measure, "xlsx")


@pytest.fixture
def staff(client, editor):
    client.force_login(editor)
    return client


def test_a_truncated_xlsx_is_refused(staff):
    before = Measure.objects.count()
    content = a_valid_xlsx(staff)
    page = refused(upload(staff, Measure, content[: len(content) // 2], "xlsx"))
    assert "Die Datei ließ sich nicht lesen" in page
    assert Measure.objects.count() == before


@pytest.mark.parametrize("file_format", ["xlsx", "csv", "json"])
def test_binary_garbage_is_refused(staff, file_format):
    before = Offer.objects.count()
    garbage = bytes(range(256)) * 64
    page = refused(upload(staff, Offer, garbage, file_format))
    assert "Datei" in page
    assert Offer.objects.count() == before


def test_a_csv_in_the_wrong_encoding_is_refused(staff):
    before = Measure.objects.count()
    content = write_csv(
        [["Titel", "Handlungsfeld"], ["Begegnungscafé für Mütter", "Wohnen und Quartier"]], "cp1252"
    )
    page = refused(upload(staff, Measure, content, "csv"))
    assert "nicht UTF-8-kodiert" in page
    assert Measure.objects.count() == before


def test_an_xlsx_that_is_a_renamed_csv_is_refused(staff):
    page = refused(upload(staff, Measure, b"Titel;Handlungsfeld\nx;y\n", "xlsx"))
    assert "Die Datei ließ sich nicht lesen" in page


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(staff, settings):
    settings.IMPORT_MAX_BYTES = 2_000_000
    before = Offer.objects.count()
    huge = b"Titel\n" + b"A" * 2_000_000
    page = refused(upload(staff, Offer, huge, "csv"))
    assert "höchstens 2 MB" in page
    assert not ImportRun.objects.exists()  # not even stored
    assert Offer.objects.count() == before


def test_a_file_with_more_rows_than_the_limit_is_refused(staff, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [["Kürzel", "Titel", "Kategorie"]]
    rows += [[f"zeile-{i}", f"Zeile {i}", "Beratung"] for i in range(6)]
    page = refused(upload(staff, Offer, write_csv(rows), "csv"))
    assert "mehr als 5 Zeilen" in page
    assert not Offer.objects.filter(slug__startswith="zeile-").exists()


def test_an_xlsx_of_a_million_rows_is_refused_before_its_rows_are_read(staff):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Kürzel", "Titel", "Kategorie"])
    workbook.active.cell(row=1_000_001, column=1, value="letzte-zeile")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with mock.patch.object(StaffResource, "import_chunk", side_effect=AssertionError("read")):
        page = refused(upload(staff, Offer, buffer.getvalue(), "xlsx"))
    assert "mehr als 100.000 Zeilen" in page


def test_an_xlsx_that_unpacks_to_far_more_than_the_limit_is_refused(staff, settings):
    settings.IMPORT_MAX_BYTES = 100_000
    workbook = openpyxl.Workbook()
    workbook.active.append(["Kürzel", "Titel", "Kategorie"])
    for i in range(100):  # 3 MB of text that packs to a few kB
        workbook.active.append([f"bombe-{i}", "A" * 30_000, "Beratung"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 100_000
    page = refused(upload(staff, Offer, buffer.getvalue(), "xlsx"))
    assert "entpackt zu groß" in page
    assert not Offer.objects.filter(slug__startswith="bombe").exists()


def test_an_xlsx_without_sheets_content_is_refused(staff):
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = refused(upload(staff, Measure, buffer.getvalue(), "xlsx"))
    assert "Datei" in page
