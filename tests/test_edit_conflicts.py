"""Two editors open the same record; the second save must not silently overwrite the first
(security review, finding 10)."""

import pytest
from django.urls import reverse

from gladbeck.models import ConceptText
from gladbeck.roles import EDITORS
from measures.models import Challenge, Measure
from monitoring.models import Indicator
from offers.models import Offer
from tests.builders import make_offer
from tests.conftest import make_staff
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def opened_form(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_data(response.content.decode(), f"{obj._meta.model_name}_form")


def records():
    return {
        "measure": (Measure.objects.get(slug="runder-tisch-wohnen"), "title"),
        "offer": (make_offer(), "title"),
        "challenge": (Challenge.objects.order_by("pk").first(), "wording"),
        "concept text": (ConceptText.objects.get(key=ConceptText.Key.IMPRINT), "title"),
        "indicator": (Indicator.objects.order_by("pk").first(), "title"),
    }


@pytest.mark.parametrize("kind", ["measure", "offer", "challenge", "concept text", "indicator"])
def test_a_save_over_a_change_made_meanwhile_is_refused_with_what_changed(client, kind):
    obj, field = records()[kind]
    first, second = make_staff("erste", EDITORS), make_staff("zweite", EDITORS)
    client.force_login(first)
    first_form = opened_form(client, obj)
    client.force_login(second)
    second_form = opened_form(client, obj)
    second_form[field] = ["Von der zweiten Redakteurin"]
    assert client.post(change_url(obj), second_form).status_code == 302

    client.force_login(first)
    first_form[field] = ["Von der ersten Redakteurin"]
    refused = client.post(change_url(obj), first_form)

    text = refused.content.decode()
    assert refused.status_code == 200
    assert "während Sie ihn bearbeitet haben" in text
    assert "zweite" in text and "Von der zweiten Redakteurin" in text
    obj.refresh_from_db()
    assert getattr(obj, field) == "Von der zweiten Redakteurin"

    # Having seen what changed, the first editor saves again on purpose.
    again = client.post(change_url(obj), form_data(text, f"{obj._meta.model_name}_form"))
    assert again.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Von der ersten Redakteurin"


def test_saving_twice_in_a_row_alone_is_no_conflict(client, editor):
    obj = Measure.objects.get(slug="runder-tisch-wohnen")
    client.force_login(editor)
    form = opened_form(client, obj)
    form["title"] = ["Erste Fassung"]
    assert client.post(change_url(obj), form).status_code == 302
    form = opened_form(client, obj)
    form["title"] = ["Zweite Fassung"]
    assert client.post(change_url(obj), form).status_code == 302
    obj.refresh_from_db()
    assert obj.title == "Zweite Fassung"


def test_a_provider_is_told_when_the_redaktion_changed_its_offer_meanwhile(
    client, provider, provider_org, editor
):
    offer = make_offer(provider=provider_org, internal_note="Notiz")
    client.force_login(provider)
    provider_form = opened_form(client, offer)
    client.force_login(editor)
    editor_form = opened_form(client, offer)
    editor_form["schedule"] = ["montags 9 bis 12 Uhr"]
    editor_form["internal_note"] = ["Vertraulich: Förderung läuft aus"]
    assert client.post(change_url(offer), editor_form).status_code == 302

    client.force_login(provider)
    provider_form["schedule"] = ["dienstags"]
    refused = client.post(change_url(offer), provider_form)

    text = refused.content.decode()
    assert "montags 9 bis 12 Uhr" in text
    assert "Förderung läuft aus" not in text  # the provider's form has no internal note
    assert Offer.objects.get(pk=offer.pk).schedule == "montags 9 bis 12 Uhr"
