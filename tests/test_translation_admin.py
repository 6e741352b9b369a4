"""Translating a record next to its German original, and the Redaktion's coverage view
(issue 11 §3): the page "Übersetzen" per record and language, the box on the change form,
the roles' limits on both, and the counts per language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from gladbeck import cache, review
from gladbeck.publishing import Publication
from gladbeck.roles import EDITORS
from gladbeck.translation_coverage import translatable_models
from gladbeck.translation_status import State, field_state, record_state, set_translation
from measures.models import Measure
from tests.builders import make_measure, make_offer, make_organisation
from tests.conftest import make_staff
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def translate_url(obj, language):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_translate", args=[obj.pk, language])


def opened_form(client, obj, language):
    response = client.get(translate_url(obj, language))
    assert response.status_code == 200
    return form_data(response.content.decode(), "translate_form")


def translate(client, obj, language, checked=False, **texts):
    data = opened_form(client, obj, language)
    for name, text in texts.items():
        data[f"t-{name}"] = [text]
    if checked:
        data["t-checked"] = ["on"]
    else:
        data.pop("t-checked", None)
    return client.post(translate_url(obj, language), data)


def coverage(client, language="tr"):
    response = client.get(reverse("admin-translations"), {"sprache": language})
    assert response.status_code == 200
    return response


def counts(response, language="tr"):
    row = next(row for row in response.context["rows"] if row["code"] == language)
    return {state: count for state, count, _percent in row["cells"]}


# The page "Übersetzen"


def test_an_editor_translates_a_measure_into_turkish(
    client, editor, django_capture_on_commit_callbacks
):
    measure = make_measure(title="Sprachcafé im Stadtteil", summary="Treffen\nzum Sprechen")
    client.force_login(editor)
    page = client.get(translate_url(measure, "tr")).content.decode()
    assert "Treffen\nzum Sprechen" in page  # the German original, line breaks kept
    assert 'maxlength="200"' in page or "maxlength=" in page
    version = cache.content_version()

    with django_capture_on_commit_callbacks(execute=True):
        response = translate(client, measure, "tr", title="Mahallede dil kafesi")

    assert response.status_code == 302
    measure.refresh_from_db()
    assert field_state(measure, "title", "tr") == State.UNCHECKED
    latest = measure.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Übersetzung (tr)"
    assert latest.history_user == editor
    assert cache.content_version() > version  # the page cache renders afresh
    # The public /tr/ pages do not show translations yet (built in the main tree now): the
    # page answers, and the model gives the Turkish title in Turkish.
    assert client.get(f"/tr/massnahmen/{measure.slug}/").status_code == 200
    with translation.override("tr"):
        assert measure.title_i18n == "Mahallede dil kafesi"


def test_a_translation_saved_as_checked_is_current(client, editor):
    measure = make_measure(title="Runder Tisch")
    client.force_login(editor)
    translate(client, measure, "tr", checked=True, title="Yuvarlak masa")
    measure.refresh_from_db()
    assert field_state(measure, "title", "tr") == State.CURRENT
    assert record_state(measure, "tr") == State.CURRENT  # the other texts are empty


def test_an_emptied_field_removes_the_translation(client, editor):
    measure = make_measure(title="Runder Tisch")
    client.force_login(editor)
    translate(client, measure, "tr", title="Yuvarlak masa")
    translate(client, measure, "tr", title="")
    measure.refresh_from_db()
    assert field_state(measure, "title", "tr") == State.MISSING
    assert "title_tr" not in (measure.i18n or {})


def test_a_changed_german_title_shows_as_outdated_on_the_page_and_in_the_coverage(client, editor):
    measure = make_measure(title="Runder Tisch Wohnen")
    client.force_login(editor)
    translate(client, measure, "tr", checked=True, title="Konut yuvarlak masası")
    before = counts(coverage(client))

    measure.refresh_from_db()
    measure.title = "Runder Tisch Wohnen und Quartier"
    measure.save()

    page = client.get(translate_url(measure, "tr")).content.decode()
    assert "Stand: veraltet" in page
    assert "Der deutsche Text wurde seit der Übersetzung geändert" in page
    assert "Runder Tisch Wohnen und Quartier" in page
    assert "Übersetzt wurde aus dieser früheren Fassung" in page
    after = counts(coverage(client))
    assert after[State.CURRENT] == before[State.CURRENT] - 1
    assert after[State.OUTDATED] == before[State.OUTDATED] + 1
    listed = coverage(client).context["page"].object_list
    assert any(item["url"] == translate_url(measure, "tr") for item in listed) or (
        coverage(client).context["page"].paginator.count > 50
    )


def test_an_outdated_field_left_alone_stays_outdated(client, editor):
    measure = make_measure(title="Alt", summary="Kurz")
    client.force_login(editor)
    translate(client, measure, "tr", title="Eski", summary="Kısa")
    measure.refresh_from_db()
    measure.summary = "Kurz und neu"
    measure.save()
    translate(client, measure, "tr", title="Eski başlık")
    measure.refresh_from_db()
    assert field_state(measure, "summary", "tr") == State.OUTDATED
    assert field_state(measure, "title", "tr") == State.UNCHECKED


def test_arabic_and_persian_inputs_run_right_to_left_and_every_input_has_its_lang(client, editor):
    measure = make_measure(title="Elterncafé", summary="Kurz")
    client.force_login(editor)
    for language, direction in [("ar", True), ("fa", True), ("tr", False)]:
        page = client.get(translate_url(measure, language)).content.decode()
        inputs = re.findall(r"<(?:input|textarea)[^>]*name=\"t-(?:title|summary)\"[^>]*>", page)
        assert len(inputs) == 2
        for tag in inputs:
            assert f'lang="{language}"' in tag
            assert ('dir="rtl"' in tag) is direction


def test_the_language_switch_leads_to_the_same_record_in_each_language(client, editor):
    measure = make_measure(title="Elterncafé")
    set_translation(measure, "title", "pl", "Kawiarnia", checked=True)
    measure.save()
    client.force_login(editor)
    response = client.get(translate_url(measure, "tr"))
    languages = {item["code"]: item for item in response.context["languages"]}
    assert languages["pl"]["state"] == State.CURRENT
    assert languages["en"]["state"] == State.MISSING
    page = response.content.decode()
    for code in ["en", "ar", "leichte-sprache", "uk"]:
        assert translate_url(measure, code) in page


@pytest.mark.parametrize("model", translatable_models(), ids=lambda m: m._meta.label)
def test_every_translatable_model_has_the_page(client, editor, model):
    obj = model._default_manager.order_by("pk").first() or make_offer()
    client.force_login(editor)
    response = client.get(translate_url(obj, "uk"))
    assert response.status_code == 200
    assert response.context["form"].fields.keys() >= set(model._meta.get_field("i18n").fields)


def test_an_unknown_language_is_not_found(client, editor):
    measure = make_measure()
    client.force_login(editor)
    assert client.get(translate_url(measure, "de")).status_code == 404
    url = translate_url(measure, "tr").replace("/tr/", "/xx/")
    assert client.get(url).status_code == 404


def test_a_save_over_a_translation_made_meanwhile_is_refused(client, editor):
    measure = make_measure(title="Elterncafé")
    second = make_staff("zweite", EDITORS)
    client.force_login(editor)
    first_form = opened_form(client, measure, "tr")
    client.force_login(second)
    translate(client, measure, "tr", title="İkinci çeviri")

    client.force_login(editor)
    first_form["t-title"] = ["Birinci çeviri"]
    response = client.post(translate_url(measure, "tr"), first_form)
    assert response.status_code == 200
    assert "während Sie ihn bearbeitet haben" in response.content.decode()
    measure.refresh_from_db()
    assert measure.i18n["title_tr"] == "İkinci çeviri"


# Roles


def test_a_provider_translates_its_own_draft_offer_at_once(client, provider, provider_org):
    offer = make_offer(provider=provider_org, title="Nähcafé", publication=Publication.DRAFT)
    client.force_login(provider)
    assert translate(client, offer, "ar", title="مقهى الخياطة").status_code == 302
    offer.refresh_from_db()
    assert offer.i18n["title_ar"] == "مقهى الخياطة"
    assert review.open_change(offer).kind == review.PendingChange.Kind.NEW


def test_a_provider_translation_of_a_published_offer_waits_for_review(
    client, provider, provider_org, editor
):
    offer = make_offer(provider=provider_org, title="Nähcafé", publication=Publication.PUBLISHED)
    client.force_login(provider)
    assert translate(client, offer, "tr", title="Dikiş kafesi").status_code == 302
    offer.refresh_from_db()
    assert "title_tr" not in (offer.i18n or {})  # the public pages keep the published version
    pending = review.open_change(offer)
    assert pending.values["i18n"] == {"title_tr": "Dikiş kafesi"}
    # The provider sees what waits.
    assert "Dikiş kafesi" in client.get(translate_url(offer, "tr")).content.decode()

    request = type("Request", (), {"user": editor, "build_absolute_uri": lambda self, u: u})()
    review.approve(request, pending)
    offer.refresh_from_db()
    assert offer.i18n["title_tr"] == "Dikiş kafesi"
    assert field_state(offer, "title", "tr") == State.UNCHECKED


def test_a_provider_gets_404_for_another_organisations_offer(client, provider):
    other = make_offer(provider=make_organisation(), publication=Publication.PUBLISHED)
    client.force_login(provider)
    assert client.get(translate_url(other, "tr")).status_code == 404
    assert client.post(translate_url(other, "tr"), {"t-title": "x"}).status_code == 404


def test_the_steering_group_sees_the_page_read_only_and_may_not_post(client, steering):
    measure = make_measure(title="Elterncafé")
    client.force_login(steering)
    response = client.get(translate_url(measure, "tr"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Übersetzung speichern" not in page
    assert re.search(r'<input[^>]*name="t-title"[^>]*disabled', page)
    response = client.post(translate_url(measure, "tr"), {"t-title": "Ebeveyn kafesi"})
    assert response.status_code == 403
    measure.refresh_from_db()
    assert "title_tr" not in (measure.i18n or {})


def test_the_change_form_shows_each_language_with_its_state(client, editor):
    measure = make_measure(title="Elterncafé")
    set_translation(measure, "title", "tr", "Ebeveyn kafesi", checked=True)
    measure.save()
    client.force_login(editor)
    page = client.get(reverse("admin:measures_measure_change", args=[measure.pk]))
    page = page.content.decode()
    assert "Übersetzungen" in page
    for code, name in [("tr", "Türkçe"), ("ar", "العربية"), ("leichte-sprache", "Leichte")]:
        assert name in page
        assert translate_url(measure, code) in page
    box = page[page.index('id="translations-title"') :]
    assert "aktuell" in box and "fehlt" in box


# The coverage view


def test_the_coverage_counts_published_records_by_state(client, editor):
    client.force_login(editor)
    before = counts(coverage(client))
    current = make_measure(title="A")
    set_translation(current, "title", "tr", "A", checked=True)
    current.save()
    unchecked = make_measure(title="B")
    set_translation(unchecked, "title", "tr", "B", checked=False)
    unchecked.save()
    outdated = make_measure(title="C", summary="Kurz")
    set_translation(outdated, "title", "tr", "C", checked=True)  # the summary is missing
    outdated.save()
    make_measure(title="D")  # missing
    draft = make_measure(title="E", publication=Publication.DRAFT)  # not counted
    set_translation(draft, "title", "tr", "E", checked=True)
    draft.save()

    response = coverage(client)
    after = counts(response)
    assert {state: after[state] - before[state] for state in after} == {
        State.CURRENT: 1,
        State.UNCHECKED: 1,
        State.OUTDATED: 1,
        State.MISSING: 1,
    }
    kind = next(k for k in response.context["kinds"] if k["name"] == "Maßnahmen")
    assert kind["row"]["total"] == Measure.objects.published().count()
    listed = {item["label"] for item in kind["to_do"]}
    assert {"C", "D"} <= listed and not {"A", "B", "E"} & listed
    english = counts(response, "en")
    assert sum(english.values()) == sum(after.values())


def test_the_coverage_page_costs_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    """Protects /admin/uebersetzungen/: one query per translatable model, whatever the rows."""
    client.force_login(editor)
    coverage(client)
    with django_assert_num_queries(16):
        coverage(client)
    for n in range(30):
        make_measure(title=f"Mehr {n}")
    with django_assert_num_queries(16):
        coverage(client, "ar")


def test_the_coverage_lists_to_do_in_pages_of_fifty(client, editor):
    client.force_login(editor)
    response = coverage(client)
    page = response.context["page"]
    assert len(page.object_list) <= 50
    if page.paginator.num_pages > 1:
        second = client.get(reverse("admin-translations"), {"sprache": "tr", "seite": 2})
        assert second.context["page"].number == 2


def test_only_the_redaktion_and_superusers_see_the_coverage(
    client, editor, steering, provider, superuser
):
    for user, status in [(editor, 200), (superuser, 200), (steering, 403), (provider, 403)]:
        client.force_login(user)
        assert client.get(reverse("admin-translations")).status_code == status
        index = client.get(reverse("admin:index")).content.decode()
        assert (reverse("admin-translations") in index) is (status == 200)
    client.logout()
    assert client.get(reverse("admin-translations")).status_code == 302
