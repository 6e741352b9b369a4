"""The offers directory in Open Referral's Human Services Data Specification (HSDS) 3.0.

HSDS wants a UUID for every object. The portal's records are known by their slug (or code), so
each HSDS id is derived from it with uuid5 under one fixed namespace: the same offer has the same
id in every answer, on every server, for as long as its slug stays. Which string is hashed for
which object is listed in ``hsds_id``'s callers and documented on /daten/.

Mapping, field by field, kept honest: an offer's free-text times become a schedule's
``description`` (no recurrence rules are guessed); its free-text address becomes a location's
``description``, and a structured ``address`` only when the text has the form
"street, postcode Gladbeck"; districts become service areas; target groups, action fields,
categories and the two features childcare and accessibility become taxonomy terms attached as
attributes. Nothing that is not published, and no internal note, is read here.
"""

import re

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gladbeck.models import TargetGroup
from gladbeck.open_data_ids import open_data_id
from measures.models import ActionField
from offers.models import Category, Cost, Offer
from offers.visibility import public_organisations

HSDS_VERSION = "3.0"
CITY = "Gladbeck"
STATE = "Nordrhein-Westfalen"
COUNTRY = "DE"


def hsds_id(*parts):
    """The UUID of an HSDS object, e.g. hsds_id("service", "rucksackprogramme"), as text."""
    return str(open_data_id(*parts))


def _clean(obj, keep=()):
    """Drop empty optional fields: HSDS leaves out what is not known rather than sending ''."""
    return {k: v for k, v in obj.items() if k in keep or v not in (None, "", [], {})}


# --- taxonomies --------------------------------------------------------------------------------


class Taxonomy:
    def __init__(self, key, name, description, link_type):
        self.key = key
        self.name = name
        self.description = description
        self.link_type = link_type

    @property
    def id(self):
        return hsds_id("taxonomy", self.key)

    def as_hsds(self):
        return {
            "id": self.id,
            "name": str(self.name),
            "description": str(self.description),
        }


TARGET_GROUPS = Taxonomy(
    "zielgruppen",
    _("Zielgruppen"),
    _("Für wen ein Angebot gedacht ist: die Zielgruppen des Konzepts Zusammenleben in Gladbeck."),
    "target_group",
)
ACTION_FIELDS = Taxonomy(
    "handlungsfelder",
    _("Handlungsfelder"),
    _("Die fünf Handlungsfelder des Konzepts Zusammenleben in Gladbeck."),
    "action_field",
)
CATEGORIES = Taxonomy(
    "kategorien",
    _("Angebotskategorien"),
    _("Die Art eines Angebots im Angebotsverzeichnis, z. B. Beratung oder Sprachkurs."),
    "service_category",
)
FEATURES = Taxonomy(
    "merkmale",
    _("Merkmale"),
    _(
        "Merkmale eines Angebots, nach denen oft gesucht wird. Der Wert eines Merkmals am "
        "Angebot ist „ja“ oder „nein“; fehlt es, ist nichts darüber bekannt."
    ),
    "feature",
)
TAXONOMIES = [TARGET_GROUPS, ACTION_FIELDS, CATEGORIES, FEATURES]

# The features are fixed terms; an offer says yes, no or nothing about each.
FEATURE_TERMS = {
    "kinderbetreuung": (_("Kinderbetreuung"), _("Während des Angebots werden Kinder betreut.")),
    "barrierefrei": (_("barrierefrei"), _("Das Angebot ist barrierefrei zugänglich.")),
}


def _term(taxonomy, code, name, description):
    return _clean(
        {
            "id": hsds_id("taxonomy_term", taxonomy.key, code),
            "code": code,
            "name": str(name),
            "description": str(description),
            "taxonomy_id": taxonomy.id,
            "language": "de",
        },
        keep=("description",),
    )


def target_group_term(group):
    return _term(TARGET_GROUPS, group.slug, group.name, group.description)


def action_field_term(field):
    return _term(ACTION_FIELDS, field.slug, field.title, field.short_description)


def category_term(category):
    return _term(CATEGORIES, category.slug, category.name, category.description)


def feature_term(code):
    name, description = FEATURE_TERMS[code]
    return _term(FEATURES, code, name, description)


def all_taxonomy_terms():
    """Every term of every taxonomy, in a fixed order (three queries)."""
    terms = [target_group_term(g) for g in TargetGroup.objects.all()]
    terms += [action_field_term(f) for f in ActionField.objects.all()]
    terms += [category_term(c) for c in Category.objects.all()]
    terms += [feature_term(code) for code in FEATURE_TERMS]
    return terms


# --- organisations -----------------------------------------------------------------------------


