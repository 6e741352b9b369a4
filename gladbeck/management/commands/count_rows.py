"""Print the number of rows of every model as JSON (to compare a backup with its source)."""

import json

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Gibt die Anzahl der Datensätze je Modell als JSON aus."

    def handle(self, *args, **options):
        counts = {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        }
        self.stdout.write(json.dumps(counts, sort_keys=True))
