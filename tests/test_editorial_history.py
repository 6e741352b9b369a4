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


def test_one_save_with_inline_and_many_to_many_changes_is_one_german_entry(client, editor):
    from gladbeck.models import TargetGroup
    from tests.html_forms import form_data

    measure = make_measure()
    before = measure.history.count()
    client.force_login(editor)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = form_data(client.get(url).content.decode(), "measure_form")
    data["title"] = ["Neuer Titel für den runden Tisch"]
    data["target_groups"] = [str(TargetGroup.objects.get(slug="frauen").pk)]
    data["steps-0-text"] = ["Einladen"]

    assert client.post(url, data).status_code == 302

    assert measure.history.count() == before + 1
    text = history_text(client, measure)
    assert "Erster Schritt „Einladen“ hinzugefügt." in text
    assert "nachher: Neuer Titel für den runden Tisch" in text
    assert TargetGroup.objects.get(slug="frauen").name in text


def test_a_new_record_with_many_to_many_choices_is_one_entry(client, editor):
    from measures.models import ActionField, Measure
    from tests.html_forms import form_data

    client.force_login(editor)
    url = reverse("admin:measures_measure_add")
    data = form_data(client.get(url).content.decode(), "measure_form")
    data |= {
        "title": ["Neu angelegt"],
        "slug": ["neu-angelegt"],
        "action_field": [str(ActionField.objects.get(number=1).pk)],
        "districts": [
            str(pk)
            for pk in Measure._meta.get_field("districts").related_model.objects.values_list(
                "pk", flat=True
            )[:2]
        ],
    }

    assert client.post(url, data).status_code == 302

    measure = Measure.objects.get(slug="neu-angelegt")
    assert [record.history_type for record in measure.history.all()] == ["+"]


def test_line_endings_a_browser_sends_are_no_change_in_the_history(client, editor):
    measure = make_measure(description="Erste Zeile.\nZweite Zeile.")
    measure.description = "Erste Zeile.\r\nZweite Zeile."
    measure.summary = "Neu."
    measure.save()
    client.force_login(editor)

    text = history_text(client, measure)

    assert "Kurzfassung" in text and "Beschreibung" not in text
