"""schema.org JSON-LD for a measure's page.

A measure is written as a ``Project`` (schema.org: "an enterprise ... planned to achieve a
particular aim"): it is what the city and its partners set out to do, with an area it serves
and organisations taking part. ``GovernmentService`` would claim a service citizens can use,
which an advocacy measure towards Land or Bund is not; ``Action`` has no area served.
``Project`` is a kind of ``Organization`` in schema.org, so its partners are its ``member``s.

Only what the record holds is written. The free-text funding is not an organisation, so no
``funder`` or ``sponsor`` is claimed from it; organisations "to be involved" are not members
yet and are left out.
"""

from measures.models import Role
from offers.structured_data import areas_served, clean, organisation


def measure_json_ld(measure, absolute):
    """The JSON-LD of a published measure; ``absolute`` makes a path a full address. Expects
    districts and stakeholders (with their organisation) prefetched."""
    members = [
        organisation(stakeholder.organisation, absolute)
        for stakeholder in measure.stakeholders.all()
        if stakeholder.role in (Role.LEAD, Role.PARTNER)
    ]
    return clean(
        {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": measure.title,
            "description": measure.summary or measure.goal or measure.description,
            "url": absolute(measure.get_absolute_url()),
            "areaServed": areas_served(measure, absolute),
            "member": members,
        }
    )
