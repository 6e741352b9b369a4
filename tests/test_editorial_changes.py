"""The changes page tells what staff did since the concept was loaded, and pages through all
of it (issue 10, §4)."""

import datetime

import pytest
from django.urls import reverse

from measures.models import Measure, ProgressEntry, Status

pytestmark = pytest.mark.django_db
URL = reverse("measures:changes")


def test_loading_the_concept_is_not_a_change(client):
    text = client.get(URL).content.decode()
    assert "Maßnahme veröffentlicht" not in text
    assert "Noch keine Änderungen veröffentlicht." in text


def test_the_first_change_after_loading_appears(client):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    measure.status = Status.IN_PROGRESS
    measure.save()
    text = client.get(URL).content.decode()
    assert "Status geändert: geplant → in Umsetzung" in text


def _entries(count, start=0):
    measure = Measure.objects.get(slug="runder-tisch-wohnen")
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            measure=measure,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
            text=f"Treffen Nummer {n}.",
        )
        for n in range(start, start + count)
    )


def test_the_changes_page_through_everything(client):
    _entries(60)
    first = client.get(URL).content.decode()
    second = client.get(URL + "?seite=2").content.decode()
    assert "Treffen Nummer 59." in first and "Treffen Nummer 10." in first
    assert "Treffen Nummer 9." not in first.replace("Treffen Nummer 59.", "")
    assert "Treffen Nummer 9." in second and "Treffen Nummer 0." in second
    assert "Seite 2 von 2" in second


def test_every_page_of_changes_costs_the_same_queries(client, django_assert_num_queries):
    """Changes page: a fixed number of queries whatever the page and the size of the log."""
    _entries(120)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with django_assert_num_queries(len(first)):
        client.get(URL + "?seite=3")
