"""The Redaktion keeps the synonym groups; the steering group may look at them. A first group
for the words residents use for language courses ("Deutschkurs", "Deutsch lernen",
"Integrationskurs" must find the language course offers and measures)."""

from django.db import migrations

from gladbeck.roles import EDITORS, STEERING_GROUP, grant, model_permissions

FIRST_GROUPS = [
    (
        "Sprachkurs\nDeutschkurs\nDeutsch lernen\nDeutschunterricht\nIntegrationskurs",
        "Sprachkurse und Integrationskurse",
    ),
]


def grant_roles_and_add_groups(apps, schema_editor):
    grant(
        apps,
        "gladbeck",
        {
            EDITORS: model_permissions(["synonymgroup"]),
            STEERING_GROUP: model_permissions(["synonymgroup"], actions=["view"]),
        },
    )
    SynonymGroup = apps.get_model("gladbeck", "SynonymGroup")
    for words, note in FIRST_GROUPS:
        SynonymGroup.objects.get_or_create(words=words, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [("gladbeck", "0006_synonym_groups")]
    operations = [migrations.RunPython(grant_roles_and_add_groups, migrations.RunPython.noop)]
