"""A large status report's PDF is made in the background (measures/report_builds.py): the
steering group sees a page that refreshes itself until the file is there, the same filters
and content get the same file, and only those who may read the report may fetch it."""

import os
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from gladbeck import built_files
from measures import report_builds
from measures.models import Measure

pytestmark = pytest.mark.django_db

URL = "/berichte/sachstand/"
PENDING = "Der Bericht wird erstellt"


@pytest.fixture
def large(settings):
    """Every report counts as large."""
    settings.STATUS_REPORT_PDF_INLINE_MAX_MEASURES = 0


@pytest.fixture
def launched(monkeypatch):
    """The builds the requests started (after their commit), as manage.py arguments."""
    calls = []
    monkeypatch.setattr(built_files, "start_command", lambda *arguments: calls.append(arguments))
    return calls


def ask(client, django_capture_on_commit_callbacks, **query):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(URL, {**query, "format": "pdf"})


def build(arguments):
    """Run the builder the request started, as the background process would."""
    name, *rest = arguments
    call_command(name, *rest)


def today():
    return f"{timezone.localdate():%Y-%m-%d}"


def test_a_large_reports_pdf_is_made_in_the_background_and_then_served(
    client, steering, large, launched, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    waiting = ask(client, django_capture_on_commit_callbacks, status="geplant")
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert PENDING in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "?status=geplant" in page  # back to the report with its filters
    assert len(launched) == 1 and launched[0][0] == "build_status_report_pdf"
    assert "--status" in launched[0] and "geplant" in launched[0]

    build(launched[0])
    done = ask(client, django_capture_on_commit_callbacks, status="geplant")
    assert done.status_code == 200
    assert done["Content-Type"] == "application/pdf"
    assert done["Content-Disposition"] == (
        f'inline; filename="sachstandsbericht-geplant-{today()}.pdf"'
    )
    assert b"".join(done.streaming_content).startswith(b"%PDF-")
    assert len(launched) == 1


def test_a_second_request_while_building_or_after_does_not_build_again(
    client, steering, editor, large, launched, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    assert ask(client, django_capture_on_commit_callbacks).status_code == 202
    assert ask(client, django_capture_on_commit_callbacks).status_code == 202
    assert len(launched) == 1  # one build at a time
    build(launched[0])
    client.force_login(editor)  # the file belongs to the filters, not to a user
    assert ask(client, django_capture_on_commit_callbacks)["Content-Type"] == "application/pdf"
    assert len(launched) == 1


def test_other_filters_get_their_own_file(
    client, steering, large, launched, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    build(launched[0])
    waiting = ask(client, django_capture_on_commit_callbacks, handlungsfeld="wohnen-und-quartier")
    assert waiting.status_code == 202
    assert len(launched) == 2 and "wohnen-und-quartier" in launched[1]


def test_a_file_built_from_another_database_is_not_served(
    client, steering, large, launched, django_capture_on_commit_callbacks, settings
):
    """A benchmark database on the same machine reached the same key, and the tests were
    served its PDF of 4,000 measures: each database keeps its files apart (CACHE_KEY_PREFIX)."""
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    build(launched[0])
    assert ask(client, django_capture_on_commit_callbacks)["Content-Type"] == "application/pdf"
    settings.CACHE_KEY_PREFIX = "another-database"
    assert ask(client, django_capture_on_commit_callbacks).status_code == 202
    assert len(launched) == 2


def test_a_change_to_the_content_makes_the_next_request_build_anew(
    client, steering, large, launched, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    build(launched[0])
    measure = Measure.objects.first()
    measure.progress = 42
    with django_capture_on_commit_callbacks(execute=True):
        measure.save()
    waiting = ask(client, django_capture_on_commit_callbacks)
    assert waiting.status_code == 202 and PENDING in waiting.content.decode()
    assert len(launched) == 2


def test_a_build_that_died_is_retried_after_half_a_minute_not_before(
    client, steering, large, launched, django_capture_on_commit_callbacks, cache_folder
):
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    marker = next(cache_folder.glob("*/sachstand-pdf/*.building"))
    young = marker.stat().st_mtime - 20
    os.utime(marker, (young, young))
    ask(client, django_capture_on_commit_callbacks)
    assert len(launched) == 1
    old = marker.stat().st_mtime - 31
    os.utime(marker, (old, old))
    ask(client, django_capture_on_commit_callbacks)
    assert len(launched) == 2


def test_a_failed_build_leaves_its_marker_so_that_it_is_not_retried_at_once(cache_folder):
    with pytest.raises(RuntimeError), report_builds.PDFS.heartbeat("kaputt"):
        raise RuntimeError("ReportLab fiel um")
    assert report_builds.PDFS.building("kaputt")


def test_files_older_than_a_day_are_removed(
    client, steering, large, launched, django_capture_on_commit_callbacks, cache_folder
):
    old = report_builds.PDFS.path("bericht-von-vorgestern")
    old.write_bytes(b"%PDF-alt")
    then = old.stat().st_mtime - 24 * 60 * 60 - 1
    os.utime(old, (then, then))
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    build(launched[0])
    assert not old.exists()
    assert len(list(cache_folder.glob("*/sachstand-pdf/*.pdf"))) == 1


def test_anonymous_visitors_and_providers_cannot_fetch_a_built_file(
    client, steering, provider, large, launched, django_capture_on_commit_callbacks
):
    client.force_login(steering)
    ask(client, django_capture_on_commit_callbacks)
    build(launched[0])
    client.logout()
    anonymous = client.get(URL, {"format": "pdf"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(provider)
    assert client.get(URL, {"format": "pdf"}).status_code == 403


def test_a_small_report_is_still_made_within_the_request(
    client, steering, launched, django_capture_on_commit_callbacks, cache_folder
):
    client.force_login(steering)
    response = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert launched == []
    assert not list(cache_folder.glob("*/sachstand-pdf/*"))


def test_a_long_build_keeps_its_marker_fresh_and_removes_it_when_done(monkeypatch, cache_folder):
    monkeypatch.setattr(built_files, "HEARTBEAT_SECONDS", 0.05)
    marker = report_builds.PDFS.marker("lang")
    with report_builds.PDFS.heartbeat("lang"):
        old = time.time() - 60
        os.utime(marker, (old, old))
        time.sleep(0.3)
        assert report_builds.PDFS.building("lang")  # touched again: no second build
    assert not marker.exists()
