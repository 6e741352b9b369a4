"""The concept as one document: the current state, the frozen editions and what changed
between them, each as a page and as a tagged PDF (``?format=pdf``)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concept import pdf_builds, snapshot
from concept.compare import compare
from concept.document import document
from concept.editions import start_edition_pdf
from concept.models import Edition
from concept.pdf import available as pdf_available
from concept.pdf import render_pdf

FORMATS = {"html", "pdf"}


def _format(request):
    """The requested format, and a message when it is not one we make."""
    requested = request.GET.get("format", "html")
    if requested in FORMATS:
        return requested, ""
    return "html", _("Das Format „%(format)s“ gibt es nicht; hier ist die Seite.") % {
        "format": requested[:20]
    }


def _no_pdf(request):
    """This machine cannot make PDFs (concept/pdf.py): say so instead of failing."""
    response = render(
        request,
        "concept/pdf_pending.html",
        {"unavailable": True, "crumbs": [(None, _("PDF"))], "current_section": "concept"},
        status=503,
    )
    response["Retry-After"] = "3600"
    return response


def _pdf(request, content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _pending(request, crumbs):
    """The PDF is being made by a process of its own: a page that says so and refreshes
    itself until the PDF is there (concept/pdf_builds.py)."""
    return render(
        request,
        "concept/pdf_pending.html",
        {"crumbs": [*crumbs, (None, _("PDF"))], "current_section": "concept"},
        status=202,
    )


def _document_context(snap, edition, fmt_message, crumbs):
    return {
        **document(snap),
        "edition": edition,
        "is_current": edition is None,
        "generated_on": timezone.localdate(),
        "latest_edition": Edition.objects.latest_first().only("number", "title", "date").first(),
        "format_message": fmt_message,
        "crumbs": crumbs,
        "current_section": "concept",
    }


def current(request):
    """/konzept/: the whole concept from the published data. Fourteen queries."""
    fmt, message = _format(request)
    snap = snapshot.build()
    crumbs = [(None, _("Konzept"))]
    context = _document_context(snap, None, message, crumbs)
    if fmt == "pdf":
        base_url = request.build_absolute_uri("/")
        key = pdf_builds.current_key(snapshot.fingerprint(snap), context["generated_on"], base_url)
        content = pdf_builds.stored(key)
        if content is None and not pdf_available():
            return _no_pdf(request)
        if content is None and not pdf_builds.made_here(context["measure_count"]):
            pdf_builds.start(key, "--key", key, "--base-url", base_url)
            return _pending(request, crumbs)
        if content is None:
            content = render_pdf("concept/document_pdf.html", context, base_url)
            pdf_builds.store(key, content)
        return _pdf(request, content, f"konzept-{timezone.localdate():%Y-%m-%d}.pdf")
    return render(request, "concept/document.html", context)


def edition_list(request):
    """/konzept/ausgaben/: every edition, newest first. One query."""
    editions = Edition.objects.latest_first().defer("snapshot", "pdf")
    return render(
        request,
        "concept/edition_list.html",
        {
            "editions": editions,
            "crumbs": [(reverse("concept:current"), _("Konzept")), (None, _("Ausgaben"))],
            "current_section": "concept",
        },
    )


def edition(request, number):
    """/konzept/ausgaben/<n>/: edition n as frozen; ``?format=pdf`` its stored PDF."""
    fmt, message = _format(request)
    if fmt == "pdf":
        stored = get_object_or_404(Edition.objects.only("number", "pdf"), number=number)
        if not stored.pdf and not pdf_available():
            return _no_pdf(request)
        if not stored.pdf:
            start_edition_pdf(stored, request.build_absolute_uri("/"))
            return _pending(request, [(reverse("concept:editions"), _("Ausgaben"))])
        return _pdf(request, bytes(stored.pdf), stored.pdf_filename())
    frozen = get_object_or_404(Edition.objects.defer("pdf"), number=number)
    crumbs = [
        (reverse("concept:current"), _("Konzept")),
        (reverse("concept:editions"), _("Ausgaben")),
        (None, str(frozen)),
    ]
    context = _document_context(frozen.snapshot, frozen, message, crumbs)
    return render(request, "concept/document.html", context)


def comparison(request, number, other=None):
    """/konzept/ausgaben/<n>/vergleich/[<m>/]: what changed from edition n to edition m, or
    to the current concept."""
    fmt, message = _format(request)
    before = get_object_or_404(Edition.objects.defer("pdf"), number=number)
    if other is None:
        after, after_snapshot = None, snapshot.build()
    else:
        after = get_object_or_404(Edition.objects.defer("pdf"), number=other)
        after_snapshot = after.snapshot
    context = {
        "before": before,
        "after": after,
        "comparison": compare(before.snapshot, after_snapshot),
        "generated_on": timezone.localdate(),
        "format_message": message,
        "editions": Edition.objects.latest_first().only("number", "title"),
        "crumbs": [
            (reverse("concept:current"), _("Konzept")),
            (reverse("concept:editions"), _("Ausgaben")),
            (before.get_absolute_url(), str(before)),
            (None, _("Vergleich")),
        ],
        "current_section": "concept",
    }
    if fmt == "pdf" and not pdf_available():
        return _no_pdf(request)
    if fmt == "pdf":
        content = render_pdf(
            "concept/comparison_pdf.html", context, request.build_absolute_uri("/")
        )
        target = after.number if after else "aktuell"
        return _pdf(request, content, f"konzept-vergleich-{before.number}-{target}.pdf")
    return render(request, "concept/comparison.html", context)
