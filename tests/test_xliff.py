"""XLIFF exchange with translation agencies: the Redaktion exports what is missing or
outdated in a language, an agency fills the targets, the import stores them as current, whole
or not at all, and lists every problem by unit."""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gladbeck.translation_status import State, field_state, set_translation
from gladbeck.xliff import NS
from measures.models import ActionField, Measure

X = f"{{{NS}}}"
EXPORT = "admin-xliff-export"
IMPORT = "admin-xliff-import"


def export(client, **params):
    response = client.get(reverse(EXPORT), {"sprache": "tr", **params})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def unit_ids(data):
    return {unit.get("id") for unit in ET.fromstring(data).iter(f"{X}trans-unit")}


def upload(client, data, name="gladbeck.xlf"):
    return client.post(reverse(IMPORT), {"datei": SimpleUploadedFile(name, data)}, follow=True)


def fill_targets(data, prefix="TR: "):
    """What an agency's tool does: a translation in every <target>."""
    ET.register_namespace("", NS)
    root = ET.fromstring(data)
    for unit in root.iter(f"{X}trans-unit"):
        unit.find(f"{X}target").text = prefix + unit.find(f"{X}source").text
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.fixture
def measure(db):
    return Measure.objects.published().order_by("pk").first()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_export_contains_missing_and_outdated_units_but_not_current_ones(editor_client, measure):
    set_translation(measure, "title", "tr", "Güncel başlık", checked=True)
    set_translation(measure, "summary", "tr", "Eski özet", checked=True)
    measure.save()
    measure.summary = measure.summary + " Neu ergänzt."
    measure.save()
    assert field_state(measure, "summary", "tr") == State.OUTDATED

    response, data = export(editor_client)

    ids = unit_ids(data)
    assert f"measures.measure/{measure.pk}/summary" in ids
    assert f"measures.measure/{measure.pk}/description" in ids
    assert f"measures.measure/{measure.pk}/title" not in ids
    assert 'filename="gladbeck-uebersetzung-tr-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlf"')


def test_export_leaves_out_drafts_and_empty_german_fields(editor_client, measure):
    draft = Measure.objects.drafts().first()
    measure.goal = ""
    measure.save()

    _response, data = export(editor_client)

    ids = unit_ids(data)
    assert f"measures.measure/{measure.pk}/goal" not in ids
    if draft:
        assert not any(i.startswith(f"measures.measure/{draft.pk}/") for i in ids)


def test_export_is_xliff_1_2_with_one_file_per_content_kind(editor_client, measure):
    _response, data = export(editor_client, arten=["measures.measure", "measures.actionfield"])

    root = ET.fromstring(data)
    assert root.tag == f"{X}xliff" and root.get("version") == "1.2"
    files = root.findall(f"{X}file")
    assert [f.get("original") for f in files] == ["measures.actionfield", "measures.measure"]
    for file in files:
        assert file.get("source-language") == "de"
        assert file.get("target-language") == "tr"
        assert file.get("datatype") == "plaintext"
    unit = root.find(f".//{X}trans-unit[@id='measures.measure/{measure.pk}/title']")
    assert unit.find(f"{X}source").text == measure.title
    assert unit.get("resname") == f"measures.measure/{measure.slug}/title"
    assert measure.title in unit.find(f"{X}note").text


def test_leichte_sprache_is_german_with_a_private_use_subtag(editor_client):
    response = editor_client.get(reverse(EXPORT), {"sprache": "leichte-sprache"})
    data = b"".join(response.streaming_content)

    assert {f.get("target-language") for f in ET.fromstring(data).iter(f"{X}file")} == {"de-x-ls"}
    assert "gladbeck-uebersetzung-leichte-sprache-" in response["Content-Disposition"]


def test_the_export_can_include_unchecked_and_current_translations(editor_client, measure):
    set_translation(measure, "title", "tr", "Güncel başlık", checked=True)
    measure.save()

    _response, data = export(editor_client, stand=["current"], arten=["measures.measure"])

    assert unit_ids(data) == {f"measures.measure/{measure.pk}/title"}
    assert b"G\xc3\xbcncel ba\xc5\x9fl\xc4\xb1k" in data


# The shipped first translations of the action fields are unchecked: the agency checks them.
TO_DO = ["missing", "outdated", "unchecked"]


