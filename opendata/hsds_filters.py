"""The filters of the HSDS lists ``/services`` and ``/service_at_locations``: each finds the
offers an HSDS id (or a postcode) names, and none for an id that names nothing."""

from django.db.models import Q

from gladbeck.models import TargetGroup
from measures.models import ActionField
from offers.models import Category, Offer
from offers.visibility import public_organisations

from .hsds import (
    ACTION_FIELDS,
    CATEGORIES,
    FEATURE_TERMS,
    FEATURES,
    TARGET_GROUPS,
    hsds_id,
    parse_address,
)


def filter_by_organization(offers, organization_id):
    """Offers of the public organisation with this HSDS id (none if there is no such one)."""
    return offers.filter(provider__in=public_organisations().filter(open_data_id=organization_id))


def filter_by_taxonomy(offers, taxonomy_id):
    """Offers that carry any term of the taxonomy with this HSDS id (none if there is none).

    Every offer has a category; a feature counts when the offer has it (``true``), as for
    ``filter_by_taxonomy_term``."""
    if taxonomy_id == CATEGORIES.id:
        return offers
    if taxonomy_id == FEATURES.id:
        return offers.filter(Q(childcare=True) | Q(barrier_free=True))
    relations = {TARGET_GROUPS.id: Offer.target_groups, ACTION_FIELDS.id: Offer.action_fields}
    if taxonomy_id in relations:
        links = relations[taxonomy_id].through.objects.values("offer_id")
        return offers.filter(pk__in=links)
    return offers.none()


def filter_by_postcode(offers, postcode):
    """Offers whose address is in the form ``parse_address`` reads and has this postcode."""
    found = [
        pk
        for pk, address in offers.filter(address__contains=postcode).values_list("pk", "address")
        if (parse_address(address) or ("", {}))[1].get("postal_code") == postcode
    ]
    return offers.filter(pk__in=found)


def filter_by_taxonomy_term(offers, term_id):
    """Offers that carry the taxonomy term with this HSDS id (none if there is no such term)."""
    for code in FEATURE_TERMS:
        if hsds_id("taxonomy_term", FEATURES.key, code) == term_id:
            field = {"kinderbetreuung": "childcare", "barrierefrei": "barrier_free"}[code]
            return offers.filter(**{field: True})
    vocabularies = [
        (TARGET_GROUPS, TargetGroup, "target_groups__slug"),
        (ACTION_FIELDS, ActionField, "action_fields__slug"),
        (CATEGORIES, Category, "category__slug"),
    ]
    for taxonomy, model, lookup in vocabularies:
        for slug in model.objects.values_list("slug", flat=True):
            if hsds_id("taxonomy_term", taxonomy.key, slug) == term_id:
                return offers.filter(**{lookup: slug})
    return offers.none()