def organization(org, public_ids, nested=True):
    """An organisation as HSDS ``organization``; its parent only if that is public too.

    ``nested=False`` gives only the one-to-one fields, as a page of ``/organizations`` lists
    them unless ``full=true`` is asked for."""
    org_id = hsds_id("organization", org.slug)
    phones = []
    if org.phone:
        phones.append(
            {
                "id": hsds_id("phone", "organization", org.slug),
                "organization_id": org_id,
                "number": org.phone,
            }
        )
    locations = []
    if org.address:
        locations.append(
            _location(hsds_id("location", "organization", org.slug), org.address, org_id=org_id)
        )
    parent_id = None
    if org.parent_id and org.parent_id in public_ids:
        parent_id = hsds_id("organization", org.parent.slug)
    data = {
        "id": org_id,
        "name": org.name,
        "alternate_name": org.short_name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
        "parent_organization_id": parent_id,
    }
    if nested:
        data.update(phones=phones, locations=locations)
    return _clean(data, keep=("description",))


def services_by_organisation(organisation_pks):
    """The published offers of these organisations, as {organisation pk: [offers]} (the
    queries of ``offers_for_hsds``, however many organisations)."""
    grouped = {}
    for offer in offers_for_hsds().filter(provider__in=organisation_pks):
        grouped.setdefault(offer.provider_id, []).append(offer)
    return grouped


def nested_in_organization(offer, public_ids, full):
    """A service inside its organisation: without the organisation again."""
    data = service(offer, public_ids) if full else service_summary(offer)
    data.pop("organization", None)
    return data


def public_organisation_ids():
    return set(public_organisations().values_list("pk", flat=True))


def organisations_for_hsds():
    return public_organisations().select_related("parent").order_by("name")


# --- locations and addresses -------------------------------------------------------------------

_POSTCODE_CITY = re.compile(r"^(?P<postcode>\d{5})\s+(?P<city>.+)$")


def parse_address(text):
    """The structured address in a free-text one, or None.

    Only the form "[name,] street number, postcode Gladbeck" (commas or line breaks) is read,
    because only then are all the fields HSDS requires known without guessing: the state and
    country follow from the city. Returns (name, address dict without ids) or None.
    """
    parts = [p.strip() for p in re.split(r"[,\n]", text) if p.strip()]
    for i, part in enumerate(parts):
        match = _POSTCODE_CITY.match(part)
        if not match or i == 0:
            continue
        if match["city"].strip().lower() != CITY.lower():
            return None
        street = parts[i - 1]
        if not re.search(r"\d", street):
            return None
        name = ", ".join(parts[: i - 1])
        return name, {
            "address_1": street,
            "city": CITY,
            "state_province": STATE,
            "postal_code": match["postcode"],
            "country": COUNTRY,
            "address_type": "physical",
        }
    return None


def _location(location_id, text, org_id=None, accessible=None):
    location = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": org_id,
        "description": text,
    }
    parsed = parse_address(text)
    if parsed:
        name, address = parsed
        location["name"] = name
        location["addresses"] = [
            {"id": hsds_id("address", location_id), "location_id": location_id, **address}
        ]
    if accessible is not None:
        location["accessibility"] = [
            {
                "id": hsds_id("accessibility", location_id),
                "location_id": location_id,
                "description": str(
                    _("barrierefrei zugänglich") if accessible else _("nicht barrierefrei")
                ),
            }
        ]
    return _clean(location)


# --- services ----------------------------------------------------------------------------------


def offers_for_hsds():
    """Published offers with everything a fully nested service needs (fixed query count)."""
    return (
        Offer.objects.published()
        .select_related("provider", "provider__parent", "category")
        .prefetch_related(
            Prefetch("action_fields", queryset=ActionField.objects.order_by("number")),
            "target_groups",
            "languages",
            "districts",
        )
        .order_by("title", "slug")
    )


def service_status(offer, today=None):
    """'inactive' outside the offer's validity dates, 'active' otherwise."""
    today = today or timezone.localdate()
    if offer.valid_until and offer.valid_until < today:
        return "inactive"
    if offer.valid_from and offer.valid_from > today:
        return "inactive"
    return "active"


def _fees_description(offer):
    if offer.cost == Cost.FREE:
        return str(_("kostenlos"))
    if offer.cost == Cost.FEE:
        return offer.fee or str(_("kostenpflichtig"))
    return None


def _application_process(offer):
    if offer.registration_required is True:
        return str(_("Anmeldung erforderlich."))
    if offer.registration_required is False:
        return str(_("Ohne Anmeldung."))
    return None