def test_round_trip_stores_every_unit_as_current_with_a_history_entry(editor_client, measure):
    kinds = ["measures.measure", "measures.actionfield"]
    _response, data = export(editor_client, arten=kinds, stand=TO_DO)
    count = len(unit_ids(data))

    response = upload(editor_client, fill_targets(data))

    assert response.status_code == 200
    assert f"{count} Einheiten übernommen" in response.content.decode()
    measure.refresh_from_db()
    assert measure.i18n["title_tr"] == f"TR: {measure.title}"
    assert field_state(measure, "title", "tr") == State.CURRENT
    assert measure.history.first().history_change_reason == "XLIFF-Import (tr)"
    field = ActionField.objects.first()
    assert field_state(field, "title", "tr") == State.CURRENT
    _response, again = export(editor_client, arten=kinds, stand=TO_DO)
    assert unit_ids(again) == set()


def test_every_content_kind_goes_through_the_round_trip(editor_client):
    _response, data = export(editor_client)
    kinds = {file.get("original") for file in ET.fromstring(data).iter(f"{X}file")}
    assert {"gladbeck.concepttext", "offers.offer", "monitoring.indicator"} <= kinds

    page = upload(editor_client, fill_targets(data)).content.decode()

    assert f"{len(unit_ids(data))} Einheiten übernommen" in page
    assert "Angebote:" in page and "Indikatoren:" in page
    _response, again = export(editor_client)
    assert unit_ids(again) == set()


def test_leichte_sprache_goes_through_the_round_trip(editor_client, measure):
    response = editor_client.get(
        reverse(EXPORT), {"sprache": "leichte-sprache", "arten": ["measures.measure"]}
    )
    data = fill_targets(b"".join(response.streaming_content), prefix="LS: ")

    page = upload(editor_client, data).content.decode()

    assert "XLIFF-Import (Leichte Sprache)" in page
    measure.refresh_from_db()
    assert measure.i18n["title_leichte_sprache"] == f"LS: {measure.title}"
    assert field_state(measure, "title", "leichte-sprache") == State.CURRENT


def test_segment_marks_of_translation_tools_are_no_markup(editor_client, measure):
    _response, data = export(editor_client, arten=["measures.measure"])
    ET.register_namespace("", NS)
    root = ET.fromstring(data)
    unit = root.find(f".//{X}trans-unit[@id='measures.measure/{measure.pk}/title']")
    target = unit.find(f"{X}target")
    mark = ET.SubElement(target, f"{X}mrk", {"mtype": "seg", "mid": "1"})
    mark.text = "Başlık"
    data = fill_targets(ET.tostring(root, encoding="utf-8"))
    data = data.replace(f"TR: {measure.title}".encode(), b"", 1)

    page = upload(editor_client, data).content.decode()

    assert "Einheiten übernommen" in page
    measure.refresh_from_db()
    assert measure.i18n["title_tr"] == "Başlık"


def test_the_turkish_public_pages_show_the_imported_titles(editor_client, client, measure):
    kinds = ["measures.measure", "measures.actionfield"]
    _response, data = export(editor_client, arten=kinds, stand=TO_DO)
    upload(editor_client, fill_targets(data))
    field = ActionField.objects.first()

    with translation.override("tr"):
        measure_url = reverse("portal:measure", args=[measure.slug])
        field_url = reverse("portal:action_field", args=[field.slug])
    assert f"TR: {measure.title}" in client.get(measure_url).content.decode()
    assert f"TR: {field.title}" in client.get(field_url).content.decode()


def broken_file(measure):
    source = measure.title
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}">
  <file original="measures.measure" datatype="plaintext" source-language="de"
        target-language="tr">
    <body>
      <trans-unit id="measures.measure/{measure.pk}/title">
        <source>{source}</source><target>Doğru başlık</target>
      </trans-unit>
      <trans-unit id="measures.measure/999999/title">
        <source>Gibt es nicht</source><target>Yok</target>
      </trans-unit>
      <trans-unit id="measures.measure/{measure.pk}/summary">
        <source>Ein alter deutscher Text</source><target>Eski metin</target>
      </trans-unit>
      <trans-unit id="measures.measure/{measure.pk}/description">
        <source>{measure.description}</source><target>  </target>
      </trans-unit>
      <trans-unit id="measures.actionfield/{measure.action_field.pk}/title">
        <source>{measure.action_field.title}</source><target>Bir <b>alan</b></target>
      </trans-unit>
      <trans-unit id="measures.actionfield/{measure.action_field.pk}/background">
        <source>{measure.action_field.background}</source><target><g id="1">x</g></target>
      </trans-unit>
    </body>
  </file>
