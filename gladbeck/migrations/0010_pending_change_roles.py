"""The Redaktion reviews providers' submissions (view and decide; approving also needs the
publish permission of the record's model). Nobody adds or deletes them by hand."""

from django.db import migrations

from gladbeck.roles import EDITORS, grant


def grant_roles(apps, schema_editor):
    grant(apps, "gladbeck", {EDITORS: ["view_pendingchange", "change_pendingchange"]})


class Migration(migrations.Migration):
    dependencies = [("gladbeck", "0009_pending_changes")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
