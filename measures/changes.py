"""What changed in the concept, newest first: measures published, status changes and
progress entries. Derived from the measures' history, so nothing has to be logged twice.
Only what is published now, and was published when it happened, is an event.

Each change has an id that never changes (the feed's entry ids): a tag URI (RFC 4151) from
the row it is derived from, the measure's history record or the progress entry, never from a
slug or a title that editors may change.

Loading the concept is not a change: the history it writes carries INITIAL_LOAD_REASON and is
left out, so the list starts with what staff did since. The list pages through everything
(``ChangeLog`` for a paginator), the feed keeps the newest."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gladbeck.publishing import INITIAL_LOAD_REASON, Publication
from measures.models import Measure, ProgressEntry, Status

PUBLISHED = Publication.PUBLISHED
TAG_AUTHORITY = "tag:gladbeck.de,2018:zusammenleben"  # the city's domain and the concept's year


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    kind: str
    title: str
    slug: str
    text: str
    source: str  # the row it comes from, e.g. "massnahme-historie/812" or "fortschritt/17"

    @property
    def url(self):
        return Measure(slug=self.slug).get_absolute_url()

    @property
    def uid(self):
        return f"{TAG_AUTHORITY}:aenderung/{self.source}"


def _measure_records():
    history = Measure.history.model.objects
    previous = history.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date")
    return (
        history.filter(history_type__in=["+", "~"], publication=PUBLISHED)
        .filter(id__in=Measure.objects.published().values("pk"))
        .exclude(history_change_reason=INITIAL_LOAD_REASON)
        .annotate(
            prev_status=Subquery(previous.values("status")[:1]),
            prev_publication=Subquery(previous.values("publication")[:1]),
            current_slug=Subquery(Measure.objects.filter(pk=OuterRef("id")).values("slug")[:1]),
        )
        .filter(
            Q(prev_publication__isnull=True)
            | ~Q(prev_publication=PUBLISHED)
            | ~Q(prev_status=F("status"))
        )
    )


def _measure_events(limit):
    records = (
        _measure_records()
        .order_by("-history_date")
        .values(
            "history_id",
            "history_date",
            "title",
            "current_slug",
            "status",
            "prev_status",
            "prev_publication",
        )[:limit]
    )
    labels = dict(Status.choices)
    for record in records:
        newly_published = record["prev_publication"] != PUBLISHED
        if newly_published:
            kind, text = (
                "veroeffentlicht",
                _("Maßnahme veröffentlicht (Status: %(status)s)")
                % {"status": labels.get(record["status"], record["status"])},
            )
        else:
            kind, text = (
                "status",
                _("Status geändert: %(old)s → %(new)s")
                % {
                    "old": labels.get(record["prev_status"], record["prev_status"]),
                    "new": labels.get(record["status"], record["status"]),
                },
            )
        yield Change(
            record["history_date"],
            kind,
            record["title"],
            record["current_slug"],
            str(text),
            f"massnahme-historie/{record['history_id']}",
        )


def _progress_entries():
    return ProgressEntry.objects.filter(measure__in=Measure.objects.published())


def _progress_events(limit):
    entries = _progress_entries().select_related("measure").order_by("-date", "-created_at")[:limit]
    tz = timezone.get_current_timezone()
    for entry in entries:
        # On its day, at the moment it was written if that was on the day; never later than
        # it was written, so an entry dated ahead is not a change from the future.
        when = max(
            datetime.datetime.combine(entry.date, datetime.time(), tzinfo=tz),
            min(
                entry.created_at,
                datetime.datetime.combine(entry.date, datetime.time.max, tzinfo=tz),
            ),
        )
        when = min(when, entry.created_at)
        yield Change(
            when,
            "fortschritt",
            entry.measure.title,
            entry.measure.slug,
            entry.text,
            f"fortschritt/{entry.pk}",
        )


def recent_changes(limit=20, offset=0):
    """The newest ``limit`` changes after the first ``offset``; two queries whatever the size
    of the history (each source gives its newest ``offset + limit``, merged by time)."""
    wanted = offset + limit
    events = list(_measure_events(wanted)) + list(_progress_events(wanted))
    events.sort(key=lambda change: change.when, reverse=True)
    return events[offset:wanted]


class ChangeLog:
    """All changes as a sequence for Django's Paginator: counted and sliced in the database."""

    def count(self):
        return _measure_records().count() + _progress_entries().count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ChangeLog is sliced by pages")
        start = index.start or 0
        return recent_changes(limit=max(index.stop - start, 0), offset=start)
