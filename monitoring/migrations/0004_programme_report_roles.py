from django.db import migrations

from gladbeck.roles import EDITORS, PROVIDERS, STEERING_GROUP, grant, model_permissions

CUSTOM = ["publish_programmereport", "manage_all_programmereports", "view_programme_figures"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "monitoring",
        {
            EDITORS: model_permissions(["programmereport"]) + CUSTOM,
            # Their own programmes only: the admin scopes every query to their organisation.
            PROVIDERS: ["add_programmereport", "change_programmereport", "view_programmereport"],
            # Read-only, and only the protected figures (fewer than 5 people shown as "< 5").
            STEERING_GROUP: ["view_programmereport", "view_programme_figures"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_programme_reports"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
