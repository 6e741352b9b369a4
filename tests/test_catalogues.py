"""The interface catalogues and the shipped content translations are complete and sound: no
entry left empty or fuzzy, placeholders intact, the compiled files up to date, and the first
translations cover what the portal promises on day one."""

import gettext
import json
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

from gladbeck.first_translations import TRANSLATIONS_DIR, read
from gladbeck.translation_status import target_languages, translated_fields

LOCALE = Path(settings.BASE_DIR) / "locale"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def catalogue(language):
    return LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", target_languages())
def test_every_interface_text_is_translated_and_none_is_a_guess(language):
    po = polib.pofile(str(catalogue(language)))
    assert len(po) > 600
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:5]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:5]


@pytest.mark.parametrize("language", target_languages())
def test_translations_keep_every_placeholder(language):
    broken = []
    for entry in polib.pofile(str(catalogue(language))):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            # A plural form for exactly one may name the thing instead of counting it; a
            # placeholder may appear twice.
            if found != expected and not (entry.msgid_plural and found < expected):
                broken.append((entry.msgid, text))
    assert not broken, broken[:5]


@pytest.mark.parametrize("language", target_languages())
def test_the_compiled_catalogue_matches_its_source(language):
    """`make messages` compiles; a .po edited without compiling would not show."""
    po = polib.pofile(str(catalogue(language)))
    with open(catalogue(language).with_suffix(".mo"), "rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if not entry.msgid_plural and mo.gettext(entry.msgid) != entry.msgstr
    ]
    assert not stale, stale[:5]


def fixture_keys(model_label):
    """Natural keys of a model's records in the concept's fixtures."""
    key_field = {"gladbeck.concepttext": "key", "offers.language": "code"}.get(model_label, "slug")
    keys = set()
    for path in FIXTURES.glob("*.json"):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record["model"] == model_label:
                keys.add(record["fields"][key_field])
    return keys


DAY_ONE = {
    "gladbeck.concepttext": ("title", "body"),
    "measures.actionfield": ("title", "short_description"),
    "offers.category": ("name",),
    "gladbeck.targetgroup": ("name",),
}


@pytest.mark.parametrize("language", target_languages())
def test_the_shipped_translations_cover_day_one_and_name_real_records(language):
    path = TRANSLATIONS_DIR / f"{language}.json"
    data = read(path)
    items = {(item["model"], item["key"]): item["fields"] for item in data["items"]}
    assert len(items) == len(data["items"]), "an item appears twice"
    for (model_label, key), fields in items.items():
        assert key in fixture_keys(model_label), (model_label, key)
        model = apps.get_model(model_label)
        assert set(fields) <= set(translated_fields(model)), (model_label, set(fields))
        assert all(text.strip() for text in fields.values()), (model_label, key)
    required = dict(DAY_ONE)
    if language == "leichte-sprache":
        # Leichte Sprache: the Leitbild and the action fields' introductions, and the words
        # visitors filter by.
        required["gladbeck.concepttext"] = ("title", "body")
        concept_keys = {"leitbild"}
    else:
        concept_keys = fixture_keys("gladbeck.concepttext")
    for model_label, fields in required.items():
        keys = concept_keys if model_label == "gladbeck.concepttext" else fixture_keys(model_label)
        for key in keys:
            assert (model_label, key) in items, (language, model_label, key)
            assert set(fields) <= set(items[(model_label, key)]), (language, model_label, key)


def test_every_language_of_the_portal_ships_a_file():
    assert {path.stem for path in TRANSLATIONS_DIR.glob("*.json")} == set(target_languages())
