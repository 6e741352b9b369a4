"""Broken, hostile and huge uploads to the staff import: each is refused with a German
message, and nothing is saved."""

import io

import openpyxl
import pytest

from measures.models import Measure
from offers.models import Offer
from tests.test_import_export import export, upload, write_csv

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


def test_a_50_mb_file_is_refused_before_it_is_read(staff):
    before = Offer.objects.count()
    huge = b"Titel\n" + b"A" * (50 * 1000 * 1000)
    page = refused(upload(staff, Offer, huge, "csv"))
    assert "höchstens 10 MB" in page
    assert Offer.objects.count() == before


def test_an_xlsx_without_sheets_content_is_refused(staff):
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = refused(upload(staff, Measure, buffer.getvalue(), "xlsx"))
    assert "Datei" in page
