"""The Atom feed of the changes passes the W3C feed validator (its engine, copied into
../shared/tools/feedvalidator/ because it is not on PyPI; see the README there)."""

import datetime
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from measures.models import Measure, ProgressEntry, Status

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"

FEEDVALIDATOR = Path(__file__).resolve().parents[1].parent / "shared/tools/feedvalidator"


def feedvalidator_problems(xml, base):
    sys.path.insert(0, str(FEEDVALIDATOR))
    try:
        import feedvalidator
        from feedvalidator import compatibility
        from feedvalidator.formatter.text_plain import Formatter
    finally:
        sys.path.remove(str(FEEDVALIDATOR))
    events = feedvalidator.validateString(xml, firstOccurrenceOnly=0, base=base)["loggedEvents"]
    return list(Formatter(compatibility.AA(events)))


@pytest.mark.parametrize("prefix", ["", "/ar", "/leichte-sprache"])
def test_the_changes_feed_passes_the_w3c_feed_validator(client, prefix):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    measure.status = Status.IN_PROGRESS
    measure.save()
    ProgressEntry.objects.create(
        measure=measure, date=datetime.date.today(), text="Erstes Treffen."
    )
    response = client.get(f"{prefix}/aenderungen/feed/")
    url = f"http://testserver{prefix}/aenderungen/feed/"
    problems = feedvalidator_problems(response.content, url)
    assert not problems, "\n".join(problems)
    language = ET.fromstring(response.content).get("{http://www.w3.org/XML/1998/namespace}lang")
    assert language == {"": "de", "/ar": "ar", "/leichte-sprache": "de-x-ls"}[prefix]


def entry_ids(client):
    root = ET.fromstring(client.get("/aenderungen/feed/").content)
    return [entry.find(f"{ATOM}id").text for entry in root.iter(f"{ATOM}entry")]


def test_entry_ids_are_tag_uris_that_survive_a_new_slug_and_title(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    ProgressEntry.objects.create(measure=measure, date=datetime.date.today(), text="Treffen.")
    before = entry_ids(client)
    assert all(uid.startswith("tag:gladbeck.de,2018:") for uid in before)
    assert len(set(before)) == len(before)
    Measure.objects.filter(pk=measure.pk).update(slug="runder-tisch", title="Runder Tisch")
    assert entry_ids(client) == before


def test_a_text_with_markup_characters_is_shown_as_written(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    ProgressEntry.objects.create(
        measure=measure, date=datetime.date.today(), text="Mehr als <b>20</b> & mehr"
    )
    root = ET.fromstring(client.get("/aenderungen/feed/").content)
    summaries = [e.find(f"{ATOM}summary").text for e in root.iter(f"{ATOM}entry")]
    assert "Mehr als &lt;b&gt;20&lt;/b&gt; &amp; mehr" in summaries


def test_a_progress_entry_dated_ahead_is_a_change_of_the_day_it_was_written(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    ProgressEntry.objects.create(measure=measure, date="2099-01-15", text="Treffen Zukunft.")
    response = client.get("/aenderungen/feed/")
    assert "2099" not in response.content.decode()
    assert feedvalidator_problems(response.content, "http://testserver/aenderungen/feed/") == []
