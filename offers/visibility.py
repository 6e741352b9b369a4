"""Which organisations the public sees: those named by something published."""

from django.db.models import Exists, OuterRef

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from measures.models import Stakeholder
from offers.models import Offer


def public_organisations():
    in_published_measure = Stakeholder.objects.filter(
        organisation=OuterRef("pk"), measure__publication=Publication.PUBLISHED
    )
    with_published_offer = Offer.objects.published().filter(provider=OuterRef("pk"))
    return Organisation.objects.filter(Exists(in_published_measure) | Exists(with_published_offer))
