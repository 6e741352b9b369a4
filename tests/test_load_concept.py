"""`load_concept` fills an empty database and never overwrites edits made since."""

import pytest
from django.core.management import call_command

from measures.models import ActionField

pytestmark = pytest.mark.django_db


def test_loading_again_leaves_edited_content_alone():
    field = ActionField.objects.get(number=1)
    field.title = "Von der Redaktion geändert"
    field.save()
    call_command("load_concept", verbosity=0)
    field.refresh_from_db()
    assert field.title == "Von der Redaktion geändert"


def test_force_reloads_the_concept_text():
    field = ActionField.objects.get(number=1)
    field.title = "Von der Redaktion geändert"
    field.save()
    call_command("load_concept", force=True, verbosity=0)
    field.refresh_from_db()
    assert field.title == "Zusammenleben und Austausch"
