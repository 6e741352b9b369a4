"""Staff preview of drafts and waiting changes in the public design (issue 10, §3)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gladbeck.publishing import Publication
from gladbeck.review import PendingChange
from measures.models import Measure
from offers.models import Language, Offer
from tests.builders import make_measure, make_offer, make_organisation

pytestmark = pytest.mark.django_db

BANNER = "Vorschau – nicht veröffentlicht"
NOINDEX = '<meta name="robots" content="noindex">'


def preview(obj):
    return obj.get_absolute_url() + "?vorschau=1"


def view_on_site(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return reverse("admin-view-on-site", args=[content_type.pk, obj.pk])


@pytest.mark.parametrize("make", [make_measure, make_offer], ids=["measure", "offer"])
def test_staff_preview_a_draft_with_the_banner_noindex_and_no_cache(client, editor, make):
    draft = make(title="Entwurf Zaunkönig", publication=Publication.DRAFT)
    client.force_login(editor)

    response = client.get(preview(draft))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Entwurf Zaunkönig" in text and BANNER in text and NOINDEX in text
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("make", [make_measure, make_offer], ids=["measure", "offer"])
def test_anonymous_visitors_never_see_a_draft_even_when_asking_for_a_preview(client, make):
    draft = make(title="Entwurf Zaunkönig", publication=Publication.DRAFT)

    assert client.get(preview(draft)).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_published_page_has_no_banner_even_for_staff(client, editor):
    offer = make_offer(publication=Publication.PUBLISHED)
    client.force_login(editor)
    text = client.get(offer.get_absolute_url()).content.decode()
    assert BANNER not in text and NOINDEX not in text


def test_the_preview_shows_a_waiting_change_and_the_public_page_does_not(
    client, editor, provider, provider_org
):
    offer = make_offer(
        provider=provider_org, publication=Publication.PUBLISHED, description="Dienstags."
    )
    turkish = Language.objects.get(code="tr")
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(Offer),
        object_id=offer.pk,
        object_repr=offer.title,
        kind=PendingChange.Kind.CHANGE,
        values={"description": "Mittwochs.", "languages": [turkish.pk]},
        author=provider,
    )
    client.force_login(editor)

    previewed = client.get(preview(offer)).content.decode()
    public = client.get(offer.get_absolute_url()).content.decode()

    assert "Mittwochs." in previewed and turkish.name in previewed
    assert "anbieter" in previewed  # the banner names whose change it is
    assert "Dienstags." in public and "Mittwochs." not in public
    offer.refresh_from_db()
    assert offer.description == "Dienstags." and not offer.languages.exists()


def test_a_provider_previews_only_its_own_organisations_drafts(client, provider, provider_org):
    own = make_offer(title="Eigener Entwurf", provider=provider_org, publication=Publication.DRAFT)
    foreign = make_offer(
        title="Fremder Entwurf", provider=make_organisation(), publication=Publication.DRAFT
    )
    client.force_login(provider)

    assert client.get(preview(own)).status_code == 200
    assert client.get(preview(foreign)).status_code == 404


def test_view_on_site_opens_the_preview_for_a_draft_and_the_page_for_a_published_record(
    client, editor
):
    draft = make_measure(publication=Publication.DRAFT)
    published = make_measure(publication=Publication.PUBLISHED)
    client.force_login(editor)

    to_draft = client.get(view_on_site(draft))
    to_published = client.get(view_on_site(published))

    assert to_draft.status_code == 302 and to_draft["Location"] == preview(draft)
    assert to_published.status_code == 302
    assert to_published["Location"].endswith(published.get_absolute_url())


def test_the_steering_group_previews_drafts_but_changes_nothing(client, steering):
    draft = make_measure(title="Entwurf für die Sitzung", publication=Publication.DRAFT)
    client.force_login(steering)
    assert "Entwurf für die Sitzung" in client.get(preview(draft)).content.decode()
    assert Measure.objects.get(pk=draft.pk).publication == Publication.DRAFT


def test_the_review_page_links_to_the_preview_of_the_change(client, editor, provider):
    offer = make_offer(publication=Publication.PUBLISHED)
    pending = PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(Offer),
        object_id=offer.pk,
        object_repr=offer.title,
        kind=PendingChange.Kind.CHANGE,
        values={"description": "Neu."},
        author=provider,
    )
    client.force_login(editor)
    page = client.get(reverse("admin:gladbeck_pendingchange_change", args=[pending.pk]))
    assert f'href="{preview(offer)}"' in page.content.decode()


def test_draft_titles_in_the_status_report_link_to_their_preview(client, steering):
    draft = make_measure(title="Entwurf im Bericht", publication=Publication.DRAFT)
    client.force_login(steering)
    text = client.get(reverse("measures:status_report")).content.decode()
    assert f'href="{preview(draft)}"' in text
    assert client.get(preview(draft)).status_code == 200
