"""GIN indexes for the public search on PostgreSQL (offers/search.py). The indexed
expressions must stay identical to search_vector() there. On SQLite this does nothing: the
search falls back to plain substring matching."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("measures", "Measure", ["title", "summary", "goal", "description"], "measure_search"),
    ("measures", "Challenge", ["wording", "goal"], "challenge_search"),
    ("offers", "Offer", ["title", "description", "description_easy"], "offer_search"),
    ("gladbeck", "Organisation", ["name", "short_name", "description"], "organisation_search"),
]


def gin_index(fields, name):
    vector = SearchVector(fields[0], weight="A", config="german") + SearchVector(
        *fields[1:], weight="B", config="german"
    )
    return GinIndex(vector, name=name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, fields, name in INDEXES:
        schema_editor.add_index(apps.get_model(app_label, model_name), gin_index(fields, name))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, fields, name in INDEXES:
        schema_editor.remove_index(apps.get_model(app_label, model_name), gin_index(fields, name))


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_roles"),
        ("measures", "0002_roles"),
        ("gladbeck", "0003_concept_text_keys"),
    ]
    operations = [migrations.RunPython(create, drop)]
