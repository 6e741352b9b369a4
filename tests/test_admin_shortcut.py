"""The admin's "view on site" shortcut gives away addresses only of records the user may see
(security review, finding 11)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gladbeck.publishing import Publication
from tests.builders import make_measure, make_offer, make_organisation

pytestmark = pytest.mark.django_db


def shortcut(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_a_provider_cannot_learn_the_address_of_another_organisations_draft_offer(client, provider):
    foreign = make_offer(
        provider=make_organisation(), title="Noch geheim", publication=Publication.DRAFT
    )
    client.force_login(provider)
    response = client.get(shortcut(foreign))
    assert response.status_code == 404
    assert foreign.slug not in response.get("Location", "")


def test_a_provider_cannot_learn_the_address_of_a_draft_measure(client, provider):
    draft = make_measure(publication=Publication.DRAFT)
    client.force_login(provider)
    assert client.get(shortcut(draft)).status_code == 404


def test_a_provider_is_led_to_the_preview_of_its_own_draft_offer(client, provider, provider_org):
    own = make_offer(provider=provider_org, publication=Publication.DRAFT)
    client.force_login(provider)
    response = client.get(shortcut(own))
    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url() + "?vorschau=1"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("role", ["editor", "steering"])
def test_staff_who_may_see_a_draft_measure_in_the_admin_are_led_to_its_preview(
    client, request, role
):
    draft = make_measure(publication=Publication.DRAFT)
    client.force_login(request.getfixturevalue(role))
    response = client.get(shortcut(draft))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url() + "?vorschau=1"
    assert client.get(response["Location"]).status_code == 200


def test_a_visitor_without_login_is_sent_to_the_login(client):
    draft = make_measure(publication=Publication.DRAFT)
    response = client.get(shortcut(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