</xliff>""".encode()


def test_a_file_with_broken_units_saves_nothing_and_lists_each_problem(editor_client, measure):
    before = measure.history.count()

    response = upload(editor_client, broken_file(measure))

    page = response.content.decode()
    assert "Es wurde nichts gespeichert" in page
    assert "measures.measure/999999/title" in page and "gibt es nicht" in page
    assert f"measures.measure/{measure.pk}/summary" in page and "seit dem Export" in page
    assert f"measures.measure/{measure.pk}/description" in page and "fehlt" in page
    field = measure.action_field
    assert f"measures.actionfield/{field.pk}/title" in page and "&lt;b&gt;" in page
    assert f"measures.actionfield/{field.pk}/background" in page and "&lt;g id=1&gt;" in page
    assert f"measures.measure/{measure.pk}/title<" not in page
    measure.refresh_from_db()
    assert "title_tr" not in (measure.i18n or {})
    assert measure.history.count() == before


def test_an_import_moves_the_page_cache_on(
    editor_client, measure, django_capture_on_commit_callbacks
):
    from gladbeck.cache import content_version

    _response, data = export(editor_client, arten=["measures.measure"])
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client, fill_targets(data))

    assert content_version() != before


def test_unknown_content_kinds_and_fields_are_unknown_units(editor_client, measure):
    data = broken_file(measure).replace(b"999999/title", f"{measure.pk}/slug".encode())
    data = data.replace(b"measures.actionfield/", b"measures.stakeholder/", 1)

    page = upload(editor_client, data).content.decode()

    assert f"measures.measure/{measure.pk}/slug" in page
    assert "kein übersetzbares Feld" in page
    assert "„measures.stakeholder“ ist keine übersetzbare Inhaltsart" in page


def test_a_file_that_is_not_well_formed_gets_one_clear_message(editor_client):
    response = upload(editor_client, b'<xliff version="1.2"><file></xliff>')

    page = response.content.decode()
    assert "keine gültige XML-Datei" in page
    assert page.count('<tr><th scope="row">') == 1


def test_entity_declarations_are_refused(editor_client, measure):
    data = broken_file(measure).replace(
        b"<xliff", b'<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">]>\n<xliff', 1
    )

    page = upload(editor_client, data).content.decode()

    assert "DOCTYPE" in page and "Es wurde nichts gespeichert" in page


def test_a_file_for_a_language_the_portal_does_not_have_is_refused(editor_client, measure):
    _response, data = export(editor_client, arten=["measures.measure"])
    data = fill_targets(data).replace(b'target-language="tr"', b'target-language="fr"')

    page = upload(editor_client, data).content.decode()

    assert "„fr“" in page and "keine Sprache des Portals" in page
    measure.refresh_from_db()
    assert "title_tr" not in (measure.i18n or {})


def test_regional_tags_of_translation_tools_are_the_portal_languages(editor_client, measure):
    _response, data = export(editor_client, arten=["measures.measure"])
    data = fill_targets(data).replace(b'target-language="tr"', b'target-language="tr-TR"')
    data = data.replace(b'source-language="de"', b'source-language="de-DE"')

    page = upload(editor_client, data).content.decode()

    assert "XLIFF-Import (Türkçe)" in page


def test_a_file_above_the_size_limit_is_refused(editor_client, settings):
    settings.XLIFF_MAX_BYTES = 1_000_000

    page = upload(editor_client, b" " * 1_500_000).content.decode()

    assert "höchstens 1 MB" in page


@pytest.mark.parametrize("role", ["steering", "provider"])
def test_steering_group_and_providers_get_403(db, client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(EXPORT)).status_code == 403
    assert client.get(reverse(EXPORT), {"sprache": "tr"}).status_code == 403
    assert client.get(reverse(IMPORT)).status_code == 403
    assert upload(client, b"<xliff/>").status_code == 403


def test_the_import_needs_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert upload(client, b"<xliff/>").status_code == 403


def test_the_admin_start_page_links_both_pages_for_the_redaktion(editor_client, client, steering):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Übersetzungen" in page
    assert reverse(EXPORT) in page and reverse(IMPORT) in page

    client.force_login(steering)
    assert reverse(EXPORT) not in client.get(reverse("admin:index")).content.decode()


def test_superusers_may_export(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse(EXPORT)).status_code == 200
    assert client.get(reverse(IMPORT)).status_code == 200
