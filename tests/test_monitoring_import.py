"""Staff import observations from a tidy CSV or XLSX file in the admin: a preview first,
every problem by row and column, nothing saved while anything is wrong, and the same file
imported twice changes nothing."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gladbeck.models import District
from monitoring.models import Breakdown, Indicator, Observation

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1"}
IMPORT = reverse("admin:monitoring_observation_import")
PROCESS = reverse("admin:monitoring_observation_process_import")
HEADER = [
    "Indikator",
    "Stichtag",
    "Stadtteil",
    "Aufschlüsselung",
    "Ausprägung",
    "Wert",
    "Anmerkung",
]
GOOD_ROWS = [
    ["bev-auslaender", "31.12.2019", "Brauck", "", "", "3310", "Fortschreibung"],
    ["bev-auslaender", "2019-12-31", "", "", "", "12500", ""],
    ["bev-auslaender-alter", "31.12.2019", "", "Altersgruppe", "0 bis 6 Jahre", "731", ""],
    ["bev-auslaenderanteil", "31.12.2019", "", "", "", "15,9", ""],
]


def csv_file(rows, header=HEADER):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def upload(client, content, file_format="csv"):
    return client.post(
        IMPORT,
        {
            "resource": "0",
            "format": FORMATS[file_format],
            "import_file": SimpleUploadedFile(f"werte.{file_format}", content),
        },
        follow=True,
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS, {name: form.initial.get(name, "") for name in form.fields})


def import_file(client, content, file_format="csv"):
    preview = upload(client, content, file_format)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, preview.content.decode()[-3000:]
    assert confirm(client, preview).status_code == 302
    return totals(preview)


def totals(preview):
    run = preview.context["run"]
    return {"new": run.new, "update": run.updated, "skip": run.skipped}


def errors_by_row(preview):
    """{row number as in the spreadsheet (header = 1): {column: [messages]}}."""
    errors = {}
    for line, column, message in preview.context["run"].errors:
        errors.setdefault(line, {}).setdefault(column, []).append(message)
    return errors


def test_staff_see_a_preview_before_anything_is_saved(client, editor):
    client.force_login(editor)
    before = Observation.objects.count()
    preview = upload(client, csv_file(GOOD_ROWS))
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert totals(preview)["new"] == 4
    assert Observation.objects.count() == before


def test_a_tidy_csv_imports_values_by_district_and_breakdown(client, editor):
    client.force_login(editor)
    import_file(client, csv_file(GOOD_ROWS))
    brauck = Observation.objects.get(
        indicator__code="bev-auslaender",
        reference_date=datetime.date(2019, 12, 31),
        district=District.objects.get(name="Brauck"),
    )
    assert brauck.value == 3310 and brauck.note == "Fortschreibung"
    age = Observation.objects.get(
        indicator__code="bev-auslaender-alter", reference_date=datetime.date(2019, 12, 31)
    )
    assert (age.breakdown, age.breakdown_value, age.value) == (
        Breakdown.AGE_GROUP,
        "0 bis 6 Jahre",
        731,
    )
    share = Observation.objects.get(
        indicator__code="bev-auslaenderanteil", reference_date=datetime.date(2019, 12, 31)
    )
    assert share.value == Decimal("15.9")
    assert client.get("/monitoring/bev-auslaender/").content.decode().count("12.500") >= 1


def test_importing_the_same_file_twice_changes_nothing(client, editor):
    client.force_login(editor)
    import_file(client, csv_file(GOOD_ROWS))
    count = Observation.objects.count()
    history = Observation.history.count()
    result = import_file(client, csv_file(GOOD_ROWS))
    assert result["skip"] == 4
    assert result["new"] == result["update"] == 0
    assert Observation.objects.count() == count
    assert Observation.history.count() == history


def test_a_corrected_value_updates_its_observation(client, editor):
    client.force_login(editor)
    import_file(client, csv_file(GOOD_ROWS))
    count = Observation.objects.count()
    corrected = [row[:] for row in GOOD_ROWS]
    corrected[0][5] = "3320"
    result = import_file(client, csv_file(corrected))
    assert (result["update"], result["skip"]) == (1, 3)
    assert Observation.objects.count() == count
    assert (
        Observation.objects.get(district__name="Brauck", reference_date="2019-12-31").value == 3320
    )


def test_an_xlsx_file_with_date_and_number_cells_imports_too(client, editor):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(
        ["bev-auslaender", datetime.datetime(2020, 12, 31), "Zweckel", None, None, 1201, None]
    )
    sheet.append(
        ["bev-auslaenderanteil", datetime.date(2020, 12, 31), None, None, None, 16.2, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(editor)
    import_file(client, buffer.getvalue(), "xlsx")
    assert (
        Observation.objects.get(district__name="Zweckel", reference_date="2020-12-31").value == 1201
    )
    assert Observation.objects.get(
        indicator__code="bev-auslaenderanteil", reference_date="2020-12-31"
    ).value == Decimal("16.2")
    result = import_file(client, buffer.getvalue(), "xlsx")
    assert result["skip"] == 2


def test_the_csv_download_of_an_indicator_page_imports_without_changes(client, editor):
    download = client.get("/monitoring/bev-auslaender-herkunft/?format=csv").content
    client.force_login(editor)
    result = import_file(client, download)
    assert result["skip"] == 7
    assert result["new"] == result["update"] == 0


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_saved(client, editor):
    rows = [
        GOOD_ROWS[0],
        ["gibt-es-nicht", "31.12.2019", "", "", "", "1", ""],
        ["bev-auslaender", "31.13.2019", "", "", "", "1", ""],
        ["bev-auslaender", "31.12.2019", "Atlantis", "", "", "1", ""],
        ["bev-auslaender", "31.12.2019", "", "Sternzeichen", "Widder", "1", ""],
        ["bev-auslaender", "31.12.2018", "", "", "", "3.159,5", ""],
        ["bev-auslaender", "31.12.2016", "", "", "", "viele", ""],
        ["bev-auslaender-alter", "31.12.2019", "", "Altersgruppe", "", "5", ""],
        ["bev-auslaender", "31.12.2019", "Brauck", "", "", "3311", ""],
        ["bev-auslaender", "31.12.2017", "Brauck", "", "", "3.159", ""],
    ]
    client.force_login(editor)
    before = (Observation.objects.count(), Observation.history.count())
    preview = upload(client, csv_file(rows))
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    errors = errors_by_row(preview)
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "Indikator" in errors[3] and "gibt-es-nicht" in errors[3]["Indikator"][0]
    assert "Stichtag" in errors[4]
    assert "Atlantis" in errors[5]["Stadtteil"][0]
    assert "Sternzeichen" in errors[6]["Aufschlüsselung"][0]
    assert "Tausenderpunkt" in errors[7]["Wert"][0]
    assert "keine Zahl" in errors[8]["Wert"][0]
    assert "Ausprägung" in " ".join(sum(errors[9].values(), []))
    assert "Zeile 2" in " ".join(sum(errors[10].values(), []))
    assert "Tausenderpunkt" in errors[11]["Wert"][0]  # 3.159 read as a decimal is a mistake
    html = preview.content.decode()
    assert "Zeile 5, Spalte „Stadtteil“" in html
    assert (Observation.objects.count(), Observation.history.count()) == before


def test_a_file_without_an_identifying_column_is_refused_as_a_whole(client, editor):
    client.force_login(editor)
    header = ["Indikator", "Stichtag", "Wert"]
    preview = upload(client, csv_file([["bev-auslaender", "31.12.2019", "1"]], header=header))
    assert preview.context.get("confirm_form") is None
    html = preview.content.decode()
    assert "Stadtteil" in html and "fehlen" in html
    assert "Traceback" not in html


def test_the_steering_group_and_providers_may_not_import_observations(client, steering, provider):
    for user in (steering, provider):
        client.force_login(user)
        assert client.get(IMPORT).status_code == 403
        assert client.post(IMPORT, {"resource": "0", "format": "0"}).status_code == 403


def test_the_steering_group_may_export_observations(client, steering):
    client.force_login(steering)
    response = client.get(reverse("admin:monitoring_observation_export"))
    assert response.status_code == 200


def test_an_indicator_code_with_other_capitals_still_matches():
    from monitoring.resources import ObservationResource

    resource = ObservationResource()
    assert resource.fields["indicator"].widget.clean("BEV-Auslaender") == Indicator.objects.get(
        code="bev-auslaender"
    )
