"""Load the Gladbeck concept from fixtures/ into an empty database.

Refuses to run over existing content unless --force is given, because loading fixtures
overwrites every record they contain and would undo edits made in the admin.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from gladbeck.cache import bump_content_version
from gladbeck.models import ConceptText

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def concept_fixtures():
    """Every fixture file, in the order of their numeric prefixes."""
    return sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))


class Command(BaseCommand):
    help = "Lädt das Konzept Zusammenleben in Gladbeck aus fixtures/ in eine leere Datenbank."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch laden, wenn schon Inhalte da sind (überschreibt Änderungen).",
        )

    def handle(self, *args, **options):
        if ConceptText.objects.exists() and not options["force"]:
            self.stdout.write("Inhalte sind schon geladen; nichts zu tun (--force lädt neu).")
            return
        with transaction.atomic():
            call_command("loaddata", *concept_fixtures(), verbosity=options["verbosity"])
        # Fixtures load in raw mode, which writes no history: give every record its first entry.
        call_command("populate_history", auto=True, stdout=self.stdout, stderr=self.stderr)
        bump_content_version()
        self.stdout.write(self.style.SUCCESS("Konzept geladen."))
