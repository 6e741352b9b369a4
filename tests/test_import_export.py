"""Staff import and export in the admin: German columns, preview before saving, a bad file
saves nothing and names every problem by row and column, the round trip changes nothing,
and each role may do only what it should."""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from gladbeck.models import District, Organisation
from gladbeck.publishing import Publication
from gladbeck.staff_import import runs
from measures.models import ActionField, Challenge, Measure, Role, Stakeholder, Status
from measures.resources import MeasureResource
from offers.models import Offer
from tests.builders import make_measure, make_offer, make_organisation

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}


def url(model, action):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


def export(client, model, file_format="csv"):
    """Download the export of ``model`` with every column, as the admin's form sends it."""
    page = client.get(url(model, "export"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": FORMATS[file_format], "resource": "0"}
    data |= {name: "on" for name, field in form.fields.items() if name not in data}
    data.pop("export_items", None)
    response = client.post(url(model, "export"), data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def write_csv(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture(autouse=True)
def background_runs_here(monkeypatch):
    """Large files are checked and imported by a process of their own (runs.launch); the test
    database lives in this process, so upload() and confirm() work off the waiting runs here,
    after the request, as that process would."""
    monkeypatch.setattr(runs, "in_background", lambda run: None)


def upload(client, model, content, file_format="csv"):
    """The first step: upload and preview (the page of the import run). Nothing is saved."""
    name = f"liste.{file_format}"
    response = client.post(
        url(model, "import"),
        {
            "resource": "0",
            "format": FORMATS[file_format],
            "import_file": SimpleUploadedFile(name, content),
        },
    )
    if response.status_code != 302:
        return response  # refused at once, or not allowed
    runs.work()
    return client.get(response.url)


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    response = client.post(url(model, "process_import"), data)
    runs.work()
    return response


def totals(preview):
    run = preview.context["run"]
    return {"new": run.new, "update": run.updated, "skip": run.skipped}


def import_file(client, model, content, file_format="csv"):
    preview = upload(client, model, content, file_format)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, page_errors(preview)
    response = confirm(client, model, preview)
    assert response.status_code == 302
    return preview, response


def page_errors(response):
    html = response.content.decode()
    start = html.find('<ul class="import-errors')
    if start < 0:
        start = html.find("errorlist")
    return html[start : start + 3000]


def measure_row(**values):
    row = {
        "Kürzel": "neue-massnahme",
        "Titel": "Neue Maßnahme",
        "Handlungsfeld": "Sprache und Bildung",
        "Status": "geplant",
        "Fortschritt in %": "10",
        "Stadtteile": "Brauck; Butendorf",
        "geplanter Beginn": "01.03.2027",
    }
    row.update(values)
    return row


def rows_to_csv(rows):
    headers = list(rows[0])
    return write_csv([headers] + [[row.get(h, "") for h in headers] for row in rows])


# Export


def test_the_measures_export_has_german_columns_and_readable_values(client, editor):
    measure = make_measure(title="Sprachcafé im Quartier", status=Status.IN_PROGRESS, progress=40)
    measure.districts.set(District.objects.filter(name__in=["Brauck", "Zweckel"]))
    vhs = make_organisation(name="Volkshochschule Test")
    Stakeholder.objects.create(measure=measure, organisation=vhs, role=Role.LEAD)
    client.force_login(editor)

    rows = read_csv(export(client, Measure))
    header = rows[0]
    assert header[:6] == ["Kürzel", "Titel", "Kurzfassung", "Ziel", "Beschreibung", "Handlungsfeld"]
    assert "Akteur*innen" in header and "Fortschritt in %" in header
    row = dict(zip(header, next(r for r in rows if r[0] == measure.slug), strict=True))
    assert row["Handlungsfeld"] == "Zusammenleben und Austausch"
    assert row["Status"] == "in Umsetzung"
    assert row["Fortschritt in %"] == "40"
    assert row["Stadtteile"] == "Zweckel; Brauck"  # in the order of the districts
    assert row["Akteur*innen"] == "Volkshochschule Test (federführend)"
    assert row["Veröffentlichung"] == "veröffentlicht"


def test_the_xlsx_export_writes_dates_as_dates_and_numbers_as_numbers(client, editor):
    import datetime

    make_measure(slug="mit-datum", progress=25, planned_start=datetime.date(2027, 3, 1))
    client.force_login(editor)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, Measure, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "mit-datum")
    values = dict(zip(header, row, strict=True))
    assert values["Fortschritt in %"] == 25
    assert values["geplanter Beginn"].date() == datetime.date(2027, 3, 1)


def test_the_measures_export_costs_the_same_queries_for_more_measures(client, editor):
    client.force_login(editor)
    export(client, Measure)  # warm up permission caches
    with CaptureQueriesContext(connection) as few:
        export(client, Measure)
    for _ in range(60):
        measure = make_measure()
        measure.districts.set(District.objects.all()[:2])
    with CaptureQueriesContext(connection) as many:
        export(client, Measure)
    # One query more per page of 100 rows at most, never one per row.
    assert len(many.captured_queries) <= len(few.captured_queries) + 8


# Round trip


ROUND_TRIP = [Measure, Offer, Organisation, Challenge]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("model", ROUND_TRIP, ids=lambda m: m.__name__)
def test_exporting_and_reimporting_the_same_file_changes_nothing(
    client, editor, model, file_format
):
    client.force_login(editor)
    history_before = model.history.count()
    content = export(client, model, file_format)
    preview, _ = import_file(client, model, content, file_format)
    result = totals(preview)
    assert result["skip"] == model.objects.count()
    assert result["new"] == result["update"] == 0
    assert model.history.count() == history_before
    assert export(client, model, file_format) == content or file_format == "xlsx"


def test_a_round_trip_keeps_stakeholders_and_their_notes(client, editor):
    client.force_login(editor)
    before = set(Stakeholder.objects.values_list("measure_id", "organisation_id", "role", "note"))
    import_file(client, Measure, export(client, Measure))
    after = set(Stakeholder.objects.values_list("measure_id", "organisation_id", "role", "note"))
    assert after == before


# Preview and import


def test_an_import_shows_a_preview_and_saves_only_when_confirmed(client, editor):
    existing = make_measure(slug="bestehende-massnahme", title="Bestehend", progress=0)
    client.force_login(editor)
    content = rows_to_csv(
        [
            measure_row(),
            measure_row(
                **{"Kürzel": existing.slug, "Titel": "Bestehend", "Fortschritt in %": "30"}
            ),
        ]
    )
    preview = upload(client, Measure, content)
    html = preview.content.decode()
    assert "Vorschau" in html and "Import bestätigen" in html
    assert not Measure.objects.filter(slug="neue-massnahme").exists()
    existing.refresh_from_db()
    assert existing.progress == 0

    response = confirm(client, Measure, preview)
    assert response.status_code == 302
    created = Measure.objects.get(slug="neue-massnahme")
    assert created.action_field.title == "Sprache und Bildung"
    assert created.status == Status.PLANNED
    assert {d.name for d in created.districts.all()} == {"Brauck", "Butendorf"}
    assert str(created.planned_start) == "2027-03-01"
    assert created.publication == Publication.DRAFT
    existing.refresh_from_db()
    assert existing.progress == 30
    latest = existing.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Import aus liste.csv"
    first = created.history.get()
    assert (first.history_type, first.history_user) == ("+", editor)
    assert {row.district.name for row in first.districts.all()} == {"Brauck", "Butendorf"}
    assert LogEntry.objects.filter(user=editor).count() == 2


def test_columns_left_out_of_a_file_stay_as_they_are(client, editor):
    measure = make_measure(slug="teilweise", title="Teilweise", summary="Bleibt", progress=5)
    client.force_login(editor)
    import_file(client, Measure, write_csv([["Kürzel", "Status"], ["teilweise", "umgesetzt"]]))
    measure.refresh_from_db()
    assert (measure.status, measure.summary, measure.progress) == ("umgesetzt", "Bleibt", 5)


def test_a_row_without_kuerzel_becomes_a_new_record_named_after_its_title(client, editor):
    client.force_login(editor)
    import_file(
        client,
        Measure,
        rows_to_csv([measure_row(**{"Kürzel": "", "Titel": "Größere Begegnungsräume"})]),
    )
    assert Measure.objects.get(title="Größere Begegnungsräume").slug == "groessere-begegnungsraeume"


def test_a_semicolon_separated_file_from_german_excel_is_read(client, editor):
    client.force_login(editor)
    rows = [list(measure_row()), list(measure_row().values())]
    import_file(client, Measure, write_csv(rows, delimiter=";"))
    assert Measure.objects.filter(slug="neue-massnahme").exists()


def test_importing_stakeholders_replaces_the_list_and_keeps_notes(client, editor):
    measure = make_measure(slug="mit-akteuren", title="Mit Akteuren")
    stays = make_organisation(name="Bleibt e.V.")
    goes = make_organisation(name="Geht e.V.")
    comes = make_organisation(name="Kommunales Integrationszentrum (KI) Test")
    Stakeholder.objects.create(measure=measure, organisation=stays, role=Role.PARTNER, note="Notiz")
    Stakeholder.objects.create(measure=measure, organisation=goes, role=Role.PARTNER)
    client.force_login(editor)
    content = write_csv(
        [
            ["Kürzel", "Akteur*innen"],
            [
                "mit-akteuren",
                "Bleibt e.V. (federführend); "
                "Kommunales Integrationszentrum (KI) Test (einzubinden)",
            ],
        ]
    )
    import_file(client, Measure, content)
    stakeholders = {s.organisation: s for s in measure.stakeholders.all()}
    assert set(stakeholders) == {stays, comes}
    assert (stakeholders[stays].role, stakeholders[stays].note) == (Role.LEAD, "Notiz")
    assert stakeholders[comes].role == Role.TO_INVOLVE


def test_challenges_and_organisations_are_imported_by_name(client, editor):
    client.force_login(editor)
    import_file(
        client,
        Organisation,
        write_csv(
            [
                ["Kürzel", "Name", "Art", "übergeordnete Organisation"],
                ["neues-amt", "Neues Amt", "Verwaltung", "Stadtverwaltung Gladbeck"],
            ]
        ),
    )
    amt = Organisation.objects.get(slug="neues-amt")
    assert (amt.kind, amt.parent.slug) == ("verwaltung", "stadtverwaltung-gladbeck")

    import_file(
        client,
        Challenge,
        write_csv(
            [
                ["Kürzel", "Handlungsfeld", "Wortlaut", "Zielgruppen", "zentrale Herausforderung"],
                ["neue-hf", "Wohnen und Quartier", "Zu wenig Wohnraum", "Familien", "nein"],
            ]
        ),
    )
    challenge = Challenge.objects.get(slug="neue-hf")
    assert challenge.action_field.slug == "wohnen-und-quartier"
    assert [g.name for g in challenge.target_groups.all()] == ["Familien"]


# Bad files


def error_lines(response):
    """The problems the import page lists, as plain text lines."""
    html = response.content.decode()
    start = html.find("import-errors")
    if start < 0:
        return []
    block = html[start : html.find("</ul>", start)]
    return [" ".join(strip_tags(item).split()) for item in block.split("<li>")[1:]]


def test_a_file_with_bad_rows_saves_nothing_and_names_every_problem(client, editor):
    client.force_login(editor)
    measures_before = Measure.objects.count()
    organisations_before = Organisation.objects.count()
    content = rows_to_csv(
        [
            measure_row(**{"Kürzel": "gute-zeile", "Akteur*innen": "Jobcenter (beteiligt)"}),
            measure_row(**{"Kürzel": "feld", "Handlungsfeld": "Sport und Spiel"}),
            measure_row(**{"Kürzel": "fortschritt", "Fortschritt in %": "150"}),
            measure_row(**{"Kürzel": "ohne-titel", "Titel": ""}),
            measure_row(**{"Kürzel": "datum", "geplanter Beginn": "31.02.2027"}),
            measure_row(**{"Kürzel": "stadtteil", "Stadtteile": "Brauck; Gladbeck-Ost"}),
            measure_row(**{"Kürzel": "akteur", "Akteur*innen": "Erfundener Verein (beteiligt)"}),
            measure_row(**{"Kürzel": "status", "Status": "fast fertig"}),
        ]
    )
    response = upload(client, Measure, content)
    assert response.context.get("confirm_form") is None
    html = response.content.decode()
    assert "Die Datei wurde nicht importiert: 7 Zeilen sind fehlerhaft" in html
    lines = "\n".join(error_lines(response))
    expected = [
        "Zeile 3, Spalte „Handlungsfeld“: Handlungsfeld „Sport und Spiel“ gibt es nicht.",
        "Zeile 4, Spalte „Fortschritt in %“: Dieser Wert muss kleiner oder gleich 100 sein.",
        "Zeile 5, Spalte „Titel“: Dieses Feld darf nicht leer sein.",
        "Zeile 6, Spalte „geplanter Beginn“: „31.02.2027“ ist kein gültiges Datum",
        "Zeile 7, Spalte „Stadtteile“: Unbekannt (Stadtteile): „Gladbeck-Ost“.",
        "Zeile 8, Spalte „Akteur*innen“: Organisation „Erfundener Verein“ gibt es nicht.",
        "Zeile 9, Spalte „Status“: „fast fertig“ ist nicht vorgesehen. Möglich sind: „Idee“",
    ]
    for message in expected:
        assert message.replace("„", "&bdquo;") in lines or message in lines, (message, lines)
    assert Measure.objects.count() == measures_before
    assert Organisation.objects.count() == organisations_before
    assert not Measure.objects.filter(slug="gute-zeile").exists()


def test_rules_between_columns_are_checked_too(client, editor):
    client.force_login(editor)
    content = rows_to_csv(
        [measure_row(**{"geplanter Beginn": "2027-05-01", "geplantes Ende": "2027-04-01"})]
    )
    lines = error_lines(upload(client, Measure, content))
    assert lines == ["Zeile 2: Das geplante Ende liegt vor dem geplanten Beginn."]
    offers = write_csv(
        [
            ["Kürzel", "Titel", "Kategorie", "Mindestalter", "Höchstalter"],
            ["alter", "Alter", "Beratung", "16", "12"],
        ]
    )
    assert error_lines(upload(client, Offer, offers)) == [
        "Zeile 2: Das Höchstalter liegt unter dem Mindestalter."
    ]
    assert not Measure.objects.filter(slug="neue-massnahme").exists()
    assert not Offer.objects.filter(slug="alter").exists()


def test_a_kuerzel_twice_in_one_file_is_an_error(client, editor):
    client.force_login(editor)
    content = rows_to_csv([measure_row(), measure_row(Titel="Noch einmal")])
    assert error_lines(upload(client, Measure, content)) == [
        "Zeile 3, Spalte „Kürzel“: „neue-massnahme“ steht schon in Zeile 2; jedes Kürzel darf "
        "nur einmal in der Datei stehen."
    ]


def test_every_problem_of_one_row_is_listed(client, editor):
    client.force_login(editor)
    content = rows_to_csv(
        [measure_row(**{"Titel": "", "Fortschritt in %": "150", "Handlungsfeld": "Sport"})]
    )
    lines = error_lines(upload(client, Measure, content))
    assert len([line for line in lines if line.startswith("Zeile 2,")]) == 3


def test_the_resource_saves_nothing_of_a_file_with_one_bad_row_even_without_preview(editor):
    rows = [measure_row(**{"Kürzel": f"ok-{i}", "Titel": f"OK {i}"}) for i in range(3)]
    rows.append(measure_row(**{"Kürzel": "kaputt", "Fortschritt in %": "150"}))
    from import_export.formats.base_formats import CSV

    dataset = CSV(encoding="utf-8").create_dataset(rows_to_csv(rows).decode())
    result = MeasureResource(user=editor).import_data(dataset, dry_run=False)
    assert result.has_errors()
    assert not Measure.objects.filter(slug__startswith="ok-").exists()


def test_a_file_in_the_wrong_encoding_is_refused_in_german(client, editor):
    client.force_login(editor)
    content = rows_to_csv([measure_row(**{"Titel": "Begegnungsstätte für Ältere"})])
    response = upload(client, Measure, content.decode().encode("cp1252"))
    html = response.content.decode()
    assert "nicht UTF-8-kodiert" in html
    assert response.context.get("confirm_form") is None
    assert not Measure.objects.filter(slug="neue-massnahme").exists()


def test_a_file_with_wrong_headers_is_refused_and_the_expected_columns_are_named(client, editor):
    client.force_login(editor)
    content = write_csv([["Kürzel", "Tittel", "Handlungsfeld"], ["x", "Titel", "Wohnen"]])
    response = upload(client, Measure, content)
    html = response.content.decode()
    assert "Diese Spalten kenne ich nicht: &bdquo;Tittel&ldquo;" in html or (
        "Diese Spalten kenne ich nicht: „Tittel“" in html
    )
    assert "Erwartet werden die Spalten" in html
    assert response.context.get("confirm_form") is None
    assert not Measure.objects.filter(slug="x").exists()


def test_a_file_without_the_kuerzel_column_is_refused(client, editor):
    client.force_login(editor)
    response = upload(client, Measure, write_csv([["Titel"], ["Ohne Kürzel"]]))
    assert "Diese Spalten fehlen: " in response.content.decode().replace("&bdquo;", "„")
    assert not Measure.objects.filter(title="Ohne Kürzel").exists()


def test_a_file_without_rows_is_refused_in_german(client, editor):
    client.force_login(editor)
    response = upload(client, Measure, write_csv([["Kürzel", "Titel"]]))
    assert "Keine gültigen Daten für den Import." in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_a_json_file_with_bad_rows_is_refused_too(client, editor):
    client.force_login(editor)
    content = json.dumps([measure_row(**{"Fortschritt in %": 150})]).encode()
    response = upload(client, Measure, content, "json")
    assert "Zeile 2, Spalte" in " ".join(error_lines(response)).replace("&bdquo;", "„")
    assert not Measure.objects.filter(slug="neue-massnahme").exists()


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_with_a_bad_date_is_refused_and_blank_leftovers_are_ignored(client, editor):
    import datetime

    client.force_login(editor)
    header = ["Kürzel", "Titel", "Handlungsfeld", "geplanter Beginn", None]
    good = ["aus-excel", "Aus Excel", "Wohnen und Quartier", datetime.datetime(2027, 3, 1), None]
    bad = ["kaputt", "Kaputt", "Wohnen und Quartier", "31.02.2027", None]
    response = upload(client, Measure, xlsx([header, good, bad, [None] * 5]), "xlsx")
    assert error_lines(response) == [
        "Zeile 3, Spalte „geplanter Beginn“: „31.02.2027“ ist kein gültiges Datum (erwartet "
        "TT.MM.JJJJ oder JJJJ-MM-TT)."
    ]
    import_file(client, Measure, xlsx([header, good, [None] * 5]), "xlsx")
    assert str(Measure.objects.get(slug="aus-excel").planned_start) == "2027-03-01"
    assert not Measure.objects.filter(slug="kaputt").exists()


def test_a_file_of_5000_rows_imports_in_one_go(client, editor):
    client.force_login(editor)
    rows = [["Kürzel", "Titel", "Anbieter", "Kategorie", "Stadtteile", "Kosten", "gültig ab"]]
    rows += [
        [
            f"grosses-angebot-{i}",
            f"Angebot {i}",
            "VHS",
            "Beratung",
            "Brauck; Zweckel",
            "kostenlos",
            "2027-01-01",
        ]
        for i in range(5000)
    ]
    before = Offer.objects.count()
    preview, response = import_file(client, Offer, write_csv(rows))
    assert totals(preview)["new"] == 5000
    assert Offer.objects.count() == before + 5000
    assert Offer.objects.get(slug="grosses-angebot-4999").districts.count() == 2


# Roles


def test_the_steering_group_exports_but_cannot_import(client, steering):
    client.force_login(steering)
    page = client.get(url(Measure, "changelist")).content.decode()
    assert url(Measure, "export") in page
    assert url(Measure, "import") not in page
    assert client.get(url(Measure, "import")).status_code == 403
    response = upload(client, Measure, rows_to_csv([measure_row()]))
    assert response.status_code == 403
    assert not Measure.objects.filter(slug="neue-massnahme").exists()
    assert read_csv(export(client, Measure))[0][0] == "Kürzel"


def test_the_steering_group_cannot_confirm_an_import_either(client, editor, steering):
    client.force_login(editor)
    preview = upload(client, Measure, rows_to_csv([measure_row()]))
    client.force_login(steering)
    assert confirm(client, Measure, preview).status_code == 403
    assert not Measure.objects.filter(slug="neue-massnahme").exists()


def test_editors_import_every_kind_of_record(client, editor):
    client.force_login(editor)
    for model in ROUND_TRIP:
        assert client.get(url(model, "import")).status_code == 200


def offer_csv(*rows):
    header = ["Kürzel", "Titel", "Anbieter", "Kategorie", "Veröffentlichung"]
    return write_csv([header, *rows])


def test_providers_import_offers_of_their_own_organisation_as_drafts(
    client, provider, provider_org
):
    client.force_login(provider)
    import_file(client, Offer, offer_csv(["eigenes", "Eigenes Angebot", "", "Beratung", ""]))
    offer = Offer.objects.get(slug="eigenes")
    assert offer.provider == provider_org
    assert offer.publication == Publication.DRAFT


def test_a_provider_row_naming_another_organisation_is_an_error(client, provider, provider_org):
    client.force_login(provider)
    content = offer_csv(
        ["eigenes", "Eigenes Angebot", provider_org.name, "Beratung", ""],
        ["fremdes", "Fremdes Angebot", "VHS", "Beratung", ""],
    )
    response = upload(client, Offer, content)
    lines = " ".join(error_lines(response)).replace("&bdquo;", "„").replace("&ldquo;", "“")
    assert "Zeile 3, Spalte „Anbieter“: Sie können nur Angebote von „Testträger" in lines
    assert not Offer.objects.filter(slug__in=["eigenes", "fremdes"]).exists()


def test_a_provider_cannot_overwrite_another_organisations_offer_by_its_kuerzel(
    client, provider, provider_org
):
    foreign = make_offer(slug="fremd", title="Fremd", provider=make_organisation())
    client.force_login(provider)
    response = upload(client, Offer, offer_csv(["fremd", "Übernommen", "", "Beratung", ""]))
    assert "gehört einer anderen Organisation" in response.content.decode()
    foreign.refresh_from_db()
    assert (foreign.title, foreign.provider.name) != ("Übernommen", provider_org.name)


def test_a_provider_cannot_publish_through_an_import(client, provider, provider_org):
    client.force_login(provider)
    response = upload(
        client, Offer, offer_csv(["eigenes", "Eigenes", "", "Beratung", "veröffentlicht"])
    )
    assert "kann nur die Redaktion" in response.content.decode()
    assert not Offer.objects.filter(slug="eigenes").exists()


def test_a_providers_export_holds_only_its_own_offers_and_no_internal_note(
    client, provider, provider_org
):
    make_offer(slug="eigenes", provider=provider_org, internal_note="geheim")
    make_offer(slug="fremdes", provider=make_organisation())
    client.force_login(provider)
    content = export(client, Offer)
    rows = read_csv(content)
    assert "interne Notiz" not in rows[0]
    assert [row[0] for row in rows[1:]] == ["eigenes"]
    assert "geheim" not in content.decode("utf-8-sig")


def test_a_provider_round_trip_changes_nothing(client, provider, provider_org):
    make_offer(slug="eigenes", provider=provider_org, publication=Publication.PUBLISHED)
    client.force_login(provider)
    preview, _ = import_file(client, Offer, export(client, Offer))
    assert totals(preview)["skip"] == 1


def test_providers_cannot_import_measures_or_organisations(client, provider):
    client.force_login(provider)
    assert client.get(url(Measure, "import")).status_code == 403
    assert client.get(url(Organisation, "import")).status_code == 403
    assert client.get(url(Measure, "export")).status_code == 403


def test_unknown_action_field_names_are_never_created(client, editor):
    client.force_login(editor)
    upload(client, Measure, rows_to_csv([measure_row(Handlungsfeld="Neues Feld")]))
    assert not ActionField.objects.filter(title="Neues Feld").exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_texts_that_look_like_formulas_survive_a_round_trip(client, editor, file_format):
    """The export puts an apostrophe before a text beginning with - = + or @ (so that no
    spreadsheet runs it); the import takes it off again, so nothing changes."""
    offer = Offer.objects.order_by("pk").first()
    offer.title = "- Sprachcafé für Frauen"
    offer.description = "=Treffpunkt im Quartier\n@Stadtteilbüro"
    offer.save()
    client.force_login(editor)
    content = export(client, Offer, file_format)

    preview, _ = import_file(client, Offer, content, file_format)

    assert totals(preview)["update"] == 0
    offer.refresh_from_db()
    assert offer.title == "- Sprachcafé für Frauen"
    assert offer.description == "=Treffpunkt im Quartier\n@Stadtteilbüro"
