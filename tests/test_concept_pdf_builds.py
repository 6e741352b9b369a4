"""A concept too large for a request (SCALE=20: minutes) gets its PDF from a process of its
own, while the visitor sees a page that refreshes itself (concept/pdf_builds.py)."""

import pytest
from django.core.management import call_command

from concept import pdf_builds
from concept.editions import freeze
from concept.models import Edition
from measures.models import Measure

pytestmark = pytest.mark.django_db

PDF_PENDING = "Das PDF wird erstellt"


@pytest.fixture
def large(settings):
    """Every concept counts as large."""
    settings.CONCEPT_PDF_INLINE_MAX_MEASURES = 1


def launched_builds(callbacks):
    """The build processes the request would start after its commit."""
    return [c for c in callbacks if "start.<locals>" in getattr(c, "__qualname__", "")]


def test_a_large_concepts_pdf_is_made_by_a_process_of_its_own(
    client, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        waiting = client.get("/konzept/?format=pdf")
    assert waiting.status_code == 202
    assert '<meta http-equiv="refresh" content="10">' in waiting.content.decode()
    assert PDF_PENDING in waiting.content.decode()
    assert len(launched_builds(callbacks)) == 1

    with django_capture_on_commit_callbacks(execute=False) as again:
        assert client.get("/konzept/?format=pdf").status_code == 202
    assert launched_builds(again) == []  # one build at a time

    key = next(p.stem for p in pdf_builds.folder().glob("*.building"))
    call_command("build_concept_pdf", "--key", key, "--base-url", "http://testserver/")
    done = client.get("/konzept/?format=pdf")
    assert done["Content-Type"] == "application/pdf"
    assert done.content.startswith(b"%PDF-")


def test_a_builder_that_died_is_replaced_by_the_next_request(
    client, large, django_capture_on_commit_callbacks
):
    client.get("/konzept/?format=pdf")
    marker = next(pdf_builds.folder().glob("*.building"))
    old = marker.stat().st_mtime - pdf_builds.STALE_SECONDS - 1
    import os

    os.utime(marker, (old, old))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get("/konzept/?format=pdf")
    assert len(launched_builds(callbacks)) == 1


def test_a_large_edition_is_frozen_at_once_and_gets_its_pdf_afterwards(
    client, large, django_capture_on_commit_callbacks
):
    measure = Measure.objects.published().first()
    measure.progress = 77
    measure.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition = freeze("Fortschreibung 2026")
    assert len(launched_builds(callbacks)) == 1
    assert bytes(Edition.objects.get(number=edition.number).pdf) == b""
    waiting = client.get(f"/konzept/ausgaben/{edition.number}/?format=pdf")
    assert waiting.status_code == 202
    assert PDF_PENDING in waiting.content.decode()

    call_command(
        "build_concept_pdf", "--ausgabe", str(edition.number), "--base-url", "http://testserver/"
    )
    done = client.get(f"/konzept/ausgaben/{edition.number}/?format=pdf")
    assert done["Content-Type"] == "application/pdf"
    assert done.content == bytes(Edition.objects.get(number=edition.number).pdf)


def test_the_current_pdf_is_made_once_per_content(client):
    first = client.get("/konzept/?format=pdf")
    assert len(list(pdf_builds.folder().glob("aktuell-*.pdf"))) == 1
    assert client.get("/konzept/?format=pdf").content == first.content
    measure = Measure.objects.published().first()
    measure.title = "Ein neuer Titel für das PDF"
    measure.save()
    client.get("/konzept/?format=pdf")
    assert len(list(pdf_builds.folder().glob("aktuell-*.pdf"))) == 2


@pytest.mark.parametrize(
    "url",
    ["/konzept/?format=pdf", "/konzept/ausgaben/1/vergleich/?format=pdf"],
)
def test_a_server_that_cannot_make_pdfs_says_so_and_points_to_the_page(client, monkeypatch, url):
    """`make run` needs only Python: without Pango, WeasyPrint cannot load (concept/pdf.py)."""
    from concept import views

    monkeypatch.setattr(views, "pdf_available", lambda: False)
    response = client.get(url)
    assert response.status_code == 503
    assert "Kein PDF verfügbar" in response.content.decode()
    assert '<meta http-equiv="refresh"' not in response.content.decode()