def service_summary(offer):
    """The one-to-one fields of a service, as in a page of ``/services``."""
    target_groups = [g.name for g in offer.target_groups.all()]
    return _clean(
        {
            "id": hsds_id("service", offer.slug),
            "organization_id": hsds_id("organization", offer.provider.slug)
            if offer.provider_id
            else None,
            "name": offer.title,
            "description": offer.description,
            "url": offer.website,
            "email": offer.email,
            "status": service_status(offer),
            "fees_description": _fees_description(offer),
            "application_process": _application_process(offer),
            "eligibility_description": ", ".join(target_groups),
            "minimum_age": offer.min_age,
            "maximum_age": offer.max_age,
            "assured_date": offer.last_checked.isoformat() if offer.last_checked else None,
            "last_modified": offer.updated_at.isoformat(timespec="milliseconds"),
        }
    )


def service_minimal(offer):
    """A service as ``minimal=true`` lists it: its id and when it last changed, plus the name
    and status that HSDS requires of every service."""
    return {
        "id": hsds_id("service", offer.slug),
        "name": offer.title,
        "status": service_status(offer),
        "last_modified": offer.updated_at.isoformat(timespec="milliseconds"),
    }


def service_at_location(offer, full=False):
    """Where an offer with an address takes place. Only offers with an address have one; its
    id follows from the offer's slug. ``full`` nests the location."""
    location_id = hsds_id("location", "service", offer.slug)
    data = {
        "id": hsds_id("service_at_location", offer.slug),
        "service_id": hsds_id("service", offer.slug),
        "location_id": location_id,
    }
    if full:
        data["location"] = _location(location_id, offer.address, accessible=offer.barrier_free)
    return data


def service(offer, public_ids):
    """A fully nested service, as ``/services/{id}`` answers it."""
    data = service_summary(offer)
    service_id = data["id"]
    slug = offer.slug

    if offer.provider_id:
        data["organization"] = organization(offer.provider, public_ids)

    areas = []
    if offer.citywide:
        areas.append(
            {
                "id": hsds_id("service_area", slug, "gesamtstadt"),
                "service_id": service_id,
                "name": CITY,
                "description": str(_("gesamtes Stadtgebiet")),
            }
        )
    for district in offer.districts.all():
        areas.append(
            _clean(
                {
                    "id": hsds_id("service_area", slug, district.slug),
                    "service_id": service_id,
                    "name": district.name,
                    "description": district.description,
                }
            )
        )
    data["service_areas"] = areas

    if offer.address:
        data["service_at_locations"] = [service_at_location(offer, full=True)]

    data["languages"] = [
        {
            "id": hsds_id("language", slug, language.code),
            "service_id": service_id,
            "name": language.name,
            "code": language.code,
        }
        for language in offer.languages.all()
    ]

    if offer.schedule or offer.valid_from or offer.valid_until:
        data["schedules"] = [
            _clean(
                {
                    "id": hsds_id("schedule", slug),
                    "service_id": service_id,
                    "description": offer.schedule,
                    "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
                    "valid_to": offer.valid_until.isoformat() if offer.valid_until else None,
                }
            )
        ]

    cost_option = {"id": hsds_id("cost_option", slug), "service_id": service_id}
    if offer.cost == Cost.FREE:
        data["cost_options"] = [
            {**cost_option, "option": str(_("kostenlos")), "amount": 0, "currency": "EUR"}
        ]
    elif offer.cost == Cost.FEE:
        data["cost_options"] = [
            _clean(
                {
                    **cost_option,
                    "option": str(_("kostenpflichtig")),
                    "amount_description": offer.fee,
                }
            )
        ]

    if offer.phone:
        data["phones"] = [
            {
                "id": hsds_id("phone", "service", slug),
                "service_id": service_id,
                "number": offer.phone,
            }
        ]
    if offer.contact_name:
        data["contacts"] = [
            _clean(
                {
                    "id": hsds_id("contact", slug),
                    "service_id": service_id,
                    "name": offer.contact_name,
                    "email": offer.email,
                }
            )
        ]

    data["attributes"] = _attributes(offer, service_id)
    return _clean(data)


def _attributes(offer, service_id):
    terms = [(TARGET_GROUPS, target_group_term(g), None) for g in offer.target_groups.all()]
    terms += [(ACTION_FIELDS, action_field_term(f), None) for f in offer.action_fields.all()]
    terms.append((CATEGORIES, category_term(offer.category), None))
    for code, value in (("kinderbetreuung", offer.childcare), ("barrierefrei", offer.barrier_free)):
        if value is not None:
            terms.append((FEATURES, feature_term(code), str(_("ja") if value else _("nein"))))
    return [
        _clean(
            {
                "id": hsds_id("attribute", offer.slug, taxonomy.key, term["code"]),
                "link_id": service_id,
                "link_type": taxonomy.link_type,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "value": value,
                "taxonomy_term": term,
            }
        )
        for taxonomy, term, value in terms
    ]
