"""What the measures add to the Redaktion's inbox (gladbeck/inbox.py): published measures
whose last progress entry is more than six months old ("Wiedervorlage")."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from gladbeck import inbox
from measures.models import Measure, ProgressEntry

FOLLOW_UP_AFTER = datetime.timedelta(days=183)  # six months


def due_for_follow_up(queryset, today=None):
    """Published measures without a progress entry dated in the last six months, leaving out
    those published for less than six months (nothing can be due on them yet)."""
    today = today or timezone.localdate()
    cutoff = today - FOLLOW_UP_AFTER
    recent = ProgressEntry.objects.filter(measure=OuterRef("pk"), date__gt=cutoff)
    return (
        queryset.published()
        .filter(created_at__date__lte=cutoff)
        .exclude(Exists(recent))
        .order_by("updated_at")
    )


def follow_up(request):
    if not request.user.has_perm("measures.publish_measure"):
        return []
    due = due_for_follow_up(Measure.objects.all())
    return [
        inbox.listed(
            Measure,
            due.only("pk", "title"),
            due.count(),
            _("Wiedervorlage: Maßnahmen ohne Fortschrittseintrag seit 6 Monaten"),
            "?wiedervorlage=ja",
        )
    ]
