"""Review before publication: a provider's change to a published offer waits for the
Redaktion, who sees it field by field and approves or rejects it (issue 10, §1)."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from gladbeck.publishing import Publication
from gladbeck.review import PendingChange
from monitoring.models import ProgrammeReport
from offers.models import Category, Cost, Language, Offer
from tests.builders import make_offer
from tests.test_roles import change_url, offer_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_offer(provider_org):
    return make_offer(
        title="Sprachcafé am Markt",
        provider=provider_org,
        publication=Publication.PUBLISHED,
        description="Jeden Dienstag.",
    )


@pytest.fixture
def editor_with_mail(editor):
    editor.email = "redaktion@example.org"
    editor.save()
    return editor


@pytest.fixture
def provider_with_mail(provider):
    provider.email = "anbieter@example.org"
    provider.save()
    return provider


def submit(client, provider, offer, **changes):
    client.force_login(provider)
    data = offer_form_data(offer, **({"description": offer.description} | changes))
    return client.post(change_url(offer), data, follow=True)


def review_url(pending):
    return reverse("admin:gladbeck_pendingchange_change", args=[pending.pk])


def test_a_providers_change_to_a_published_offer_does_not_go_live(
    client, provider, published_offer
):
    response = submit(client, provider, published_offer, description="Jeden Mittwoch.")

    published_offer.refresh_from_db()
    assert published_offer.description == "Jeden Dienstag."
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    assert pending.kind == PendingChange.Kind.CHANGE and pending.is_pending
    assert pending.values == {"description": "Jeden Mittwoch."}
    assert pending.author == provider
    public = client.get(published_offer.get_absolute_url()).content.decode()
    assert "Jeden Dienstag." in public and "Jeden Mittwoch." not in public
    assert "Die Redaktion prüft sie" in response.content.decode()


def test_the_provider_sees_its_proposed_values_when_it_opens_the_offer_again(
    client, provider, published_offer
):
    submit(client, provider, published_offer, description="Jeden Mittwoch.")

    page = client.get(change_url(published_offer)).content.decode()

    assert "Jeden Mittwoch." in page
    assert "Ihre Änderung wartet auf Prüfung" in page


def test_a_second_save_updates_the_one_waiting_change(client, provider, published_offer):
    submit(client, provider, published_offer, description="Jeden Mittwoch.")
    submit(client, provider, published_offer, description="Jeden Donnerstag.")

    pending = PendingChange.objects.get(object_id=published_offer.pk)
    assert pending.values == {"description": "Jeden Donnerstag."}


def test_many_to_many_changes_wait_too(client, provider, published_offer):
    turkish = Language.objects.get(code="tr")
    submit(client, provider, published_offer, languages=[turkish.pk])

    assert not published_offer.languages.exists()
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    assert pending.values == {"languages": [turkish.pk]}


def test_the_redaktion_sees_a_diff_with_german_labels_and_choice_labels(
    client, provider, editor, published_offer
):
    turkish = Language.objects.get(code="tr")
    submit(
        client,
        provider,
        published_offer,
        cost=Cost.FREE,
        childcare="true",
        languages=[turkish.pk],
        valid_from="01.02.2027",
    )
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    client.force_login(editor)

    page = client.get(review_url(pending)).content.decode()

    assert "Kosten" in page and "keine Angabe" in page and "kostenlos" in page
    assert "Kinderbetreuung" in page and ">ja<" in page
    assert "Sprachen" in page and turkish.name in page
    assert "gültig ab" in page and "1. Februar 2027" in page
    assert "kostenpflichtig" not in page and "aenderung" not in page.split("<body", 1)[1]


def test_approving_applies_the_change_records_it_and_tells_the_provider(
    client,
    provider_with_mail,
    editor_with_mail,
    published_offer,
    django_capture_on_commit_callbacks,
):
    turkish = Language.objects.get(code="tr")
    submit(
        client,
        provider_with_mail,
        published_offer,
        description="Mittwochs.",
        languages=[turkish.pk],
    )
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    mail.outbox.clear()
    client.force_login(editor_with_mail)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(pending), {"_approve": "1"})

    assert response.status_code == 302
    published_offer.refresh_from_db()
    assert published_offer.description == "Mittwochs."
    assert list(published_offer.languages.all()) == [turkish]
    pending.refresh_from_db()
    assert pending.state == PendingChange.State.APPROVED
    assert pending.reviewed_by == editor_with_mail
    latest = published_offer.history.order_by("-history_date", "-history_id").first()
    assert "anbieter" in latest.history_change_reason
    assert "Mittwochs." in client.get(published_offer.get_absolute_url()).content.decode()
    assert [m.to for m in mail.outbox] == [["anbieter@example.org"]]
    assert mail.outbox[0].subject.startswith("Freigegeben")


def test_rejecting_needs_a_message_and_the_provider_reads_it(
    client, provider_with_mail, editor, published_offer, django_capture_on_commit_callbacks
):
    submit(client, provider_with_mail, published_offer, description="Mittwochs.")
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    client.force_login(editor)

    without = client.post(review_url(pending), {"_reject": "1", "message": ""})
    assert without.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(pending), {"_reject": "1", "message": "Bitte den Raum angeben."}
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == PendingChange.State.REJECTED
    published_offer.refresh_from_db()
    assert published_offer.description == "Jeden Dienstag."
    assert mail.outbox[-1].to == ["anbieter@example.org"]
    assert "Bitte den Raum angeben." in mail.outbox[-1].body
    client.force_login(provider_with_mail)
    listing = client.get(reverse("admin:offers_offer_changelist")).content.decode()
    assert "zurückgewiesen: Bitte den Raum angeben." in listing


def test_the_provider_sees_the_state_of_each_offer_in_its_list(
    client, provider, provider_org, published_offer
):
    make_offer(title="Ruhiges Angebot", provider=provider_org, publication=Publication.PUBLISHED)
    submit(client, provider, published_offer, description="Mittwochs.")

    listing = client.get(reverse("admin:offers_offer_changelist")).content.decode()

    assert "Änderung wartet auf Prüfung" in listing
    assert "veröffentlicht" in listing


def test_the_redaktion_with_an_address_is_told_of_a_submission_and_nobody_else(
    client,
    provider,
    editor_with_mail,
    steering,
    published_offer,
    django_capture_on_commit_callbacks,
):
    from tests.conftest import make_staff

    make_staff("redaktion-ohne-mail", "Redaktion")
    steering.email = "steuerung@example.org"
    steering.save()

    with django_capture_on_commit_callbacks(execute=True):
        submit(client, provider, published_offer, description="Mittwochs.")

    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]]
    assert "Sprachcafé am Markt" in mail.outbox[0].subject
    assert review_url(PendingChange.objects.get()) in mail.outbox[0].body


@pytest.mark.parametrize("role", ["provider", "steering"])
def test_only_the_redaktion_can_approve(client, request, role, provider, published_offer):
    submit(client, provider, published_offer, description="Mittwochs.")
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    client.force_login(request.getfixturevalue(role))

    response = client.post(review_url(pending), {"_approve": "1"})

    assert response.status_code == 403
    published_offer.refresh_from_db()
    assert published_offer.description == "Jeden Dienstag."
    assert PendingChange.objects.get(pk=pending.pk).is_pending


def test_a_providers_new_offer_waits_in_the_queue_and_approval_publishes_it(
    client, provider, editor, provider_org
):
    client.force_login(provider)
    data = offer_form_data(
        Offer(title="Nähcafé", slug="naehcafe-test", category=Category.objects.first())
    )
    response = client.post(reverse("admin:offers_offer_add"), data, follow=True)
    offer = Offer.objects.get(title="Nähcafé")
    assert offer.slug == "naehcafe"  # the address is made from the title, ä → ae
    assert offer.publication == Publication.DRAFT
    assert "Die Redaktion prüft ihn" in response.content.decode()
    pending = PendingChange.objects.get(object_id=offer.pk)
    assert pending.kind == PendingChange.Kind.NEW
    client.force_login(editor)
    assert "Nähcafé" in client.get(review_url(pending)).content.decode()

    client.post(review_url(pending), {"_approve": "1"})

    offer.refresh_from_db()
    assert offer.publication == Publication.PUBLISHED


def test_a_providers_new_programme_report_waits_in_the_queue(client, provider, provider_org):
    offer = make_offer(provider=provider_org, category=Category.objects.get(is_qualification=True))
    client.force_login(provider)
    data = {
        "offer": offer.pk,
        "period_start": "01.01.2025",
        "period_end": "31.12.2025",
        "entrants": "8",
        "completers": "6",
        "dropouts": "2",
        "placements_work": "2",
        "placements_training": "1",
        "total_days": "400",
        "assessed": "",
        "feedback_summary": "",
    }
    response = client.post(reverse("admin:monitoring_programmereport_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgrammeReport.objects.get(offer=offer)
    assert report.publication == Publication.DRAFT
    pending = PendingChange.objects.get(object_id=report.pk)
    assert pending.kind == PendingChange.Kind.NEW


def test_approving_a_change_that_no_longer_fits_is_refused_with_the_reason(
    client, provider, editor, published_offer
):
    submit(client, provider, published_offer, valid_from="01.02.2027")
    published_offer.valid_until = datetime.date(2026, 12, 31)
    published_offer.save()
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    client.force_login(editor)

    response = client.post(review_url(pending), {"_approve": "1"}, follow=True)

    assert "Nicht freigegeben" in response.content.decode()
    published_offer.refresh_from_db()
    assert published_offer.valid_from is None
    assert PendingChange.objects.get(pk=pending.pk).is_pending


def test_editors_still_save_published_offers_directly(client, editor, published_offer):
    client.force_login(editor)
    client.post(
        change_url(published_offer),
        offer_form_data(published_offer, description="Von der Redaktion."),
    )
    published_offer.refresh_from_db()
    assert published_offer.description == "Von der Redaktion."
    assert not PendingChange.objects.exists()


def test_a_providers_revert_of_a_published_offer_waits_for_review_too(
    client, provider, published_offer, superuser
):
    from django.contrib import admin

    from tests.test_history_permissions import revert_data

    published_offer.description = "Neuere Fassung."
    published_offer.save()
    first = published_offer.history.order_by("history_date").first()
    data, _ = revert_data(admin.site._registry[Offer], first.instance, superuser, False)
    data.pop("internal_note", None)
    client.force_login(provider)

    url = reverse("admin:offers_offer_simple_history", args=[published_offer.pk, first.history_id])
    response = client.post(url, data)

    assert response.status_code == 302
    published_offer.refresh_from_db()
    assert published_offer.description == "Neuere Fassung."
    pending = PendingChange.objects.get(object_id=published_offer.pk)
    assert pending.values["description"] == "Jeden Dienstag."


def test_a_providers_change_to_a_published_programme_report_waits_for_review(
    client, provider, provider_org, superuser
):
    from django.contrib import admin

    from tests.test_history_permissions import an_instance, revert_data

    report = an_instance(ProgrammeReport, provider_org)
    report.publication = Publication.PUBLISHED
    report.save()
    data, _ = revert_data(admin.site._registry[ProgrammeReport], report, superuser, False)
    data["entrants"] = "9"
    client.force_login(provider)

    response = client.post(
        reverse("admin:monitoring_programmereport_change", args=[report.pk]), data
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.entrants == 3
    assert PendingChange.objects.get(object_id=report.pk).values == {"entrants": 9}


def test_a_mail_server_that_fails_does_not_undo_the_submission(
    client,
    provider,
    editor_with_mail,
    published_offer,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.test_editorial_review.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, provider, published_offer, description="Mittwochs.")

    assert response.status_code == 200
    assert PendingChange.objects.get(object_id=published_offer.pk).is_pending


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_a_submission_whose_record_was_deleted_can_be_rejected_not_approved(
    client, provider, editor, provider_org
):
    offer = make_offer(provider=provider_org, publication=Publication.DRAFT)
    client.force_login(provider)
    client.post(change_url(offer), offer_form_data(offer, description="Neu."))
    pending = PendingChange.objects.get(object_id=offer.pk)
    offer.delete()
    client.force_login(editor)

    page = client.get(review_url(pending)).content.decode()
    approve = client.post(review_url(pending), {"_approve": "1"}, follow=True)
    reject = client.post(review_url(pending), {"_reject": "1", "message": "Gelöscht."})

    assert "existiert nicht mehr" in page
    assert "Nicht freigegeben" in approve.content.decode()
    assert reject.status_code == 302
    assert PendingChange.objects.get(pk=pending.pk).state == PendingChange.State.REJECTED
