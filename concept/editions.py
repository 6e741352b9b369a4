"""Freezing an edition of the concept: the snapshot of the published content and its PDF,
stored together and never changed afterwards.

Rules, enforced here and by the database:
- One freeze at a time: a lock in the shared cache refuses a second freeze while one runs,
  and the unique edition number refuses the loser of any race the lock does not see.
- Nothing to freeze twice: a snapshot equal to the latest edition's is refused.
- All or nothing: the edition row (with its PDF) is written in one transaction, and its
  history entry (django-simple-history, with the user of the request) with it.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concept import pdf_builds
from concept import snapshot as snapshots
from concept.document import document
from concept.models import Edition
from concept.pdf import available as pdf_available
from concept.pdf import render_pdf

LOCK_KEY = "concept-edition-freeze"
LOCK_SECONDS = 300  # a crashed freeze blocks the next one at most this long

FIRST_EDITION_TITLE = "Konzept Zusammenleben in Gladbeck, 2018"
RUNNING = gettext_lazy(
    "Gerade wird eine andere Ausgabe festgeschrieben. Bitte warten Sie, bis sie fertig ist, und "
    "versuchen Sie es dann noch einmal."
)


class FreezeRefused(Exception):
    """A freeze that may not happen; the message says why, in German, for the Redaktion."""


def pdf_context(snap, edition=None, current=False):
    return {
        **document(snap),
        "edition": edition,
        "is_current": current,
        "generated_on": timezone.localdate(),
    }


def edition_pdf(edition, base_url):
    return render_pdf("concept/document_pdf.html", pdf_context(edition.snapshot, edition), base_url)


def start_edition_pdf(edition, base_url):
    key = pdf_builds.edition_key(edition.number)
    pdf_builds.start(key, "--ausgabe", str(edition.number), "--base-url", base_url)


def check_not_running():
    if cache.get(LOCK_KEY) is not None:
        raise FreezeRefused(str(RUNNING))


def check_changed(snap):
    """Refuse a snapshot equal to the latest edition's."""
    latest = Edition.objects.latest_first().only("number", "fingerprint").first()
    if latest is not None and latest.fingerprint == snapshots.fingerprint(snap):
        raise FreezeRefused(
            _(
                "Seit Ausgabe %(number)s hat sich am Konzept nichts geändert; eine neue Ausgabe "
                "wäre mit ihr gleich."
            )
            % {"number": latest.number}
        )


def freeze(title, date=None, council_decision="", base_url=None):
    """Freeze the published concept as the next edition and return it."""
    if not cache.add(LOCK_KEY, timezone.now().isoformat(), timeout=LOCK_SECONDS):
        raise FreezeRefused(str(RUNNING))
    try:
        with transaction.atomic():
            # Locks the latest edition's row where the database can (PostgreSQL).
            latest = Edition.objects.select_for_update().latest_first().first()
            snap = snapshots.build()
            check_changed(snap)
            edition = Edition(
                number=(latest.number + 1) if latest else 1,
                title=title,
                date=date or timezone.localdate(),
                council_decision=council_decision,
                snapshot=snap,
                fingerprint=snapshots.fingerprint(snap),
            )
            base_url = base_url or settings.PUBLIC_URL
            inline = pdf_builds.made_here(edition.measure_count)
            if inline and pdf_available():
                edition.pdf = edition_pdf(edition, base_url)
            try:
                with transaction.atomic():
                    edition.save()
            except IntegrityError as clash:
                raise FreezeRefused(
                    _("Eine andere Ausgabe wurde gleichzeitig festgeschrieben; bitte neu laden.")
                ) from clash
            if not inline and pdf_available():  # too large for a request: a process of its
                start_edition_pdf(edition, base_url)  # own, after the commit
    finally:
        cache.delete(LOCK_KEY)
    return edition


def create_first_edition(stdout):
    """After load_concept: the 2018 concept as loaded is edition 1 (once)."""
    if Edition.objects.exists():
        return
    edition = freeze(FIRST_EDITION_TITLE)
    stdout.write(f"Ausgabe {edition.number} festgeschrieben: {edition.title}")
    if not edition.pdf:
        stdout.write("Ohne PDF: WeasyPrint findet Pango nicht (siehe concept/pdf.py).")
