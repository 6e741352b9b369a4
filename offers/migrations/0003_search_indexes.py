"""GIN index for the site search on PostgreSQL (gladbeck/fulltext.py). The measures and
gladbeck apps index their own tables in their own migrations (this migration used to create
their indexes too; theirs keep any index that is already there)."""

from django.db import migrations

from gladbeck.fulltext import search_index_operation


class Migration(migrations.Migration):
    dependencies = [("offers", "0002_roles")]
    operations = [
        search_index_operation(
            "offers", "Offer", ["title", "description", "description_easy"], "offer_search"
        )
    ]
