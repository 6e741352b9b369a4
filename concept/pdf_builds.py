"""PDFs of the concept too large to make within a request.

The real concept (about 50 measures, 36 pages) takes about 2.5 s and is made within the
request. A much larger one (SCALE=20 of the benchmark: 4,000 measures, over a thousand pages)
takes minutes, longer than the server lets a request run (gunicorn: 30 s). Above
``CONCEPT_PDF_INLINE_MAX_MEASURES`` published measures a process of its own,
``manage.py build_concept_pdf``, makes it, started by the request; the visitor gets a page
that says so and refreshes itself until the PDF is there.

Made PDFs of the current concept are files in ``CACHE_DIR/konzept-pdf/``, named by a digest
of the content, the day and the portal's address, so every server process and the builder
share them, and a change of content makes a new one. An edition's PDF goes into the edition
(``Edition.pdf``, empty until made). A marker file says that a build is running; one older
than ``STALE_SECONDS`` is from a builder that died, and the next request starts a new one.
"""

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gladbeck.background import start_command

STALE_SECONDS = 15 * 60
KEEP_SECONDS = 2 * 24 * 60 * 60


def inline_max_measures():
    return getattr(settings, "CONCEPT_PDF_INLINE_MAX_MEASURES", 400)


def made_here(measure_count):
    return measure_count <= inline_max_measures()


def folder():
    path = Path(settings.CACHE_DIR) / "konzept-pdf"
    path.mkdir(parents=True, exist_ok=True)
    return path


def current_key(fingerprint, day, base_url):
    text = f"{fingerprint}:{day.isoformat()}:{base_url}"
    return "aktuell-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def edition_key(number):
    return f"ausgabe-{number}"


def stored(key):
    """The PDF made under ``key``, or None."""
    try:
        return (folder() / f"{key}.pdf").read_bytes()
    except FileNotFoundError:
        return None


def store(key, content):
    """Write atomically: a reader sees the whole file or none. PDFs of the current concept
    older than ``KEEP_SECONDS`` go (their day or content is past)."""
    target = folder() / f"{key}.pdf"
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(content)
    partial.replace(target)
    for old in folder().glob("aktuell-*.pdf"):
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)


def _marker(key):
    return folder() / f"{key}.building"


def building(key):
    marker = _marker(key)
    try:
        return time.time() - marker.stat().st_mtime < STALE_SECONDS
    except FileNotFoundError:
        return False


def finished(key):
    _marker(key).unlink(missing_ok=True)


def start(key, *arguments):
    """Start ``manage.py build_concept_pdf <arguments>`` once the current transaction is
    committed, unless a build of ``key`` is running. True if one runs now."""
    marker = _marker(key)
    if building(key):
        return True
    marker.unlink(missing_ok=True)  # a stale marker of a builder that died
    try:
        marker.open("x").close()
    except FileExistsError:
        return True  # another request was quicker
    transaction.on_commit(lambda: launch(*arguments), robust=True)
    return True


def launch(*arguments):
    start_command("build_concept_pdf", *arguments)
