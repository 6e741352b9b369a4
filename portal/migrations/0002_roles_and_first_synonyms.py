"""The Redaktion keeps the search's synonyms; the steering group may look at them. A first
group for the words residents use for language courses (issue: "Deutschkurs", "Deutsch
lernen", "Integrationskurs" must find the language course offers and measures)."""

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
        "portal",
        {
            EDITORS: model_permissions(["synonymgroup"]),
            STEERING_GROUP: model_permissions(["synonymgroup"], actions=["view"]),
        },
    )
    SynonymGroup = apps.get_model("portal", "SynonymGroup")
    for words, note in FIRST_GROUPS:
        SynonymGroup.objects.get_or_create(words=words, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_synonym_groups"), ("gladbeck", "0002_roles")]
    operations = [migrations.RunPython(grant_roles_and_add_groups, migrations.RunPython.noop)]
