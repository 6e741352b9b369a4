"""schema.org JSON-LD for an offer's page, so that search engines can read it as a service.

Only what the record holds is written; an empty field is left out, nothing is guessed (no
opening hours from the free-text times, no contact data that is not entered). schema.org puts
some of what an offer holds on other types than ``Service``, and we follow it:
``availableLanguage`` and the place of an offer belong to a ``ServiceChannel`` (the offer's
``availableChannel``); whether an offer is free is an ``Offer`` with price 0 (``Service`` has no
``isAccessibleForFree``).

An offer is a ``GovernmentService`` when its provider is recorded as an administration
(Organisation.kind "Verwaltung"), otherwise a ``Service``.

The page writes the data as ``<script type="application/ld+json">``: a data block that the
browser does not run, so the Content-Security-Policy (no inline scripts) does not apply to it.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from gladbeck.models import OrganisationKind
from offers.models import Cost

CITY = "Gladbeck"

# As django.utils.html.json_script: the JSON cannot end the <script> element or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe to put in a page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(
        '<script type="application/ld+json">' + text.translate(_SCRIPT_ESCAPES) + "</script>"
    )


def clean(data):
    """Without the fields the record does not hold (None, "", [], {})."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def city():
    return {"@type": "City", "name": CITY}


def areas_served(record, absolute):
    """The city when ``record`` is city-wide, else a Place per district (prefetched)."""
    if record.citywide:
        return [city()]
    return [
        {
            "@type": "Place",
            "name": district.name,
            "url": absolute(district.get_absolute_url()),
            "containedInPlace": city(),
        }
        for district in record.districts.all()
    ]


def organisation(org, absolute):
    """An organisation as named on the portal: its name, its portal page, its short name."""
    return clean(
        {
            "@type": "Organization",
            "name": org.name,
            "alternateName": org.short_name,
            "url": absolute(org.get_absolute_url()),
        }
    )


def _audience(offer):
    ages = clean({"suggestedMinAge": offer.min_age, "suggestedMaxAge": offer.max_age})
    groups = [group.name for group in offer.target_groups.all()]
    if not groups:
        return [{"@type": "PeopleAudience", **ages}] if ages else []
    return [{"@type": "PeopleAudience", "audienceType": name, **ages} for name in groups]


def _channel(offer):
    channel = clean(
        {
            "availableLanguage": [
                {"@type": "Language", "name": language.name, "alternateName": language.code}
                for language in offer.languages.all()
            ],
            "serviceLocation": {"@type": "Place", "address": offer.address}
            if offer.address
            else None,
            "serviceUrl": offer.website,
        }
    )
    return {"@type": "ServiceChannel", **channel} if channel else None


def _offers(offer):
    if offer.cost == Cost.FREE:
        return {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}
    if offer.cost == Cost.FEE:
        return {"@type": "Offer", "description": offer.fee or str(Cost.FEE.label)}
    return None


def offer_json_ld(offer, absolute):
    """The JSON-LD of a published offer; ``absolute`` makes a path a full address (e.g.
    ``request.build_absolute_uri``). Expects provider and category selected and target
    groups, languages and districts prefetched."""
    provider = offer.provider
    is_government = provider is not None and provider.kind == OrganisationKind.ADMINISTRATION
    return clean(
        {
            "@context": "https://schema.org",
            "@type": "GovernmentService" if is_government else "Service",
            "name": offer.title,
            "description": offer.description or offer.description_easy,
            "url": absolute(offer.get_absolute_url()),
            "category": offer.category.name,
            "provider": organisation(provider, absolute) if provider else None,
            "areaServed": areas_served(offer, absolute),
            "audience": _audience(offer),
            "availableChannel": _channel(offer),
            "offers": _offers(offer),
        }
    )
