"""Public pages are served from the cache, and a change shows at once."""

import pytest

from gladbeck.publishing import Publication
from measures.models import Measure
from tests.builders import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True


def test_a_second_visit_is_served_from_the_cache(client, page_cache):
    first = client.get("/massnahmen/")
    second = client.get("/massnahmen/")
    assert not first.has_header("X-Cache")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_published_change_shows_at_once(client, page_cache):
    client.get("/massnahmen/")
    make_measure(title="Soeben veröffentlicht", publication=Publication.PUBLISHED)
    response = client.get("/massnahmen/?sort=aktualisiert")
    assert "Soeben veröffentlicht" in response.content.decode()
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    client.get(measure.get_absolute_url())
    measure.publication = Publication.DRAFT
    measure.save()
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_a_change_to_a_many_to_many_relation_shows_at_once(client, page_cache):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    client.get("/massnahmen/?stadtteil=brauck&q=Wohnsituation")
    measure.citywide = False
    measure.save()
    before = client.get("/massnahmen/?stadtteil=brauck&q=Wohnsituation").content.decode()
    measure.districts.add(measure.districts.model.objects.get(slug="brauck"))
    after = client.get("/massnahmen/?stadtteil=brauck&q=Wohnsituation").content.decode()
    assert measure.title not in before
    assert measure.title in after


def test_staff_never_get_cached_pages(client, page_cache, editor):
    client.get("/")
    client.force_login(editor)
    assert not client.get("/").has_header("X-Cache")


def test_the_admin_is_never_cached(client, page_cache, editor):
    client.force_login(editor)
    client.get("/admin/")
    assert not client.get("/admin/").has_header("X-Cache")
