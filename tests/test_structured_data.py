"""schema.org JSON-LD on offer and measure pages: what the record holds, and nothing else."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gladbeck.models import District, OrganisationKind, TargetGroup
from gladbeck.publishing import Publication
from measures.models import Measure, Role, Stakeholder
from offers.models import Cost, Language, Offer
from tests.builders import make_measure, make_offer, make_organisation
from tests.test_hsds import rich_offer

pytestmark = pytest.mark.django_db

# --- a small part of schema.org (https://schema.org/version/latest), written down here -------
#
# Per type the properties schema.org defines for it, inherited ones included, as far as these
# pages could use them; per property the types its values may have. Google's Rich Results Test
# and the Schema Markup Validator report a property a type does not have, or a value of a type
# outside its range; these tests do the same without the network.

_THING = {
    "name",
    "description",
    "url",
    "alternateName",
    "identifier",
    "image",
    "sameAs",
    "additionalType",
    "disambiguatingDescription",
    "mainEntityOfPage",
    "subjectOf",
}
_SERVICE = _THING | {
    "areaServed",
    "audience",
    "availableChannel",
    "award",
    "brand",
    "broker",
    "category",
    "hasOfferCatalog",
    "hoursAvailable",
    "isRelatedTo",
    "isSimilarTo",
    "logo",
    "offers",
    "provider",
    "providerMobility",
    "serviceOutput",
    "serviceType",
    "slogan",
    "termsOfService",
}
_ORGANIZATION = _THING | {
    "address",
    "areaServed",
    "email",
    "telephone",
    "member",
    "funder",
    "sponsor",
    "parentOrganization",
    "subOrganization",
    "foundingDate",
    "dissolutionDate",
    "keywords",
    "logo",
}
_PLACE = _THING | {"address", "containedInPlace", "containsPlace", "geo", "telephone"}
_AUDIENCE = _THING | {"audienceType", "geographicArea"}
SCHEMA_ORG_TYPES = {
    "Service": _SERVICE,
    "GovernmentService": _SERVICE | {"jurisdiction", "serviceOperator"},
    "Organization": _ORGANIZATION,
    "Project": _ORGANIZATION,  # pending.schema.org: Project is a subtype of Organization
    "Place": _PLACE,
    "AdministrativeArea": _PLACE,
    "City": _PLACE,
    "Audience": _AUDIENCE,
    "PeopleAudience": _AUDIENCE
    | {"suggestedMinAge", "suggestedMaxAge", "requiredMinAge", "requiredMaxAge", "suggestedGender"},
    "Language": _THING,
    "ServiceChannel": _THING
    | {
        "availableLanguage",
        "processingTime",
        "providesService",
        "serviceLocation",
        "servicePhone",
        "servicePostalAddress",
        "serviceUrl",
    },
    "Offer": _THING
    | {"price", "priceCurrency", "availability", "eligibleRegion", "itemOffered", "seller"},
}
SUBTYPES = {
    "Organization": {"Organization", "Project"},
    "Place": {"Place", "AdministrativeArea", "City"},
    "Audience": {"Audience", "PeopleAudience"},
}
# The types a property's object values may have (text and numbers are allowed where schema.org
# allows them: all the properties below that take text do).
RANGES = {
    "provider": SUBTYPES["Organization"],
    "member": SUBTYPES["Organization"],
    "areaServed": SUBTYPES["Place"],
    "containedInPlace": SUBTYPES["Place"],
    "serviceLocation": SUBTYPES["Place"],
    "audience": SUBTYPES["Audience"],
    "availableChannel": {"ServiceChannel"},
    "availableLanguage": {"Language"},
    "offers": {"Offer"},
}
TEXT = {"name", "description", "url", "alternateName", "category", "audienceType", "address"}
TEXT |= {"serviceUrl", "priceCurrency"}
NUMBERS = {"suggestedMinAge", "suggestedMaxAge", "price"}


def assert_schema_org(node, path="$"):
    """``node`` uses only schema.org types, their properties and values in their ranges, and
    holds no empty value."""
    assert isinstance(node, dict), path
    assert node.get("@type") in SCHEMA_ORG_TYPES, (path, node.get("@type"))
    allowed = SCHEMA_ORG_TYPES[node["@type"]]
    for key, value in node.items():
        if key in ("@context", "@type"):
            continue
        assert key in allowed, f"{path}: {node['@type']} has no property {key}"
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{i}]"
            assert item not in (None, "", [], {}), where
            if isinstance(item, dict):
                assert item["@type"] in RANGES[key], (where, item["@type"])
                assert_schema_org(item, where)
            elif key in NUMBERS:
                assert isinstance(item, int) and not isinstance(item, bool), where
            else:
                assert key in TEXT and isinstance(item, str), where


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert_schema_org(data)
    return data


# --- offers -------------------------------------------------------------------------------------


def test_a_fully_described_offer_is_a_service_with_everything_it_holds(client):
    offer = rich_offer(max_age=99)
    data = json_ld(client, offer.get_absolute_url())
    assert data["@type"] == "Service"
    assert data["name"] == "Elterncafé Probe"
    assert data["description"] == "Austausch bei Kaffee und Tee."
    assert data["url"] == "http://testserver/angebote/reiches-angebot/"
    assert data["category"] == offer.category.name
    assert data["provider"] == {
        "@type": "Organization",
        "name": "Familienzentrum Probe e.V.",
        "alternateName": "FZP",
        "url": "http://testserver" + offer.provider.get_absolute_url(),
    }
    assert sorted(area["name"] for area in data["areaServed"]) == ["Brauck", "Butendorf"]
    for area in data["areaServed"]:
        assert area["containedInPlace"] == {"@type": "City", "name": "Gladbeck"}
        assert area["url"].startswith("http://testserver/")
    assert data["audience"] == [
        {
            "@type": "PeopleAudience",
            "audienceType": TargetGroup.objects.get(slug="eltern").name,
            "suggestedMinAge": 16,
            "suggestedMaxAge": 99,
        }
    ]
    channel = data["availableChannel"]
    assert sorted(lang["alternateName"] for lang in channel["availableLanguage"]) == ["de", "tr"]
    assert channel["serviceLocation"] == {"@type": "Place", "address": offer.address}
    assert channel["serviceUrl"] == "https://example.org/cafe"
    assert data["offers"] == {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}


def test_an_offer_that_holds_little_says_little(client):
    offer = make_offer(publication=Publication.PUBLISHED, cost=Cost.UNKNOWN)
    data = json_ld(client, offer.get_absolute_url())
    assert set(data) == {"@context", "@type", "name", "url", "category"}
    assert data["@type"] == "Service"


def test_contact_data_is_never_invented(client):
    offer = rich_offer()
    text = json.dumps(json_ld(client, offer.get_absolute_url()), ensure_ascii=False)
    for field in ("telephone", "email", "openingHours", "hoursAvailable", "isAccessibleForFree"):
        assert f'"{field}"' not in text
    assert offer.phone not in text and offer.email not in text


def test_ages_without_target_groups_are_one_audience(client):
    offer = make_offer(publication=Publication.PUBLISHED, max_age=12)
    data = json_ld(client, offer.get_absolute_url())
    assert data["audience"] == [{"@type": "PeopleAudience", "suggestedMaxAge": 12}]


def test_a_citywide_offer_serves_the_city(client):
    offer = make_offer(publication=Publication.PUBLISHED, citywide=True)
    offer.districts.add(District.objects.first())
    data = json_ld(client, offer.get_absolute_url())
    assert data["areaServed"] == [{"@type": "City", "name": "Gladbeck"}]


def test_an_offer_of_an_administration_is_a_government_service(client):
    office = make_organisation(name="Amt Probe", kind=OrganisationKind.ADMINISTRATION)
    offer = make_offer(publication=Publication.PUBLISHED, provider=office)
    assert json_ld(client, offer.get_absolute_url())["@type"] == "GovernmentService"
    other = make_organisation(name="Verein Probe", kind=OrganisationKind.ASSOCIATION)
    offer = make_offer(publication=Publication.PUBLISHED, provider=other)
    assert json_ld(client, offer.get_absolute_url())["@type"] == "Service"


def test_a_fee_is_described_not_priced(client):
    offer = make_offer(publication=Publication.PUBLISHED, cost=Cost.FEE, fee="5 € pro Termin")
    data = json_ld(client, offer.get_absolute_url())
    assert data["offers"] == {"@type": "Offer", "description": "5 € pro Termin"}
    offer = make_offer(publication=Publication.PUBLISHED, cost=Cost.FEE)
    data = json_ld(client, offer.get_absolute_url())
    assert data["offers"] == {"@type": "Offer", "description": "kostenpflichtig"}


def test_markup_in_a_title_cannot_leave_the_script_element(client):
    title = 'Treff </script><script>alert("x")</script> & <!-- Kaffee'
    offer = make_offer(publication=Publication.PUBLISHED, title=title)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in html and "<!-- Kaffee" not in html
    assert json_ld(client, offer.get_absolute_url())["name"] == title


def test_every_published_offer_page_has_valid_json_ld(client):
    rich_offer()
    for offer in Offer.objects.published():
        data = json_ld(client, offer.get_absolute_url())
        assert data["name"] == offer.title


def test_the_offer_page_costs_the_same_queries_with_more_related_rows(
    client, django_assert_num_queries
):
    """The offer page: its JSON-LD reads only what the page has fetched."""
    offer = rich_offer()
    with CaptureQueriesContext(connection) as before:
        client.get(offer.get_absolute_url())
    offer.target_groups.add(*TargetGroup.objects.all())
    offer.districts.add(*District.objects.all())
    offer.languages.add(*Language.objects.all())
    with django_assert_num_queries(len(before)):
        client.get(offer.get_absolute_url())


def test_the_measure_page_costs_the_same_queries_with_more_related_rows(
    client, django_assert_num_queries
):
    """The measure page: its JSON-LD reads only what the page has fetched."""
    measure = make_measure()
    with CaptureQueriesContext(connection) as before:
        client.get(measure.get_absolute_url())
    measure.districts.add(*District.objects.all())
    for _ in range(3):
        Stakeholder.objects.create(
            measure=measure, organisation=make_organisation(), role=Role.PARTNER
        )
    with django_assert_num_queries(len(before)):
        client.get(measure.get_absolute_url())


# --- measures -----------------------------------------------------------------------------------


def test_a_measure_is_a_project_with_its_area_and_members(client):
    measure = make_measure(title="Stadtteileltern Probe", summary="Eltern helfen Eltern.")
    measure.districts.add(*District.objects.filter(slug__in=["butendorf"]))
    lead = make_organisation(name="Federführend Probe")
    partner = make_organisation(name="Beteiligt Probe")
    later = make_organisation(name="Einzubinden Probe")
    for org, role in ((lead, Role.LEAD), (partner, Role.PARTNER), (later, Role.TO_INVOLVE)):
        Stakeholder.objects.create(measure=measure, organisation=org, role=role)
    data = json_ld(client, measure.get_absolute_url())
    assert data["@type"] == "Project"
    assert data["name"] == "Stadtteileltern Probe"
    assert data["description"] == "Eltern helfen Eltern."
    assert data["url"] == "http://testserver" + measure.get_absolute_url()
    assert [area["name"] for area in data["areaServed"]] == ["Butendorf"]
    assert sorted(m["name"] for m in data["member"]) == ["Beteiligt Probe", "Federführend Probe"]
    assert "funder" not in data and "sponsor" not in data


def test_a_measure_that_holds_little_says_little(client):
    measure = make_measure(funding="Landesmittel, beantragt")
    data = json_ld(client, measure.get_absolute_url())
    assert set(data) == {"@context", "@type", "name", "url"}


def test_a_citywide_measure_serves_the_city(client):
    measure = make_measure(citywide=True, goal="Ein Ziel.")
    data = json_ld(client, measure.get_absolute_url())
    assert data["areaServed"] == [{"@type": "City", "name": "Gladbeck"}]
    assert data["description"] == "Ein Ziel."


def test_every_published_measure_page_has_valid_json_ld(client):
    for measure in Measure.objects.published():
        assert json_ld(client, measure.get_absolute_url())["name"] == measure.title


def test_the_checker_rejects_what_schema_org_does_not_define():
    with pytest.raises(AssertionError):
        assert_schema_org({"@type": "Service", "availableLanguage": "de"})
    with pytest.raises(AssertionError):
        assert_schema_org({"@type": "Service", "isAccessibleForFree": True})
    with pytest.raises(AssertionError):
        assert_schema_org({"@type": "Service", "provider": {"@type": "Place", "name": "x"}})
    with pytest.raises(AssertionError):
        assert_schema_org({"@type": "Project", "name": ""})
