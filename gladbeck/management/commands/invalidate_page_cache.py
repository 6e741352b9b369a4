"""Make every cached public page stale, e.g. after deploying new code or templates."""

from django.core.management.base import BaseCommand

from gladbeck.cache import bump_content_version


class Command(BaseCommand):
    help = "Verwirft alle zwischengespeicherten öffentlichen Seiten (etwa nach einem Update)."

    def handle(self, *args, **options):
        bump_content_version()
        self.stdout.write("Zwischenspeicher der Seiten verworfen.")
