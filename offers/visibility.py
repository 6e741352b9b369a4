"""Which organisations the public sees.

Organisations have no publication state: an organisation is public when something published
names it, as a stakeholder of a published measure or as the provider of a published offer.
Organisations that only staff have entered (for example for a provider login) stay out until
one of their offers is published. Pages, search and open data all use this one rule.
"""

from django.db.models import Exists, OuterRef

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from measures.models import Stakeholder
from offers.models import Offer


def public_organisations():
    """Organisations named by a published measure or a published offer."""
    in_published_measure = Stakeholder.objects.filter(
        organisation=OuterRef("pk"), measure__publication=Publication.PUBLISHED
    )
    with_published_offer = Offer.objects.published().filter(provider=OuterRef("pk"))
    return Organisation.objects.filter(Exists(in_published_measure) | Exists(with_published_offer))
