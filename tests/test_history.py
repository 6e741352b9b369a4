"""Changes made in the admin are kept with their author, and the history shows what changed."""

import pytest
from django.urls import reverse

from tests.builders import make_measure
from tests.test_roles import change_url, measure_form_data

pytestmark = pytest.mark.django_db


def test_a_change_in_the_admin_is_recorded_with_its_author(client, editor):
    measure = make_measure(title="Alter Titel")
    client.force_login(editor)
    client.post(change_url(measure), measure_form_data(measure, title="Neuer Titel"))
    latest = measure.history.first()
    assert latest.title == "Neuer Titel"
    assert latest.history_user == editor
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "Alter Titel", "Neuer Titel")
    ]


def test_the_history_page_shows_the_changed_field(client, editor):
    measure = make_measure(title="Alter Titel")
    client.force_login(editor)
    client.post(change_url(measure), measure_form_data(measure, title="Neuer Titel"))
    page = client.get(reverse("admin:measures_measure_history", args=[measure.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Alter Titel" in text and "Neuer Titel" in text


def test_loaded_content_starts_with_a_history_entry(db):
    from measures.models import Challenge

    challenge = Challenge.objects.get(slug="sprache-bildung-h1")
    assert challenge.history.count() >= 1


def test_every_loaded_record_starts_with_a_history_entry(db):
    """Records without relations too: the loader once skipped every model that had any
    history (the relations of some records write history as they are loaded)."""
    from django.apps import apps

    without = {}
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        history = getattr(model, manager)
        count = model._default_manager.exclude(pk__in=history.values("id")).count()
        if count:
            without[model._meta.label] = count
    assert without == {}
