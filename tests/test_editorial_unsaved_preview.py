"""Action fields and concept texts have no draft state: the Redaktion previews its unsaved
input on the public page before saving it (issue 10 §3)."""

import pytest
from django.urls import reverse

from gladbeck.models import ConceptText
from measures.models import ActionField
from tests.html_forms import form_data


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def opened_form(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_vorschau"' in html
    return form_data(html, f"{obj._meta.model_name}_form")


RECORDS = {
    "action field": (
        lambda: ActionField.objects.get(slug="wohnen-und-quartier"),
        "background",
        lambda obj: obj.get_absolute_url(),
    ),
    "imprint": (
        lambda: ConceptText.objects.get(key=ConceptText.Key.IMPRINT),
        "body",
        lambda obj: reverse("gladbeck:impressum"),
    ),
    "mission statement": (
        lambda: ConceptText.objects.get(key=ConceptText.Key.MISSION),
        "body",
        lambda obj: reverse("gladbeck:leitbild"),
    ),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_the_redaktion_previews_unsaved_input_on_the_public_page_and_nothing_is_saved(
    client, editor, kind
):
    get, field, page = RECORDS[kind]
    obj = get()
    before = getattr(obj, field)
    client.force_login(editor)
    data = opened_form(client, obj)
    data[field] = ["Vorschautext, der noch nicht gespeichert ist."]
    data["_vorschau"] = ["Vorschau (nicht speichern)"]
    response = client.post(change_url(obj), data)
    assert response.status_code == 302
    assert response["Location"] == f"{page(obj)}?vorschau=1"
    obj.refresh_from_db()
    assert getattr(obj, field) == before  # nothing saved

    shown = client.get(response["Location"])
    html = shown.content.decode()
    assert "Vorschautext, der noch nicht gespeichert ist." in html
    assert "Vorschau – nicht veröffentlicht" in html
    assert "noch nicht gespeichert" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in shown["Cache-Control"] or "max-age=0" in shown["Cache-Control"]

    # Without asking for the preview, and for anyone else, the page is as saved.
    assert "Vorschautext" not in client.get(page(obj)).content.decode()
    client.logout()
    assert "Vorschautext" not in client.get(response["Location"]).content.decode()


def test_invalid_input_is_shown_with_its_errors_and_nothing_is_kept(client, editor):
    obj = ActionField.objects.get(slug="wohnen-und-quartier")
    client.force_login(editor)
    data = opened_form(client, obj)
    data["title"] = [""]
    data["_vorschau"] = ["Vorschau (nicht speichern)"]
    response = client.post(change_url(obj), data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert "vorschau_ungespeichert" not in client.session
    obj.refresh_from_db()
    assert obj.title == "Wohnen und Quartier"


def test_a_role_that_may_not_change_the_record_cannot_preview_input(client, steering):
    obj = ConceptText.objects.get(key=ConceptText.Key.IMPRINT)
    client.force_login(steering)
    response = client.post(
        change_url(obj), {"title": "x", "body": "Eingeschleust", "_vorschau": "Vorschau"}
    )
    assert response.status_code == 403
    page = client.get(reverse("gladbeck:impressum") + "?vorschau=1")
    assert "Eingeschleust" not in page.content.decode()
