from django.db import migrations

from gladbeck.roles import EDITORS, PROVIDERS, STEERING_GROUP, grant, model_permissions

MODELS = ["category", "language", "offer"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "offers",
        {
            EDITORS: model_permissions(MODELS) + ["publish_offer", "manage_all_offers"],
            PROVIDERS: ["add_offer", "change_offer", "view_offer"],
            STEERING_GROUP: model_permissions(MODELS, actions=["view"]) + ["manage_all_offers"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
