"""GIN indexes for the site search on PostgreSQL (gladbeck/fulltext.py)."""

from django.db import migrations

from gladbeck.fulltext import search_index_operation


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_roles")]
    operations = [
        search_index_operation(
            "measures", "Measure", ["title", "summary", "goal", "description"], "measure_search"
        ),
        search_index_operation("measures", "Challenge", ["wording", "goal"], "challenge_search"),
    ]
