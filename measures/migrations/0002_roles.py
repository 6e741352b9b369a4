from django.db import migrations

from gladbeck.roles import EDITORS, STEERING_GROUP, grant, model_permissions

MODELS = [
    "actionfield",
    "subarea",
    "challenge",
    "measure",
    "measurestep",
    "stakeholder",
    "progressentry",
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "measures",
        {
            EDITORS: model_permissions(MODELS) + ["publish_measure"],
            STEERING_GROUP: model_permissions(MODELS, actions=["view"]),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
