from django.db import migrations

from gladbeck.roles import EDITORS, STEERING_GROUP, grant, model_permissions

MODELS = ["district", "targetgroup", "organisation", "concepttext"]


def create_roles(apps, schema_editor):
    grant(
        apps,
        "gladbeck",
        {
            EDITORS: model_permissions(MODELS),
            STEERING_GROUP: model_permissions(MODELS, actions=["view"]),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("gladbeck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
