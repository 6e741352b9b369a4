"""The admin history reads in German (issue 10, §4): German headings, choice labels instead of
keys, names of related records, whole values instead of truncation markers."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from gladbeck.models import TargetGroup
from measures.models import Status
from offers.models import Cost
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db
LONG = "Ein langer Text über das Treffen im Stadtteil. " * 6


def history_text(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    html = client.get(url).content.decode()
    return " ".join(strip_tags(html[html.index('id="content"') :]).split())


def test_the_history_speaks_german_with_choice_labels_and_whole_values(client, editor):
    measure = make_measure(status=Status.IDEA)
    measure.status = Status.IN_PROGRESS
    measure.description = LONG
    measure.save()
    client.force_login(editor)

    text = history_text(client, measure)

    assert "Änderungen" in text and "Geändert von" in text
    assert "Changes" not in text and "None" not in text
    assert "vorher: Idee nachher: in Umsetzung" in text
    assert "in-umsetzung" not in text
    assert " ".join(LONG.split()) in text and "chars]" not in text


def test_the_history_names_related_records_and_yes_no(client, editor):
    offer = make_offer(cost=Cost.UNKNOWN)
    offer.cost = Cost.FREE
    offer.childcare = True
    offer.save()
    offer.target_groups.add(TargetGroup.objects.get(slug="frauen"))
    client.force_login(editor)

    text = history_text(client, offer)

    assert "vorher: keine Angabe nachher: kostenlos" in text
    assert "Kinderbetreuung vorher: keine Angabe nachher: ja" in text
    assert TargetGroup.objects.get(slug="frauen").name in text
