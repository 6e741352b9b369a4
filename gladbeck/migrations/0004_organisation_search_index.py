"""GIN index for the site search on PostgreSQL (gladbeck/fulltext.py)."""

from django.db import migrations

from gladbeck.fulltext import search_index_operation


class Migration(migrations.Migration):
    dependencies = [("gladbeck", "0003_concept_text_keys")]
    operations = [
        search_index_operation(
            "gladbeck",
            "Organisation",
            ["name", "short_name", "description"],
            "organisation_search",
        )
    ]
