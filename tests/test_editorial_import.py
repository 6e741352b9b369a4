"""A provider's import follows the review rule too (issue 10, §1): imported drafts wait in
the Redaktion's queue, and a published offer cannot be changed by a file."""

import pytest

from gladbeck.publishing import Publication
from gladbeck.review import PendingChange
from offers.models import Offer
from tests.builders import make_offer
from tests.test_import_export import error_lines, import_file, offer_csv, upload

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
