"""The changes page and its Atom feed tell what happened to published measures."""

import xml.etree.ElementTree as ET

import pytest

from gladbeck.publishing import Publication
from measures.models import Measure, ProgressEntry, Status
from tests.builders import make_measure

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(client):
    response = client.get("/aenderungen/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
        for e in root.iter(f"{ATOM}entry")
    ]


def test_a_status_change_and_a_progress_entry_appear_newest_first(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    measure.status = Status.IN_PROGRESS
    measure.save()
    ProgressEntry.objects.create(
        measure=measure, date="2030-01-15", text="Erstes Treffen des runden Tisches."
    )
    entries = feed_entries(client)
    assert entries[0][0].startswith("Runder Tisch")
    assert "Erstes Treffen des runden Tisches." in entries[0][0]
    titles = [title for title, _link in entries]
    assert any("Status geändert: geplant → in Umsetzung" in t for t in titles)
    assert entries[0][1].endswith("/massnahmen/runder-tisch-wohnen/")


def test_publishing_a_draft_is_a_change_and_drafts_stay_out(client):
    draft = make_measure(title="Neue Maßnahme Seepferdchen", publication=Publication.DRAFT)
    draft.status = Status.PLANNED
    draft.save()
    assert not any("Seepferdchen" in t for t, _ in feed_entries(client))
    draft.publication = Publication.PUBLISHED
    draft.save()
    assert any("Seepferdchen" in t and "veröffentlicht" in t for t, _ in feed_entries(client))


def test_a_withdrawn_measure_disappears_from_the_changes(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    ProgressEntry.objects.create(measure=measure, date="2030-01-15", text="Treffen Zwergwal.")
    measure.publication = Publication.DRAFT
    measure.save()
    assert not any("Zwergwal" in t for t, _ in feed_entries(client))
    assert "Zwergwal" not in client.get("/aenderungen/").content.decode()
