"""Load the Gladbeck concept from fixtures/ into an empty database.

Refuses to run over existing content unless --force is given, because loading fixtures
overwrites every record they contain and would undo edits made in the admin.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gladbeck.cache import bump_content_version
from gladbeck.first_translations import load_first_translations
from gladbeck.models import ConceptText
from gladbeck.publishing import INITIAL_LOAD_REASON

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Steps of apps above this one that belong to a load (e.g. freezing the first edition of the
# concept document), registered from their AppConfig.ready(); run in registration order.
AFTER_LOAD = []


def after_load(step):
    """Register ``step(stdout)`` to run after the concept has been loaded."""
    if step not in AFTER_LOAD:
        AFTER_LOAD.append(step)


def concept_fixtures():
    """Every fixture file, in the order of their numeric prefixes."""
    return sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))


def write_first_history():
    """Give every loaded record without history its first entry. Fixtures load in raw mode,
    which writes no history, except that django-simple-history records the many-to-many
    relations as they are added; ``populate_history --auto`` would then skip every model
    with any history at all (the measures, offers, challenges and indicators without
    relations would have none)."""
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        history = getattr(model, manager)
        missing = model._default_manager.exclude(pk__in=history.values(model._meta.pk.attname))
        history.bulk_history_create(missing.iterator(chunk_size=500), batch_size=500)


def mark_history_as_loaded(since):
    """Every history record this load wrote says so (the list of changes leaves them out)."""
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is not None:
            getattr(model, manager).filter(history_date__gte=since).update(
                history_change_reason=INITIAL_LOAD_REASON
            )


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
        started = timezone.now()
        with transaction.atomic():
            call_command("loaddata", *concept_fixtures(), verbosity=options["verbosity"])
            load_first_translations()
        write_first_history()
        for step in AFTER_LOAD:
            step(self.stdout)
        mark_history_as_loaded(since=started)
        bump_content_version()
        self.stdout.write(self.style.SUCCESS("Konzept geladen."))
