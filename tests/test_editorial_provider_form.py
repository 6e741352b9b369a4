"""Providers see their own organisation and not the fields that are the Redaktion's
(issue 10, §5): the web address, the section of the concept, the last check."""

import pytest
from django.urls import reverse

from gladbeck.publishing import Publication
from tests.builders import make_offer

pytestmark = pytest.mark.django_db
EDITORS_FIELDS = ["id_slug", "id_concept_section", "id_last_checked", "id_last_checked_by"]


def test_a_provider_sees_its_organisation_but_not_the_redaktions_fields(
    client, provider, provider_org
):
    offer = make_offer(provider=provider_org, publication=Publication.DRAFT)
    client.force_login(provider)

    for url in (
        reverse("admin:offers_offer_change", args=[offer.pk]),
        reverse("admin:offers_offer_add"),
    ):
        page = client.get(url).content.decode()
        assert all(f'id="{name}"' not in page for name in EDITORS_FIELDS), url
        assert "Kürzel in Adressen" not in page and "Abschnitt im Konzept" not in page
    assert (
        provider_org.name
        in client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    )


def test_the_redaktion_keeps_every_field(client, editor):
    offer = make_offer()
    client.force_login(editor)
    page = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert all(f'id="{name}"' in page for name in EDITORS_FIELDS)


def test_two_new_offers_of_the_same_title_get_two_addresses(client, provider, provider_org):
    from offers.models import Category, Offer
    from tests.test_roles import offer_form_data

    client.force_login(provider)
    data = offer_form_data(Offer(title="Frühstückstreff", category=Category.objects.first()))
    for _ in range(2):
        assert client.post(reverse("admin:offers_offer_add"), data).status_code == 302
    slugs = sorted(Offer.objects.filter(title="Frühstückstreff").values_list("slug", flat=True))
    assert slugs == ["fruehstueckstreff", "fruehstueckstreff-2"]


def test_the_forms_explain_where_staff_hesitate(client, editor):
    client.force_login(editor)
    offer_form = client.get(reverse("admin:offers_offer_add")).content.decode()
    measure_form = client.get(reverse("admin:measures_measure_add")).content.decode()
    assert "Deutsch eingeschlossen" in offer_form and "In Jahren; leer: keine Grenze." in offer_form
    assert "Ein bis zwei Sätze für Listen und Suche." in measure_form
    assert "Was damit erreicht werden soll." in measure_form
    assert "Was getan wird, wie und mit wem." in measure_form
