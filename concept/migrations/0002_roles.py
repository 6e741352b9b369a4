from django.db import migrations

from gladbeck.roles import EDITORS, STEERING_GROUP, grant


def grant_roles(apps, schema_editor):
    # Freezing is adding; an edition is never changed, and only a superuser deletes one.
    grant(
        apps,
        "concept",
        {
            EDITORS: ["add_edition", "view_edition"],
            STEERING_GROUP: ["view_edition"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("concept", "0001_initial"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
