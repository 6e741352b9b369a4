from django.db import migrations

from gladbeck.roles import EDITORS, STEERING_GROUP, grant, model_permissions

MODELS = ["indicator", "observation", "qualitativeassessment"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "monitoring",
        {
            EDITORS: model_permissions(MODELS),
            STEERING_GROUP: model_permissions(MODELS, actions=["view"]),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
