"""PDFs of the concept too large to make within a request.

The real concept (about 50 measures, 36 pages) takes about 2.5 s and is made within the
request. A much larger one (SCALE=20 of the benchmark: 4,000 measures, over a thousand pages)
takes minutes, longer than the server lets a request run (gunicorn: 30 s). Above
``CONCEPT_PDF_INLINE_MAX_MEASURES`` published measures a process of its own,
``manage.py build_concept_pdf``, makes it, started by the request; the visitor gets a page
that says so and refreshes itself until the PDF is there.

Made PDFs of the current concept are files in ``CACHE_DIR/<database>/konzept-pdf/``, named by
a digest of the content, the day and the portal's address, so every server process and the
builder share them, and a change of content makes a new one. An edition's PDF goes into the edition
(``Edition.pdf``, empty until made). A marker file says that a build is running; one older
than ``STALE_SECONDS`` is from a builder that died, and the next request starts a new one.
"""

import hashlib

from django.conf import settings

from gladbeck.built_files import BuiltFiles

STALE_SECONDS = 15 * 60
KEEP_SECONDS = 2 * 24 * 60 * 60
# The one store for files made in the background (gladbeck/built_files.py). The builder does
# not beat a heartbeat: a marker counts as a running build for STALE_SECONDS.
PDFS = BuiltFiles("konzept-pdf", "pdf", stale_seconds=STALE_SECONDS, keep_seconds=KEEP_SECONDS)


def inline_max_measures():
    return getattr(settings, "CONCEPT_PDF_INLINE_MAX_MEASURES", 400)


def made_here(measure_count):
    return measure_count <= inline_max_measures()


def folder():
    return PDFS.folder()


def current_key(fingerprint, day, base_url):
    text = f"{fingerprint}:{day.isoformat()}:{base_url}"
    return "aktuell-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def edition_key(number):
    return f"ausgabe-{number}"


def stored(key):
    """The PDF made under ``key``, or None."""
    path = PDFS.stored(key)
    return path.read_bytes() if path else None


def store(key, content):
    """Written atomically; PDFs older than ``KEEP_SECONDS`` go (their day or content is
    past)."""
    PDFS.store(key, content)


def finished(key):
    PDFS.marker(key).unlink(missing_ok=True)


def start(key, *arguments):
    """Start ``manage.py build_concept_pdf <arguments>`` once the current transaction is
    committed, unless a build of ``key`` is running."""
    PDFS.start(key, "build_concept_pdf", *arguments)
