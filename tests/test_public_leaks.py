"""Nothing unpublished and no internal note reaches any public page, count, search or feed."""

import pytest

from gladbeck.models import District, Organisation
from gladbeck.publishing import Publication
from measures.models import ActionField, Challenge, Measure, ProgressEntry, Role, Stakeholder
from offers.models import Offer
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db

SECRET = "Geheimwort-Kiebitz"
NOTE = "Interne-Notiz-Uhu"


@pytest.fixture
def hidden_content():
    brauck = District.objects.get(slug="brauck")
    lead = Organisation.objects.get(slug="bildungsbuero")
    field = ActionField.objects.get(slug="sprache-und-bildung")
    draft = make_measure(
        title=f"Entwurf {SECRET}", summary=SECRET, action_field=field, publication=Publication.DRAFT
    )
    draft.districts.add(brauck)
    draft.challenges.add(Challenge.objects.get(slug="sprache-bildung-h2"))
    Stakeholder.objects.create(measure=draft, organisation=lead, role=Role.LEAD)
    ProgressEntry.objects.create(measure=draft, date="2030-01-01", text=f"Fortschritt {SECRET}")
    draft_offer = make_offer(
        title=f"Angebot {SECRET}", description=SECRET, provider=lead, publication=Publication.DRAFT
    )
    draft_offer.districts.add(brauck)
    published = Measure.objects.get(slug="gladbecker-erklaerung")
    published.internal_note = NOTE
    published.save()
    offer = Offer.objects.get(slug="rucksackprogramme")
    offer.internal_note = NOTE
    offer.save()
    return draft


PUBLIC_URLS = [
    "/",
    "/leitbild/",
    "/massnahmen/",
    "/massnahmen/?handlungsfeld=sprache-und-bildung",
    "/massnahmen/?q=Geheimwort",
    "/massnahmen/?stadtteil=brauck",
    "/massnahmen/?akteur=bildungsbuero",
    "/massnahmen/?herausforderung=sprache-bildung-h2",
    "/massnahmen/gladbecker-erklaerung/",
    "/handlungsfelder/sprache-und-bildung/",
    "/angebote/",
    "/angebote/?q=Geheimwort",
    "/angebote/?stadtteil=brauck",
    "/angebote/rucksackprogramme/",
    "/akteure/bildungsbuero/",
    "/stadtteile/brauck/",
    "/suche/?q=Geheimwort",
    "/suche/?q=Entwurf",
    "/aenderungen/",
    "/aenderungen/feed/",
    "/konzept/",
    "/konzept/ausgaben/1/vergleich/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_page_shows_drafts_or_internal_notes(client, hidden_content, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert SECRET not in text
    assert NOTE not in text


def test_draft_pages_are_not_found(client, hidden_content):
    assert client.get(f"/massnahmen/{hidden_content.slug}/").status_code == 404


def test_counts_leave_drafts_out(client, hidden_content):
    fields = {f.slug: f for f in client.get("/").context["action_fields"]}
    field = ActionField.objects.get(slug="sprache-und-bildung")
    published = Measure.objects.published().in_action_field(field).count()
    assert fields["sprache-und-bildung"].measure_total == published
    field_page = client.get("/handlungsfelder/sprache-und-bildung/")
    kita = next(c for c in field_page.context["ranked"] if c.slug == "sprache-bildung-h2")
    assert kita.measure_count == Measure.objects.published().filter(challenges=kita).count()
    listing = client.get("/massnahmen/")
    assert listing.context["page"].paginator.count == Measure.objects.published().count()
