"""Public pages are served from the cache, and a change shows at once."""

import threading

import pytest
from django.db import connection, connections, transaction

from gladbeck.cache import content_version
from gladbeck.publishing import Publication
from measures.models import Measure
from tests.builders import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Wrap a change so that it counts as committed at the end of the block (each test runs
    in one transaction that is rolled back, so nothing commits by itself)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_second_visit_is_served_from_the_cache(client, page_cache):
    first = client.get("/massnahmen/")
    second = client.get("/massnahmen/")
    assert not first.has_header("X-Cache")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_published_change_shows_at_once(client, page_cache, committed):
    client.get("/massnahmen/")
    with committed():
        make_measure(title="Soeben veröffentlicht", publication=Publication.PUBLISHED)
    response = client.get("/massnahmen/?sort=aktualisiert")
    assert "Soeben veröffentlicht" in response.content.decode()
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    client.get(measure.get_absolute_url())
    with committed():
        measure.publication = Publication.DRAFT
        measure.save()
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_a_change_to_a_many_to_many_relation_shows_at_once(client, page_cache, committed):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    client.get("/massnahmen/?stadtteil=brauck&q=Wohnsituation")
    with committed():
        measure.citywide = False
        measure.save()
    before = client.get("/massnahmen/?stadtteil=brauck&q=Wohnsituation").content.decode()
    with committed():
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


def test_the_content_version_changes_only_when_a_change_is_committed(
    django_capture_on_commit_callbacks,
):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        measure.publication = Publication.DRAFT
        measure.save()
        assert content_version() == before
    assert content_version() > before


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a second connection while the first holds a transaction open (SQLite's "
    "shared in-memory test database locks the tables instead)",
)
def test_a_visitor_during_an_open_transaction_does_not_keep_the_old_page_in_the_cache(
    client, settings
):
    """Security review, finding 4: an editor withdraws a measure in a transaction that stays
    open while a visitor loads the page; after the commit the page must be gone."""
    settings.PUBLIC_PAGE_CACHE = True
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    url = measure.get_absolute_url()
    saved, visited = threading.Event(), threading.Event()
    history = Measure.history.model.objects
    last_history_id = history.order_by("-history_id").values_list("history_id", flat=True)[0]

    def set_publication(state, hold=False):
        """Another connection, as another gunicorn worker would hold it; what it commits
        outlives this test's transaction, so the restoring call also removes its history."""
        try:
            with transaction.atomic():
                editing = Measure.objects.get(pk=measure.pk)
                editing.publication = state
                editing.save()
                saved.set()
                if hold:
                    visited.wait(10)
            if not hold:
                history.filter(history_id__gt=last_history_id).delete()
        finally:
            connections.close_all()

    editor = threading.Thread(target=set_publication, args=[Publication.DRAFT, True])
    editor.start()
    try:
        assert saved.wait(10)
        assert client.get(url).status_code == 200  # not committed yet: still public
        visited.set()
        editor.join(10)
        assert client.get(url).status_code == 404
    finally:
        visited.set()
        editor.join(10)
        restore = threading.Thread(target=set_publication, args=[Publication.PUBLISHED])
        restore.start()
        restore.join(10)
