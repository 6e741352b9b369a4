"""What each staff role can see and change in the admin, checked on the server."""

import pytest
from django.urls import reverse

from gladbeck.publishing import Publication
from measures.models import Measure, Status
from offers.models import Offer
from tests.builders import make_measure, make_offer, make_organisation

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def measure_form_data(measure, **changes):
    data = {
        "title": measure.title,
        "slug": measure.slug,
        "summary": "",
        "goal": "",
        "description": "",
        "action_field": measure.action_field_id,
        "level": measure.level,
        "concept_section": "",
        "status": measure.status,
        "progress": measure.progress,
        "resources": "",
        "funding": "",
        "publication": measure.publication,
        "internal_note": "",
    }
    for prefix in ("steps", "stakeholders", "progress_entries"):
        data |= {
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data | changes


def offer_form_data(offer, **changes):
    data = {
        "title": offer.title,
        "slug": offer.slug,
        "category": offer.category_id,
        "description": "",
        "description_easy": "",
        "address": "",
        "schedule": "",
        "cost": "unbekannt",
        "fee": "",
        "registration_required": "unknown",
        "childcare": "unknown",
        "barrier_free": "unknown",
        "contact_name": "",
        "email": "",
        "phone": "",
        "website": "",
        "concept_section": "",
        "publication": offer.publication,
    }
    return data | changes


# Redaktion


def test_editors_change_and_publish_measures(client, editor):
    measure = make_measure(publication=Publication.DRAFT)
    client.force_login(editor)
    response = client.post(
        change_url(measure),
        measure_form_data(measure, status=Status.PLANNED, publication=Publication.PUBLISHED),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert (measure.status, measure.publication) == (Status.PLANNED, Publication.PUBLISHED)


def test_editors_publish_in_bulk_and_each_change_is_in_the_history(client, editor):
    drafts = [make_measure(publication=Publication.DRAFT) for _ in range(3)]
    client.force_login(editor)
    response = client.post(
        changelist(Measure),
        {"action": "publish", "_selected_action": [m.pk for m in drafts]},
        follow=True,
    )
    assert "3 Einträge sind jetzt „veröffentlicht“." in response.content.decode()
    for measure in drafts:
        assert measure.history.first().publication == Publication.PUBLISHED


def test_editors_set_a_status_in_bulk(client, editor):
    measures = [make_measure() for _ in range(2)]
    client.force_login(editor)
    client.post(
        changelist(Measure),
        {"action": "set_status_in_umsetzung", "_selected_action": [m.pk for m in measures]},
    )
    assert set(
        Measure.objects.filter(pk__in=[m.pk for m in measures]).values_list("status", flat=True)
    ) == {Status.IN_PROGRESS}


def test_editors_edit_any_providers_offer(client, editor, provider_org):
    offer = make_offer(provider=provider_org)
    client.force_login(editor)
    response = client.post(change_url(offer), offer_form_data(offer, title="Neuer Titel"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Neuer Titel"


# Steuerungsgruppe


def test_steering_group_sees_drafts_in_the_admin(client, steering):
    draft = make_measure(title="Unveröffentlichter Entwurf", publication=Publication.DRAFT)
    client.force_login(steering)
    assert client.get(changelist(Measure)).status_code == 200
    response = client.get(change_url(draft))
    assert response.status_code == 200
    assert "Unveröffentlichter Entwurf" in response.content.decode()


def test_steering_group_sees_every_providers_offers(client, steering, provider_org):
    make_offer(title="Angebot eines Trägers", provider=provider_org, publication=Publication.DRAFT)
    client.force_login(steering)
    assert "Angebot eines Trägers" in client.get(changelist(Offer)).content.decode()


def test_steering_group_cannot_change_a_measure(client, steering):
    measure = make_measure()
    client.force_login(steering)
    response = client.post(change_url(measure), measure_form_data(measure, title="Geändert"))
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title != "Geändert"


def test_steering_group_cannot_publish_or_delete(client, steering):
    draft = make_measure(publication=Publication.DRAFT)
    client.force_login(steering)
    client.post(changelist(Measure), {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT
    delete_url = reverse("admin:measures_measure_delete", args=[draft.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Measure.objects.filter(pk=draft.pk).exists()


def test_steering_group_cannot_add_anything(client, steering):
    client.force_login(steering)
    assert client.get(reverse("admin:measures_measure_add")).status_code == 403
    assert client.get(reverse("admin:offers_offer_add")).status_code == 403


# Anbieter


def test_providers_see_only_their_own_offers(client, provider, provider_org):
    make_offer(title="Eigenes Angebot", provider=provider_org)
    make_offer(title="Fremdes Angebot", provider=make_organisation())
    client.force_login(provider)
    page = client.get(changelist(Offer)).content.decode()
    assert "Eigenes Angebot" in page
    assert "Fremdes Angebot" not in page


def test_providers_cannot_open_or_change_another_organisations_offer(client, provider):
    foreign = make_offer(title="Fremdes Angebot", provider=make_organisation())
    client.force_login(provider)
    assert client.get(change_url(foreign)).status_code in (302, 403, 404)
    client.post(change_url(foreign), offer_form_data(foreign, title="Übernommen"))
    foreign.refresh_from_db()
    assert foreign.title == "Fremdes Angebot"


def test_a_new_offer_of_a_provider_belongs_to_its_organisation_as_a_draft(
    client, provider, provider_org
):
    other = make_organisation()
    client.force_login(provider)
    template = Offer(title="Sprachcafé", slug="sprachcafe-test", category_id=1)
    response = client.post(
        reverse("admin:offers_offer_add"),
        offer_form_data(template, provider=other.pk, publication=Publication.PUBLISHED)
        | {"category": Offer._meta.get_field("category").related_model.objects.first().pk},
    )
    assert response.status_code == 302
    offer = Offer.objects.get(title="Sprachcafé")
    assert offer.provider == provider_org
    assert offer.publication == Publication.DRAFT
    assert offer.slug == "sprachcafe"  # made from the title: providers do not set addresses


def test_providers_edit_their_own_offer_but_cannot_publish_it(client, provider, provider_org):
    offer = make_offer(provider=provider_org, publication=Publication.DRAFT)
    client.force_login(provider)
    response = client.post(
        change_url(offer),
        offer_form_data(offer, title="Aktualisiert", publication=Publication.PUBLISHED),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.publication) == ("Aktualisiert", Publication.DRAFT)


def test_providers_cannot_delete_offers(client, provider, provider_org):
    offer = make_offer(provider=provider_org)
    client.force_login(provider)
    delete_url = reverse("admin:offers_offer_delete", args=[offer.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_providers_see_nothing_but_offers(client, provider):
    measure = make_measure()
    client.force_login(provider)
    assert client.get(changelist(Measure)).status_code == 403
    assert client.get(change_url(measure)).status_code == 403
    assert client.get(reverse("admin:gladbeck_organisation_changelist")).status_code == 403
    assert client.get(reverse("admin:monitoring_indicator_changelist")).status_code == 403


def test_providers_never_see_the_internal_note(client, provider, provider_org):
    offer = make_offer(provider=provider_org, internal_note="Nur für die Stadt: Zuschuss offen")
    client.force_login(provider)
    assert "Zuschuss offen" not in client.get(change_url(offer)).content.decode()


def test_a_provider_login_without_organisation_sees_no_offers(client, provider, provider_org):
    provider.provider_account.delete()
    make_offer(title="Eigenes Angebot", provider=provider_org)
    client.force_login(provider)
    assert "Eigenes Angebot" not in client.get(changelist(Offer)).content.decode()
    assert client.get(reverse("admin:offers_offer_add")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(changelist(Measure))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
