"""/daten/: the documented open data downloads as CSV and JSON."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gladbeck.models import District, Organisation, TargetGroup
from gladbeck.publishing import Publication
from measures.models import Challenge, Measure, MeasureStep, Role, Stakeholder
from monitoring.models import Indicator, Observation
from offers.models import Cost, Language, Offer
from opendata.dataset import LICENCE_NAME, LICENCE_URL
from opendata.downloads import DATASETS
from tests.builders import make_challenge, make_measure, make_offer, make_organisation
from tests.responses import body

pytestmark = pytest.mark.django_db

SECRET = "Nur für die Redaktion: Zuschuss noch ungeklärt"
NAMES = ["massnahmen", "herausforderungen", "angebote", "organisationen", "messwerte"]


def get_csv(client, name):
    response = client.get(f"/daten/{name}.csv")
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    return response, list(csv.DictReader(io.StringIO(text)))


def get_json(client, name):
    response = client.get(f"/daten/{name}.json")
    assert response.status_code == 200
    return response, json.loads(body(response).decode("utf-8"))


def ids(rows, key="id"):
    return {row[key] for row in rows}


def draft_measure_with_secrets(**fields):
    return make_measure(
        title="Geheimer Entwurf einer Maßnahme",
        publication=Publication.DRAFT,
        internal_note=SECRET,
        **fields,
    )


# --- the page ------------------------------------------------------------------------------------


def test_the_page_links_every_download_in_both_formats(client):
    response = client.get("/daten/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in NAMES:
        assert f'href="/daten/{name}.csv"' in html
        assert f'href="/daten/{name}.json"' in html


def test_the_page_documents_every_column_of_every_download(client):
    html = client.get("/daten/").content.decode()
    for dataset in DATASETS.values():
        assert f'id="{dataset.name}"' in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html, (dataset.name, column.name)
            assert str(column.kind_label) in html


def test_the_page_names_the_licence_with_its_link_and_the_stable_ids(client):
    html = client.get("/daten/").content.decode()
    assert "Datenlizenz Deutschland – Namensnennung 2.0" in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in html
    assert "Dauerhafte Kennung" in html
    assert "/api/hsds/services" in html


def test_the_page_lists_the_codes_of_choice_columns(client):
    html = client.get("/daten/").content.decode()
    assert "<code>in-umsetzung</code>: in Umsetzung" in html
    assert "<code>kostenlos</code>: kostenlos" in html


def test_the_page_costs_the_same_queries_with_more_rows(client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as before:
        client.get("/daten/")
    for _ in range(3):
        make_measure()
        make_offer(publication=Publication.PUBLISHED, provider=make_organisation())
        make_challenge()
    with django_assert_num_queries(len(before)):
        client.get("/daten/")


def test_an_unknown_download_is_not_found(client):
    assert client.get("/daten/geheim.csv").status_code == 404
    assert client.get("/daten/massnahmen.xml").status_code == 404


# --- format ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_csv_is_utf8_with_a_header_row_of_the_documented_columns(client, name):
    response = client.get(f"/daten/{name}.csv")
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert f'filename="{name}.csv"' in response["Content-Disposition"]
    # The portal's one CSV convention (gladbeck/spreadsheets.py): byte order mark, CRLF.
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.endswith(b"\r\n")
    text = content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == [column.name for column in DATASETS[name].columns]
    assert len(list(csv.reader(io.StringIO(text)))) > 1


@pytest.mark.parametrize("name", NAMES)
def test_json_carries_the_licence_and_the_same_rows_as_csv(client, name):
    _, document = get_json(client, name)
    _, rows = get_csv(client, name)
    assert document["lizenz"]["name"] == LICENCE_NAME
    assert document["lizenz"]["url"] == LICENCE_URL
    assert document["dokumentation"].endswith(f"/daten/#{name}")
    assert document["anzahl"] == len(document["datensaetze"]) == len(rows)
    assert list(document["datensaetze"][0]) == [c.name for c in DATASETS[name].columns]


@pytest.mark.parametrize("name", NAMES)
def test_every_download_costs_the_same_queries_with_more_rows(
    client, name, django_assert_num_queries
):
    counts = {}
    for extension in ("csv", "json"):
        with CaptureQueriesContext(connection) as context:
            client.get(f"/daten/{name}.{extension}")
        counts[extension] = len(context)
    indicator = Indicator.objects.first()
    for n in range(4):
        org = make_organisation()
        measure = make_measure(citywide=True)
        measure.districts.add(District.objects.first())
        measure.target_groups.add(TargetGroup.objects.first())
        MeasureStep.objects.create(measure=measure, position=1, text="Schritt")
        Stakeholder.objects.create(measure=measure, organisation=org, role=Role.LEAD)
        challenge = make_challenge()
        challenge.measures.add(measure)
        offer = make_offer(publication=Publication.PUBLISHED, provider=org)
        offer.languages.add(Language.objects.first())
        Observation.objects.create(
            indicator=indicator, reference_date=date(2030, 1, n + 1), value=n
        )
    for extension in ("csv", "json"):
        with django_assert_num_queries(counts[extension]):
            client.get(f"/daten/{name}.{extension}")


def test_json_keeps_native_types_and_csv_writes_them_plainly(client):
    measure = make_measure(
        slug="typenprobe", progress=40, planned_start=date(2026, 3, 1), citywide=True
    )
    measure.districts.add(*District.objects.filter(slug__in=["butendorf", "brauck"]))
    MeasureStep.objects.create(measure=measure, position=1, text="Erster Schritt")
    MeasureStep.objects.create(measure=measure, position=2, text="Zweiter, mit Komma")

    _, document = get_json(client, "massnahmen")
    row = next(r for r in document["datensaetze"] if r["id"] == "typenprobe")
    assert row["fortschritt"] == 40
    assert row["gesamtstaedtisch"] is True
    assert row["geplanter_beginn"] == "2026-03-01"
    assert row["geplantes_ende"] is None
    assert sorted(row["stadtteile"]) == ["brauck", "butendorf"]
    assert row["erste_schritte"] == ["Erster Schritt", "Zweiter, mit Komma"]
    assert row["seite"].endswith("/massnahmen/typenprobe/")

    _, rows = get_csv(client, "massnahmen")
    row = next(r for r in rows if r["id"] == "typenprobe")
    assert row["gesamtstaedtisch"] == "true"
    assert row["geplantes_ende"] == ""
    assert sorted(row["stadtteile"].split("|")) == ["brauck", "butendorf"]
    assert row["erste_schritte"].split("\n") == ["Erster Schritt", "Zweiter, mit Komma"]


def test_observation_values_are_numbers_without_padding(client):
    _, document = get_json(client, "messwerte")
    total = next(
        r
        for r in document["datensaetze"]
        if r["indikator"] == "bev-auslaender" and r["stadtteil"] is None
    )
    assert total["wert"] == 12132
    assert total["stichtag"] == "2017-12-31"
    _, rows = get_csv(client, "messwerte")
    shares = [r["wert"] for r in rows if r["einheit"] == "%"]
    assert shares and all(not value.endswith(".00") for value in shares)


def test_csv_keeps_umlauts_as_utf8(client):
    _, rows = get_csv(client, "organisationen")
    assert "Büro für interkulturelle Arbeit" in {row["name"] for row in rows}
    assert "Büro".encode() in body(client.get("/daten/organisationen.csv"))


# --- nothing unpublished or internal ------------------------------------------------------------


def test_measures_download_holds_published_measures_only_and_no_internal_note(client):
    draft = draft_measure_with_secrets()
    published = make_measure(internal_note=SECRET)
    for extension in ("csv", "json"):
        text = body(client.get(f"/daten/massnahmen.{extension}")).decode()
        assert published.slug in text
        assert draft.slug not in text
        assert draft.title not in text
        assert SECRET not in text
    _, rows = get_csv(client, "massnahmen")
    assert ids(rows) == set(Measure.objects.published().values_list("slug", flat=True))
    assert "internal_note" not in rows[0] and "interne_notiz" not in rows[0]


def test_challenges_download_holds_every_challenge_but_names_published_measures_only(client):
    challenge = make_challenge(slug="probe-herausforderung")
    draft = draft_measure_with_secrets()
    published = make_measure()
    challenge.measures.add(draft, published)

    _, rows = get_csv(client, "herausforderungen")
    assert ids(rows) == set(Challenge.objects.values_list("slug", flat=True))
    row = next(r for r in rows if r["id"] == "probe-herausforderung")
    assert row["massnahmen"] == published.slug
    text = body(client.get("/daten/herausforderungen.json")).decode()
    assert draft.slug not in text


def test_offers_download_holds_published_offers_only_and_nothing_internal(client, editor):
    draft = make_offer(title="Entwurf eines Angebots", internal_note=SECRET)
    published = make_offer(
        publication=Publication.PUBLISHED, internal_note=SECRET, last_checked_by=editor
    )
    for extension in ("csv", "json"):
        text = body(client.get(f"/daten/angebote.{extension}")).decode()
        assert published.slug in text
        assert draft.slug not in text and draft.title not in text
        assert SECRET not in text
        assert editor.username not in text
    _, rows = get_csv(client, "angebote")
    assert ids(rows) == set(Offer.objects.published().values_list("slug", flat=True))


def test_organisations_download_holds_only_those_named_by_something_published(client, provider_org):
    draft_only = make_organisation(name="Nur im Entwurf e.V.")
    Stakeholder.objects.create(
        measure=draft_measure_with_secrets(), organisation=draft_only, role=Role.LEAD
    )
    make_offer(provider=draft_only)  # a draft offer
    unused = make_organisation(name="Nirgends genannt e.V.")
    stakeholder = make_organisation(name="Akteur einer Maßnahme e.V.")
    Stakeholder.objects.create(measure=make_measure(), organisation=stakeholder, role=Role.PARTNER)
    provider = make_organisation(name="Anbieter eines Angebots e.V.")
    make_offer(provider=provider, publication=Publication.PUBLISHED)

    _, rows = get_csv(client, "organisationen")
    listed = ids(rows)
    assert stakeholder.slug in listed
    assert provider.slug in listed
    assert draft_only.slug not in listed
    assert unused.slug not in listed
    assert provider_org.slug not in listed  # a provider login's organisation, nothing published
    text = body(client.get("/daten/organisationen.json")).decode()
    assert "Nur im Entwurf" not in text and "Nirgends genannt" not in text


def test_organisations_download_names_a_parent_only_when_it_is_listed_too(client):
    hidden_parent = make_organisation(name="Nicht genannter Dachverband")
    child = make_organisation(name="Ortsgruppe", parent=hidden_parent)
    Stakeholder.objects.create(measure=make_measure(), organisation=child, role=Role.LEAD)
    _, rows = get_csv(client, "organisationen")
    row = next(r for r in rows if r["id"] == child.slug)
    assert row["uebergeordnet"] == ""
    assert hidden_parent.slug not in ids(rows)

    Stakeholder.objects.create(measure=make_measure(), organisation=hidden_parent, role=Role.LEAD)
    _, rows = get_csv(client, "organisationen")
    assert next(r for r in rows if r["id"] == child.slug)["uebergeordnet"] == hidden_parent.slug


def test_measures_name_their_stakeholders_by_role_with_the_organisation_ids(client):
    measure = make_measure(slug="mit-akteuren")
    lead, partner = make_organisation(), make_organisation()
    Stakeholder.objects.create(measure=measure, organisation=lead, role=Role.LEAD)
    Stakeholder.objects.create(measure=measure, organisation=partner, role=Role.PARTNER)
    _, rows = get_csv(client, "massnahmen")
    row = next(r for r in rows if r["id"] == "mit-akteuren")
    assert row["akteure_federfuehrend"] == lead.slug
    assert row["akteure_beteiligt"] == partner.slug
    assert row["akteure_einzubinden"] == ""
    assert {lead.slug, partner.slug} <= ids(get_csv(client, "organisationen")[1])


def test_observations_download_holds_every_observation_with_its_natural_key(client):
    _, rows = get_csv(client, "messwerte")
    assert len(rows) == Observation.objects.count()
    keys = {
        (r["indikator"], r["stichtag"], r["stadtteil"], r["aufschluesselung"], r["auspraegung"])
        for r in rows
    }
    assert len(keys) == len(rows)
    district = next(r for r in rows if r["indikator"] == "bev-auslaender" and r["stadtteil"])
    assert (
        Decimal(district["wert"])
        == Observation.objects.get(
            indicator__code="bev-auslaender", district__slug=district["stadtteil"], breakdown=""
        ).value
    )


def test_offer_fields_are_written_as_documented(client):
    provider = make_organisation(slug="traeger-probe")
    offer = make_offer(
        slug="angebot-probe",
        provider=provider,
        publication=Publication.PUBLISHED,
        cost=Cost.FEE,
        fee="5 € pro Termin",
        childcare=True,
        barrier_free=None,
        min_age=16,
    )
    offer.languages.add(*Language.objects.filter(code__in=["de", "tr"]))
    _, rows = get_csv(client, "angebote")
    row = next(r for r in rows if r["id"] == "angebot-probe")
    assert row["anbieter"] == "traeger-probe"
    assert row["kosten"] == "kostenpflichtig"
    assert row["gebuehr"] == "5 € pro Termin"
    assert row["kinderbetreuung"] == "true"
    assert row["barrierefrei"] == ""
    assert row["mindestalter"] == "16"
    assert sorted(row["sprachen"].split("|")) == ["de", "tr"]
    assert row["hsds_id"]
    assert Organisation.objects.get(slug="traeger-probe")


# --- streamed, and not sent again unchanged -----------------------------------------------------


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_downloads_are_streamed(client, extension):
    response = client.get(f"/daten/messwerte.{extension}")
    assert response.streaming
    assert body(response)  # read to its end, as a client would


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_an_unchanged_download_is_not_sent_again(
    client, extension, django_capture_on_commit_callbacks
):
    first = client.get(f"/daten/massnahmen.{extension}")
    etag = first["ETag"]
    body(first)
    again = client.get(f"/daten/massnahmen.{extension}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        make_measure(title="Neu veröffentlicht")
    changed = client.get(f"/daten/massnahmen.{extension}", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Neu veröffentlicht" in body(changed).decode()
