"""The status report's PDF when the report is large: made in the background.

ReportLab needs about a millisecond per measure: the real report (about 50 measures) is made
within the request in a fraction of a second, the benchmark's SCALE=20 (4,000 measures) took
4.4 s and SCALE=50 about 15 s, too long to keep a server worker and the visitor waiting.
Above ``STATUS_REPORT_PDF_INLINE_MAX_MEASURES`` (300: well under half a second inline) a
process of its own, ``manage.py build_status_report_pdf``, makes the PDF; the request answers
a page that says so and refreshes itself until the file is there. Smaller reports (every
filtered report of the real portal) stay on the fast path: made within the request.

A made PDF belongs to the report's filters, the content version (gladbeck/cache.py: any saved
change makes a new one) and the day (its file name carries the date), not to the user who
asked: every login that may read the report gets the same file, through the report's own
view and its permission check. Files older than a day are removed (gladbeck/built_files.py).
"""

import hashlib

from django.conf import settings
from django.utils import timezone

from gladbeck.built_files import BuiltFiles
from gladbeck.cache import content_version

COMMAND = "build_status_report_pdf"
PDFS = BuiltFiles("sachstand-pdf", "pdf", stale_seconds=30, keep_seconds=24 * 60 * 60)


def inline_max_measures():
    return getattr(settings, "STATUS_REPORT_PDF_INLINE_MAX_MEASURES", 300)


def made_in_background(measure_count):
    return measure_count > inline_max_measures()


def command_arguments(filters):
    """The filters as the builder's arguments (the form's own GET names and values)."""
    arguments = []
    if filters.action_field:
        arguments += ["--handlungsfeld", filters.action_field.slug]
    if filters.status:
        arguments += ["--status", filters.status]
    if filters.changed_since:
        arguments += ["--geaendert-seit", filters.changed_since.isoformat()]
    return arguments


def key(filters, day=None):
    day = day or timezone.localdate()
    text = "|".join([*command_arguments(filters), str(content_version()), day.isoformat()])
    return "bericht-" + hashlib.sha256(text.encode()).hexdigest()[:32]


def start(filters):
    """Start the build of the report with these filters, unless one runs."""
    build_key = key(filters)
    PDFS.start(build_key, COMMAND, "--key", build_key, *command_arguments(filters))
