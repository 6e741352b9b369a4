"""Every admin widget speaks German (issue 10, §5): the multi-select boxes' JavaScript texts
that Django 5.2 ships untranslated, and the export form's "select all"."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def catalog(client):
    text = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", text, re.S).group(1))


def test_the_multi_select_boxes_speak_german(client, editor):
    client.force_login(editor)
    texts = catalog(client)
    assert texts["Choose all %s"] == "%s: alle auswählen"
    assert texts["Remove all %s"] == "%s: alle entfernen"
    assert texts["Choose selected %s"] == "%s: markierte auswählen"
    assert (
        "„Auswählen“"
        in texts['Choose %s by selecting them and then select the "Choose" arrow button.']
    )
    assert texts["Choose all"] == "Alle auswählen"  # Django's own German stays


def test_the_catalog_is_behind_the_login_like_the_admin(client):
    response = client.get(reverse("admin:jsi18n"))
    assert response.status_code == 302


def test_the_export_form_says_alle_auswaehlen(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:measures_measure_export")).content.decode()
    assert "Alle auswählen" in page and "Select all" not in page
