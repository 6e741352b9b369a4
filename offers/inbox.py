"""What the offers add to the Redaktion's inbox (gladbeck/inbox.py): published offers whose
"zuletzt geprüft am" date is more than twelve months old."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from gladbeck import inbox
from offers.models import Offer

CHECK_AFTER = datetime.timedelta(days=365)  # twelve months


def check_overdue(queryset, today=None):
    """Published offers last checked more than twelve months ago, the longest-unchecked first."""
    cutoff = (today or timezone.localdate()) - CHECK_AFTER
    return queryset.published().filter(last_checked__lt=cutoff).order_by("last_checked", "title")


def overdue(request):
    if not request.user.has_perm("offers.publish_offer"):
        return []
    due = check_overdue(Offer.objects.all())
    cutoff = timezone.localdate() - CHECK_AFTER
    return [
        inbox.listed(
            Offer,
            due.only("pk", "title"),
            due.count(),
            _("Angebote, zuletzt geprüft vor mehr als 12 Monaten"),
            f"?publication__exact=veroeffentlicht&last_checked__lt={cutoff.isoformat()}",
        )
    ]
