"""A provider's import follows the review rule too (issue 10, §1): imported drafts wait in
the Redaktion's queue, and a published offer cannot be changed by a file. The preview puts
what changes first and folds the unchanged rows; exported files have German names with the
date; challenges are named by their wording (§5)."""

import pytest
from django.utils import timezone

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from gladbeck.review import PendingChange
from measures.models import Challenge, Measure
from monitoring.models import Indicator, Observation
from offers.models import Offer
from tests.builders import make_offer
from tests.test_import_export import (
    FORMATS,
    error_lines,
    export,
    import_file,
    measure_row,
    offer_csv,
    read_csv,
    rows_to_csv,
    totals,
    upload,
    url,
    write_csv,
)

pytestmark = pytest.mark.django_db


def test_a_providers_imported_offers_wait_for_review(client, provider, provider_org):
    client.force_login(provider)
    import_file(client, Offer, offer_csv(["eigenes", "Eigenes Angebot", "", "Beratung", ""]))
    offer = Offer.objects.get(slug="eigenes")
    pending = PendingChange.objects.get(object_id=offer.pk)
    assert pending.kind == PendingChange.Kind.NEW and pending.author == provider


def test_a_provider_cannot_change_a_published_offer_by_import(client, provider, provider_org):
    offer = make_offer(
        slug="veroeffentlicht",
        title="Alter Titel",
        provider=provider_org,
        publication=Publication.PUBLISHED,
    )
    client.force_login(provider)
    response = upload(
        client, Offer, offer_csv(["veroeffentlicht", "Neuer Titel", "", "Beratung", ""])
    )
    text = " ".join(error_lines(response)).replace("&bdquo;", "„").replace("&ldquo;", "“")
    assert "„Alter Titel“ ist veröffentlicht. Änderungen daran prüft die Redaktion" in text
    offer.refresh_from_db()
    assert offer.title == "Alter Titel"


def test_an_unchanged_published_offer_in_a_providers_file_is_no_error(
    client, provider, provider_org
):
    offer = make_offer(
        slug="veroeffentlicht",
        title="Gleicher Titel",
        provider=provider_org,
        category=Offer._meta.get_field("category").related_model.objects.get(name="Beratung"),
        publication=Publication.PUBLISHED,
    )
    client.force_login(provider)
    import_file(
        client,
        Offer,
        offer_csv(
            ["veroeffentlicht", "Gleicher Titel", "", "Beratung", ""],
            ["neu", "Neu", "", "Beratung", ""],
        ),
    )
    assert Offer.objects.filter(slug="neu").exists()
    offer.refresh_from_db()
    assert not PendingChange.objects.filter(object_id=offer.pk).exists()


# The preview, the file names and readable names (issue 10, §5)


def test_the_preview_shows_new_and_changed_rows_first_and_folds_the_unchanged_ones(client, editor):
    client.force_login(editor)
    rows = read_csv(export(client, Measure))
    header, body = rows[0], rows[1:]
    title = header.index("Titel")
    body[3][title] = "Geänderter Titel"
    new = list(body[0])
    new[header.index("Kürzel")], new[title] = "", "Ganz neue Maßnahme"
    preview = upload(client, Measure, write_csv([header, *body, new]))
    html = preview.content.decode()
    unchanged = len(body) - 1
    assert totals(preview) == {"new": 1, "update": 1, "skip": unchanged}
    changed_table, folded = html.split('<details class="import-unchanged">')
    assert "Geänderter Titel" in changed_table and "Ganz neue Maßnahme" in changed_table
    assert f"<summary>{unchanged} unveränderte Zeilen</summary>" in folded
    assert folded.count('<tr class="skip">') == min(unchanged, 100)
    assert body[0][title] in folded and "Geänderter Titel" not in folded


def test_failing_rows_are_listed_first_and_the_unchanged_ones_folded_below(client, editor):
    client.force_login(editor)
    rows = read_csv(export(client, Measure))
    rows[5][rows[0].index("Status")] = "irgendwie"
    html = upload(client, Measure, write_csv(rows)).content.decode()
    html = html.replace("&bdquo;", "„").replace("&ldquo;", "“")
    assert "Import bestätigen" not in html
    errors, rest = html.split("Die fehlerfreien Zeilen hätten Folgendes geändert:")
    assert "Zeile 6, Spalte „Status“" in errors
    assert f"<summary>{len(rows) - 2} unveränderte Zeilen</summary>" in rest


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Measure, "massnahmen"),
        (Challenge, "herausforderungen"),
        (Offer, "angebote"),
        (Organisation, "organisationen"),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_exported_files_have_german_names_with_the_date(client, editor, model, name, file_format):
    client.force_login(editor)
    page = client.get(url(model, "export"))
    data = {"format": FORMATS[file_format], "resource": "0"}
    data |= {field: "on" for field in page.context["form"].fields if field not in data}
    data.pop("export_items", None)
    response = client.post(url(model, "export"), data)
    expected = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_measures_name_their_challenges_by_wording_one_per_line(client, editor):
    measure = Measure.objects.filter(challenges__isnull=False).distinct().first()
    client.force_login(editor)
    rows = read_csv(export(client, Measure))
    assert "bearbeitete Herausforderungen" in rows[0]
    row = next(r for r in rows if r[rows[0].index("Kürzel")] == measure.slug)
    cell = row[rows[0].index("bearbeitete Herausforderungen")]
    assert cell.split("\n") == [" ".join(c.wording.split()) for c in measure.challenges.all()]
    assert not any(c.slug in cell for c in measure.challenges.all())


def test_challenges_given_by_kuerzel_or_by_wording_are_both_read(client, editor):
    first, second = Challenge.objects.order_by("pk")[:2]
    client.force_login(editor)
    import_file(
        client,
        Measure,
        rows_to_csv(
            [
                measure_row(**{"bearbeitete Herausforderungen": f"{first.slug}; {second.slug}"}),
                measure_row(
                    **{
                        "Kürzel": "zweite-neue",
                        "Titel": "Zweite",
                        "bearbeitete Herausforderungen": f"{second.wording}\n{first.wording}",
                    }
                ),
            ]
        ),
    )
    assert set(Measure.objects.get(slug="neue-massnahme").challenges.all()) == {first, second}
    assert set(Measure.objects.get(slug="zweite-neue").challenges.all()) == {first, second}


def test_an_unknown_challenge_is_an_error_naming_it(client, editor):
    client.force_login(editor)
    response = upload(
        client,
        Measure,
        rows_to_csv([measure_row(**{"bearbeitete Herausforderungen": "Gibt es nicht"})]),
    )
    text = " ".join(error_lines(response)).replace("&bdquo;", "„").replace("&ldquo;", "“")
    assert "Unbekannt (Herausforderungen): „Gibt es nicht“" in text
    assert not Measure.objects.filter(slug="neue-massnahme").exists()


def test_observations_name_their_indicator_beside_its_code_and_still_round_trip(client, editor):
    client.force_login(editor)
    content = export(client, Observation)
    rows = read_csv(content)
    code, name = rows[0].index("Indikator"), rows[0].index("Indikator (Name)")
    names = dict(Indicator.objects.values_list("code", "title"))
    assert all(row[name] == names[row[code]] for row in rows[1:])
    preview, _response = import_file(client, Observation, content)
    assert totals(preview) == {"new": 0, "update": 0, "skip": Observation.objects.count()}
