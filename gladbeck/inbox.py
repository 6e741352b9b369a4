"""The Redaktion's inbox ("Zu prüfen") on the admin start page.

Each app registers what waits for the Redaktion from its ``AppConfig.ready()`` (this module
knows no app by name). A source takes the request and returns rows; a row is a count, a
link to the filtered list and the first few records, each linked. Every source costs a fixed
number of queries (a count and one slice), whatever the number of records.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

SHOWN = 5  # records listed per row; the count and the list link cover the rest
_sources = []


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    url: str
    entries: tuple = field(default_factory=tuple)  # (text, url) pairs


def register(source):
    """Add ``source(request) -> iterable of Row`` to the inbox (idempotent)."""
    if source not in _sources:
        _sources.append(source)
    return source


def rows(request):
    return [row for source in _sources for row in source(request)]


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def listed(model, queryset, count, label, query=""):
    """A row for ``queryset`` of ``model``: its first SHOWN records, linked to their forms."""
    entries = tuple((str(obj), admin_url(model, "change", obj.pk)) for obj in queryset[:SHOWN])
    return Row(label, count, admin_url(model, "changelist") + query, entries)


# The two sources of this app: submissions waiting for review, failed imports


def pending_changes(request):
    from gladbeck.review import PendingChange, may_review

    if not request.user.has_perm("gladbeck.view_pendingchange"):
        return []
    waiting = PendingChange.objects.filter(state=PendingChange.State.PENDING)
    groups = (
        waiting.values("content_type_id", "content_type__app_label", "content_type__model", "kind")
        .annotate(count=Count("pk"))
        .order_by("content_type__model", "kind")
    )
    latest = list(waiting.order_by("-submitted_at")[:50])
    found = []
    for group in groups:
        model = apps.get_model(group["content_type__app_label"], group["content_type__model"])
        if not may_review(request.user, model):
            continue
        kind = PendingChange.Kind(group["kind"])
        template = _("Neu: %(models)s") if kind == kind.NEW else _("Geändert: %(models)s")
        entries = tuple(
            (change.object_repr, admin_url(PendingChange, "change", change.pk))
            for change in latest
            if change.content_type_id == group["content_type_id"] and change.kind == kind
        )[:SHOWN]
        query = (
            f"?state__exact={PendingChange.State.PENDING}&kind__exact={kind}"
            f"&content_type__id__exact={group['content_type_id']}"
        )
        found.append(
            Row(
                template % {"models": model._meta.verbose_name_plural},
                group["count"],
                admin_url(PendingChange, "changelist") + query,
                entries,
            )
        )
    if not found:
        found.append(
            Row(_("Eingaben von Anbietern zur Prüfung"), 0, admin_url(PendingChange, "changelist"))
        )
    return found


def failed_imports(request):
    from gladbeck.staff_import.models import ImportRun

    if not request.user.has_perm("gladbeck.view_pendingchange"):
        return []
    runs = ImportRun.objects.filter(state=ImportRun.State.FAILED).defer("preview", "errors")
    if not request.user.is_superuser:
        runs = runs.filter(user=request.user)  # the import list shows one's own runs
    entries = []
    for run in runs.order_by("-created_at")[:SHOWN]:
        app_label, model_name = run.model.split(".", 1)
        url = reverse(f"admin:{app_label}_{model_name}_import_run", args=[run.pk])
        entries.append((f"{run.file_name} ({run.created_at:%d.%m.%Y})", url))
    query = f"?state__exact={ImportRun.State.FAILED}"
    return [
        Row(
            _("Abgebrochene Importe"),
            runs.count(),
            admin_url(ImportRun, "changelist") + query,
            tuple(entries),
        )
    ]


register(pending_changes)
register(failed_imports)
