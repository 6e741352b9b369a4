"""What the open data may show: the published records and the organisations they name.

Measures and offers carry a publication state; only published ones leave the portal. The
challenges are the concept's own analysis and the indicators its monitoring, so they and their
observations are public as a whole. Organisations have no publication state: an organisation is
public when something published names it, as a stakeholder of a published measure or as the
provider of a published offer. Organisations that only staff have entered (for example for a
provider login) stay out until one of their offers is published.
"""

from django.db.models import Exists, OuterRef, Q

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from measures.models import Stakeholder
from offers.models import Offer


def public_organisations():
    """Organisations named by a published measure or a published offer."""
    named_by_measure = Stakeholder.objects.filter(
        organisation=OuterRef("pk"), measure__publication=Publication.PUBLISHED
    )
    provides_offer = Offer.objects.filter(
        provider=OuterRef("pk"), publication=Publication.PUBLISHED
    )
    return Organisation.objects.filter(Q(Exists(named_by_measure)) | Q(Exists(provides_offer)))
