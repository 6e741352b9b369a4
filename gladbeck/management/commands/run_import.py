"""Check or import the staff files waiting for it (gladbeck/staff_import/runs.py).

Started by the admin for files too large to handle within a request; needs no arguments. Run
by hand (or by cron), it also removes the files of previews nobody confirmed within an hour.
"""

from django.core.management.base import BaseCommand

from gladbeck.staff_import import runs


class Command(BaseCommand):
    help = "Prüft oder importiert wartende Import-Dateien und räumt verfallene auf."

    def handle(self, *args, **options):
        runs.work()
