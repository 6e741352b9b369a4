"""Editions of the concept: frozen by the Redaktion, never changed afterwards, listed and
shown as frozen, each with its PDF."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from concept.editions import FIRST_EDITION_TITLE, LOCK_KEY, FreezeRefused, freeze
from concept.models import Edition
from measures.models import Measure, Status

pytestmark = pytest.mark.django_db


def edit_a_measure(title="Gladbecker Erklärung (überarbeitet)"):
    measure = Measure.objects.published().get(slug="gladbecker-erklaerung")
    measure.title = title
    measure.status = Status.DONE
    measure.progress = 100
    measure.save()
    return measure


def test_the_loader_made_the_2018_concept_edition_1():
    first = Edition.objects.get(number=1)
    assert first.title == FIRST_EDITION_TITLE
    assert bytes(first.pdf).startswith(b"%PDF-")
    assert first.history.count() == 1


def test_loading_again_makes_no_second_first_edition():
    call_command("load_concept", "--force", verbosity=0)
    assert Edition.objects.count() == 1


def test_an_edition_does_not_change_when_its_measures_are_edited_afterwards(client):
    before = client.get("/konzept/ausgaben/1/").content.decode()
    snapshot = Edition.objects.get(number=1).snapshot
    edit_a_measure()
    after = client.get("/konzept/ausgaben/1/").content.decode()
    assert Edition.objects.get(number=1).snapshot == snapshot
    assert "Gladbecker Erklärung (überarbeitet)" not in after
    assert "Gladbecker Erklärung (überarbeitet)" in client.get("/konzept/").content.decode()
    assert before == after


def test_freezing_with_nothing_changed_is_refused_with_a_clear_message():
    with pytest.raises(FreezeRefused, match="Seit Ausgabe 1 hat sich am Konzept nichts geändert"):
        freeze("Fortschreibung ohne Änderung")
    assert Edition.objects.count() == 1


def test_freezing_while_another_freeze_runs_is_refused_with_a_clear_message():
    edit_a_measure()
    cache.add(LOCK_KEY, "läuft")
    with pytest.raises(FreezeRefused, match="Gerade wird eine andere Ausgabe festgeschrieben"):
        freeze("Fortschreibung 2026")
    assert Edition.objects.count() == 1


def test_a_freeze_after_a_change_makes_the_next_edition_with_its_pdf_and_history():
    edit_a_measure()
    edition = freeze("Fortschreibung 2026", council_decision="Ratsbeschluss vom 1. Juli 2026")
    assert edition.number == 2
    assert edition.history.get().history_type == "+"
    reader = PdfReader(io.BytesIO(bytes(edition.pdf)))
    assert "Ausgabe 2: Fortschreibung 2026" in reader.pages[0].extract_text()
    assert cache.get(LOCK_KEY) is None


def test_the_editions_page_lists_every_edition_with_its_pdf_and_comparison(client):
    html = client.get("/konzept/ausgaben/").content.decode()
    assert FIRST_EDITION_TITLE in html
    assert reverse("concept:edition", args=[1]) + "?format=pdf" in html
    assert reverse("concept:compare_current", args=[1]) in html


def test_an_edition_says_it_is_frozen_and_links_the_current_version(client):
    html = client.get("/konzept/ausgaben/1/").content.decode()
    assert "Dies ist Ausgabe 1" in html
    assert "wird nicht mehr geändert" in html
    assert f'href="{reverse("concept:current")}"' in html


def test_an_editions_pdf_is_the_stored_one(client):
    response = client.get("/konzept/ausgaben/1/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(Edition.objects.get(number=1).pdf)


@pytest.mark.parametrize(
    "url",
    [
        "/konzept/ausgaben/99/",
        "/konzept/ausgaben/99/?format=pdf",
        "/konzept/ausgaben/99/vergleich/",
        "/konzept/ausgaben/1/vergleich/99/",
        "/konzept/ausgaben/0/",
    ],
)
def test_an_unknown_edition_is_not_found_in_the_portals_design(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_the_editions_list_runs_a_pinned_number_of_queries(client, django_assert_num_queries):
    """Protects /konzept/ausgaben/ against a query per edition."""
    with django_assert_num_queries(1):
        client.get("/konzept/ausgaben/")


# The admin


def test_the_redaktion_freezes_an_edition_through_the_add_form(client, editor):
    edit_a_measure()
    client.force_login(editor)
    response = client.post(
        reverse("admin:concept_edition_add"),
        {"title": "Fortschreibung 2026", "date": "01.07.2026", "council_decision": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edition = Edition.objects.get(number=2)
    assert edition.history.get().history_user == editor


def test_the_add_form_says_why_nothing_is_frozen_when_nothing_changed(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:concept_edition_add"),
        {"title": "Fortschreibung 2026", "date": "01.07.2026", "council_decision": ""},
    )
    assert response.status_code == 200
    assert "Seit Ausgabe 1 hat sich am Konzept nichts geändert" in response.content.decode()
    assert Edition.objects.count() == 1


def test_an_edition_is_read_only_in_the_admin_and_only_a_superuser_deletes_it(
    client, editor, superuser
):
    first = Edition.objects.get(number=1)
    client.force_login(editor)
    change = reverse("admin:concept_edition_change", args=[first.pk])
    page = client.get(change).content.decode()
    assert 'name="title"' not in page
    client.post(change, {"title": "Umbenannt", "date": "01.01.2019"})
    assert Edition.objects.get(number=1).title == FIRST_EDITION_TITLE
    delete = reverse("admin:concept_edition_delete", args=[first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.force_login(superuser)
    assert client.get(delete).status_code == 200


def test_the_steering_group_sees_editions_but_cannot_freeze(client, steering):
    client.force_login(steering)
    assert client.get(reverse("admin:concept_edition_changelist")).status_code == 200
    assert client.get(reverse("admin:concept_edition_add")).status_code == 403
