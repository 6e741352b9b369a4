"""The Redaktion's inbox "Zu prüfen" on the admin start page (issue 10, §2)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from gladbeck.publishing import Publication
from gladbeck.review import PendingChange
from gladbeck.staff_import.models import ImportRun
from measures.models import ProgressEntry
from offers.models import Offer
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def waiting(offer, author, kind=PendingChange.Kind.CHANGE):
    return PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(Offer),
        object_id=offer.pk,
        object_repr=offer.title,
        kind=kind,
        values={"description": "neu"} if kind == PendingChange.Kind.CHANGE else {},
        author=author,
    )


def inbox_of(client):
    text = client.get(INDEX).content.decode()
    assert 'id="inbox"' in text
    return text.split('id="inbox"', 1)[1].split("</section>", 1)[0]


def test_the_inbox_counts_and_links_waiting_submissions(client, editor, provider, provider_org):
    changed = make_offer(title="Geändertes Sprachcafé", provider=provider_org)
    new = make_offer(title="Neues Nähcafé", provider=provider_org, publication=Publication.DRAFT)
    change = waiting(changed, provider)
    submission = waiting(new, provider, PendingChange.Kind.NEW)
    client.force_login(editor)

    inbox = inbox_of(client)

    assert "Geändert: Angebote" in inbox and "Neu: Angebote" in inbox
    assert reverse("admin:gladbeck_pendingchange_change", args=[change.pk]) in inbox
    assert reverse("admin:gladbeck_pendingchange_change", args=[submission.pk]) in inbox
    assert "Geändertes Sprachcafé" in inbox and "Neues Nähcafé" in inbox


def test_the_inbox_names_offers_unchecked_for_twelve_months(client, editor):
    today = timezone.localdate()
    stale = make_offer(
        title="Lange nicht geprüft",
        publication=Publication.PUBLISHED,
        last_checked=today - datetime.timedelta(days=400),
    )
    make_offer(
        title="Frisch geprüft",
        publication=Publication.PUBLISHED,
        last_checked=today - datetime.timedelta(days=30),
    )
    client.force_login(editor)

    inbox = inbox_of(client)

    assert "zuletzt geprüft vor mehr als 12 Monaten" in inbox
    assert "Lange nicht geprüft" in inbox and "Frisch geprüft" not in inbox
    assert reverse("admin:offers_offer_change", args=[stale.pk]) in inbox
    listing = client.get(reverse("admin:offers_offer_changelist") + inbox_link(inbox, "offer"))
    assert "Lange nicht geprüft" in listing.content.decode()
    assert "Frisch geprüft" not in listing.content.decode()


def inbox_link(inbox, model):
    start = inbox.index(f"/admin/{'offers' if model == 'offer' else 'measures'}/{model}/?")
    return inbox[start:].split('"', 1)[0].split("/", 4)[-1].replace("&amp;", "&")


def test_the_inbox_names_measures_without_progress_for_six_months(client, editor):
    quiet = make_measure(title="Still geworden", created_at=LONG_AGO)
    busy = make_measure(title="Mit Fortschritt", created_at=LONG_AGO)
    ProgressEntry.objects.create(measure=busy, date=timezone.localdate(), text="Treffen")
    make_measure(title="Gerade begonnen")
    client.force_login(editor)

    inbox = inbox_of(client)

    assert "Wiedervorlage" in inbox
    assert "Still geworden" in inbox
    assert "Mit Fortschritt" not in inbox and "Gerade begonnen" not in inbox
    assert reverse("admin:measures_measure_change", args=[quiet.pk]) in inbox
    listing = client.get(reverse("admin:measures_measure_changelist") + "?wiedervorlage=ja")
    text = listing.content.decode()
    assert "Still geworden" in text and "Mit Fortschritt" not in text


def test_the_inbox_names_failed_imports(client, editor):
    run = ImportRun.objects.create(
        user=editor,
        model="offers.offer",
        resource="offers.resources.OfferResource",
        file_name="angebote-kaputt.csv",
        file_format="csv",
        file_size=10,
        state=ImportRun.State.FAILED,
    )
    client.force_login(editor)

    inbox = inbox_of(client)

    assert "Abgebrochene Importe" in inbox and "angebote-kaputt.csv" in inbox
    assert reverse("admin:offers_offer_import_run", args=[run.pk]) in inbox


@pytest.mark.parametrize("role", ["provider", "steering"])
def test_other_roles_see_no_inbox(client, request, role, provider_org):
    waiting(make_offer(provider=provider_org), None)
    client.force_login(request.getfixturevalue(role))
    assert 'id="inbox"' not in client.get(INDEX).content.decode()


def _fill(provider, provider_org, start, count):
    today = timezone.localdate()
    for n in range(start, start + count):
        waiting(make_offer(provider=provider_org, title=f"Eingabe {n}"), provider)
        make_offer(
            publication=Publication.PUBLISHED, last_checked=today - datetime.timedelta(days=500)
        )
        make_measure(created_at=LONG_AGO)
        ImportRun.objects.create(
            user=provider,
            model="offers.offer",
            resource="offers.resources.OfferResource",
            file_name=f"import-{n}.csv",
            file_format="csv",
            file_size=10,
            state=ImportRun.State.FAILED,
        )


def test_the_start_page_with_the_inbox_costs_a_fixed_number_of_queries(
    client, superuser, provider, provider_org, django_assert_num_queries
):
    """Admin start page: the inbox queries do not grow with the waiting records."""
    client.force_login(superuser)
    _fill(provider, provider_org, 0, 1)
    client.get(INDEX)  # warm the caches (content types, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    _fill(provider, provider_org, 100, 30)

    with django_assert_num_queries(len(few)):
        text = client.get(INDEX).content.decode()
    assert "Eingabe 129" in text


@pytest.mark.parametrize("role", ["editor", "steering"])
def test_the_start_page_links_the_status_report(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert reverse("measures:status_report") in client.get(INDEX).content.decode()


def test_providers_get_no_link_to_the_status_report(client, provider):
    client.force_login(provider)
    assert reverse("measures:status_report") not in client.get(INDEX).content.decode()
