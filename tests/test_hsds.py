"""/api/hsds/: the published offers in Open Referral HSDS 3.0, validated against its schemas."""

import copy
import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from gladbeck.models import District, TargetGroup
from gladbeck.publishing import Publication
from measures.models import ActionField, Role, Stakeholder
from offers.models import Cost, Language, Offer
from opendata.hsds import hsds_id, parse_address
from tests.builders import make_measure, make_offer, make_organisation
from tests.responses import body

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "opendata" / "schemas" / "hsds-3.0"
# The HSDS 3.0 OpenAPI document as the shared folder beside the project holds it (in CI a copy
# of shared/ sits beside the clone).
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "hsds-3.0"
SECRET = "Nur für die Redaktion: Träger wackelt"


def strict(schema):
    """The schema with additionalProperties false on every object, so a misspelt field fails
    instead of passing unnoticed (HSDS itself allows extra fields)."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


COMPILED = strict(json.loads((SCHEMAS / "compiled_service_with_definitions.json").read_text()))
OPENAPI = json.loads((SCHEMAS / "openapi.json").read_text())
FORMATS = Draft202012Validator.FORMAT_CHECKER


def validator_for(definition=None):
    if definition is None:
        return Draft202012Validator(COMPILED, format_checker=FORMATS)
    schema = {"$ref": f"#/definitions/{definition}", "definitions": COMPILED["definitions"]}
    return Draft202012Validator(schema, format_checker=FORMATS)


SERVICE = validator_for()
PAGE = Draft202012Validator(
    {
        **OPENAPI["components"]["schemas"]["Page"],
        "required": list(OPENAPI["components"]["schemas"]["Page"]["properties"]) + ["contents"],
        "properties": {
            **OPENAPI["components"]["schemas"]["Page"]["properties"],
            "contents": {"type": "array"},
        },
        "additionalProperties": False,
    }
)


# --- every answer against the OpenAPI document --------------------------------------------------
#
# The OpenAPI document names each answer's schema by its address in the HSDS repository. Those
# not kept here are derived from the compiled service's definitions: a "_list" schema holds an
# object's one-to-one fields (no arrays, no nested objects); the compiled organization is the
# organization with the "services" array the document describes for /organizations/{id}. With
# ``full=true`` a list holds the fully nested objects, so the "_list" schemas are swapped for
# the full ones. Every object schema stays strict (no unknown fields).

API_DOCUMENT = json.loads((SHARED / "openapi.json").read_text())
HSDS_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def one_to_one(schema):
    properties = {
        name: field
        for name, field in schema["properties"].items()
        if field.get("type") != "array" and "$ref" not in field
    }
    return {**schema, "properties": properties, "additionalProperties": False}


def _registry(full):
    definitions = COMPILED["definitions"]
    organization = copy.deepcopy(definitions["organization"])
    organization["properties"]["services"] = {
        "type": "array",
        "items": {"$ref": HSDS_SCHEMA + "compiled/service.json"},
    }
    lists = {
        "compiled/service_list.json": COMPILED if full else one_to_one(COMPILED),
        "compiled/organization_list.json": organization
        if full
        else one_to_one(definitions["organization"]),
        "compiled/service_at_location_list.json": definitions["service_at_location"]
        if full
        else one_to_one(definitions["service_at_location"]),
    }
    schemas = {
        "compiled/service.json": COMPILED,
        "compiled/organization.json": organization,
        "taxonomy.json": definitions["taxonomy"],
        "taxonomy_term.json": definitions["taxonomy_term"],
        **lists,
    }
    resources = [
        (HSDS_SCHEMA + name, DRAFT202012.create_resource({**schema, "definitions": definitions}))
        for name, schema in schemas.items()
    ]
    resources.append(("urn:hsds:openapi", Resource.opaque(API_DOCUMENT)))
    return Registry().with_resources(resources)


REGISTRIES = {False: _registry(False), True: _registry(True)}


def assert_valid_answer(path, answer, full=False):
    """``answer`` is what the OpenAPI document says ``GET path`` answers (``path`` as the
    document writes it, e.g. "/services/{id}")."""
    assert path in API_DOCUMENT["paths"], path
    pointer = "/paths/{}/get/responses/200/content/application~1json/schema".format(
        path.replace("~", "~0").replace("/", "~1")
    )
    validator = Draft202012Validator(
        {"$ref": f"urn:hsds:openapi#{pointer}"},
        registry=REGISTRIES[full],
        format_checker=FORMATS,
    )
    assert_valid(validator, answer)
    if "contents" in answer:
        assert_valid(PAGE, answer)


def assert_valid(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def assert_valid_service(service):
    assert_valid(SERVICE, service)
    datetime.fromisoformat(service["last_modified"])  # format date-time, which jsonschema skips


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content.decode())


def rich_offer(**fields):
    slug = fields.pop("slug", "reiches-angebot")
    suffix = "" if slug == "reiches-angebot" else f" ({slug})"
    parent = make_organisation(name=f"Dachverband Probe{suffix}")
    provider = make_organisation(
        name=f"Familienzentrum Probe e.V.{suffix}",
        short_name="FZP",
        description="Ein erfundener Träger für diesen Test.",
        website="https://example.org/",
        email="info@example.org",
        phone="0000 000000",
        parent=parent,
    )
    Stakeholder.objects.create(measure=make_measure(), organisation=parent, role=Role.LEAD)
    fields = {
        "slug": slug,
        "title": "Elterncafé Probe",
        "provider": provider,
        "publication": Publication.PUBLISHED,
        "description": "Austausch bei Kaffee und Tee.",
        "address": "Familienzentrum Probe\nMusterweg 12\n45964 Gladbeck",
        "schedule": "dienstags 15 bis 17 Uhr, nicht in den Ferien",
        "cost": Cost.FREE,
        "registration_required": True,
        "childcare": True,
        "barrier_free": False,
        "min_age": 16,
        "contact_name": "Team Elterncafé",
        "email": "cafe@example.org",
        "phone": "0000 111111",
        "website": "https://example.org/cafe",
        "valid_from": date(2020, 1, 1),
        "last_checked": date(2026, 1, 15),
        **fields,
    }
    offer = make_offer(**fields)
    offer.districts.add(*District.objects.filter(slug__in=["butendorf", "brauck"]))
    offer.languages.add(*Language.objects.filter(code__in=["de", "tr"]))
    offer.target_groups.add(TargetGroup.objects.get(slug="eltern"))
    offer.action_fields.add(ActionField.objects.get(number=1))
    return offer


# --- the schemas -------------------------------------------------------------------------------


def test_services_is_a_valid_page_of_valid_services(client):
    page = get(client, "/api/hsds/services")
    assert_valid_answer("/services", page)
    assert page["total_items"] == Offer.objects.published().count() > 0
    for service in page["contents"]:
        assert_valid_service(service)


def test_every_published_offer_is_a_valid_fully_nested_service(client):
    rich_offer()
    page = get(client, "/api/hsds/services?full=true&per_page=100")
    assert_valid_answer("/services", page, full=True)
    assert len(page["contents"]) == Offer.objects.published().count()
    for service in page["contents"]:
        assert_valid_service(service)
        detail = get(client, f"/api/hsds/services/{service['id']}")
        assert_valid_answer("/services/{id}", detail)
        assert service == detail


def test_a_fully_described_offer_maps_every_field_honestly(client):
    offer = rich_offer()
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert_valid_service(service)

    assert service["name"] == "Elterncafé Probe"
    assert service["status"] == "active"
    assert service["url"] == "https://example.org/cafe"
    assert service["minimum_age"] == 16
    assert service["assured_date"] == "2026-01-15"
    assert service["application_process"] == "Anmeldung erforderlich."
    assert service["fees_description"] == "kostenlos"

    organization = service["organization"]
    assert organization["id"] == service["organization_id"]
    assert organization["name"] == "Familienzentrum Probe e.V."
    assert organization["alternate_name"] == "FZP"
    assert organization["parent_organization_id"] == hsds_id(
        "organization", offer.provider.parent.slug
    )
    assert organization["phones"][0]["number"] == "0000 000000"

    assert sorted(area["name"] for area in service["service_areas"]) == ["Brauck", "Butendorf"]
    assert sorted(language["code"] for language in service["languages"]) == ["de", "tr"]

    [schedule] = service["schedules"]
    assert schedule["description"] == "dienstags 15 bis 17 Uhr, nicht in den Ferien"
    assert schedule["valid_from"] == "2020-01-01"
    assert not {"freq", "byday", "opens_at", "closes_at"} & set(schedule)

    [at_location] = service["service_at_locations"]
    location = at_location["location"]
    assert at_location["location_id"] == location["id"]
    assert location["description"] == offer.address
    assert location["name"] == "Familienzentrum Probe"
    [address] = location["addresses"]
    assert address["address_1"] == "Musterweg 12"
    assert (address["postal_code"], address["city"], address["country"]) == (
        "45964",
        "Gladbeck",
        "DE",
    )
    assert location["accessibility"][0]["description"] == "nicht barrierefrei"

    [cost] = service["cost_options"]
    assert (cost["amount"], cost["currency"]) == (0, "EUR")
    assert service["contacts"][0]["name"] == "Team Elterncafé"
    assert service["phones"][0]["number"] == "0000 111111"

    attributes = {(a["link_type"], a["taxonomy_term"]["code"]): a for a in service["attributes"]}
    assert ("target_group", "eltern") in attributes
    assert ("action_field", ActionField.objects.get(number=1).slug) in attributes
    assert ("service_category", offer.category.slug) in attributes
    assert attributes[("feature", "kinderbetreuung")]["value"] == "ja"
    assert attributes[("feature", "barrierefrei")]["value"] == "nein"
    terms = {t["id"] for t in get(client, "/api/hsds/taxonomy_terms?per_page=100")["contents"]}
    for attribute in service["attributes"]:
        assert attribute["link_id"] == service["id"]
        assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
        assert attribute["taxonomy_term_id"] in terms


def test_a_free_text_address_stays_a_description_without_invented_fields(client):
    offer = rich_offer(address="Im Gemeindehaus neben der Kirche")
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert_valid_service(service)
    location = service["service_at_locations"][0]["location"]
    assert location["description"] == "Im Gemeindehaus neben der Kirche"
    assert "addresses" not in location and "name" not in location


def test_an_offer_without_address_times_or_costs_has_no_location_schedule_or_cost(client):
    offer = make_offer(publication=Publication.PUBLISHED, cost=Cost.UNKNOWN)
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert_valid_service(service)
    for missing in ("service_at_locations", "schedules", "cost_options", "fees_description"):
        assert missing not in service
    assert "organization" not in service and "organization_id" not in service


def test_only_street_postcode_gladbeck_becomes_a_structured_address():
    assert parse_address("Musterweg 3, 45966 Gladbeck")[1]["postal_code"] == "45966"
    assert parse_address("Treff, Musterweg 3, 45968 Gladbeck")[0] == "Treff"
    assert parse_address("Musterweg 3, 45127 Essen") is None
    assert parse_address("45964 Gladbeck") is None
    assert parse_address("Am Markt, 45964 Gladbeck") is None  # no house number
    assert parse_address("nach Absprache") is None


def test_a_citywide_offer_serves_the_whole_city(client):
    offer = make_offer(publication=Publication.PUBLISHED, citywide=True)
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert_valid_service(service)
    assert [area["name"] for area in service["service_areas"]] == ["Gladbeck"]


def test_a_fee_is_described_not_guessed_as_an_amount(client):
    offer = make_offer(publication=Publication.PUBLISHED, cost=Cost.FEE, fee="5 € pro Termin")
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert_valid_service(service)
    [cost] = service["cost_options"]
    assert cost["amount_description"] == "5 € pro Termin"
    assert "amount" not in cost
    assert service["fees_description"] == "5 € pro Termin"


def test_an_expired_offer_is_inactive(client):
    offer = make_offer(
        publication=Publication.PUBLISHED, valid_until=date.today() - timedelta(days=1)
    )
    service = get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")
    assert service["status"] == "inactive"


def test_organizations_taxonomies_and_terms_are_valid_hsds(client):
    rich_offer()
    organization = validator_for("organization")
    page = get(client, "/api/hsds/organizations?per_page=100")
    assert_valid_answer("/organizations", page)
    full = get(client, "/api/hsds/organizations?per_page=100&full=true")
    assert_valid_answer("/organizations", full, full=True)
    for item, nested in zip(page["contents"], full["contents"], strict=True):
        assert_valid(organization, nested)
        assert item.items() <= nested.items()
        assert not {"phones", "locations"} & set(item)
        detail = get(client, f"/api/hsds/organizations/{item['id']}")
        assert_valid_answer("/organizations/{id}", detail)
        assert {k: v for k, v in detail.items() if k != "services"} == nested

    page = get(client, "/api/hsds/taxonomies")
    assert_valid_answer("/taxonomies", page)
    assert [t["name"] for t in page["contents"]] == [
        "Zielgruppen",
        "Handlungsfelder",
        "Angebotskategorien",
        "Merkmale",
    ]
    for item in page["contents"]:
        assert_valid(validator_for("taxonomy"), item)
        detail = get(client, f"/api/hsds/taxonomies/{item['id']}")
        assert_valid_answer("/taxonomies/{id}", detail)
        assert detail == item

    page = get(client, "/api/hsds/taxonomy_terms?per_page=100")
    assert_valid_answer("/taxonomy_terms", page)
    taxonomy_ids = {t["id"] for t in get(client, "/api/hsds/taxonomies")["contents"]}
    for item in page["contents"]:
        assert_valid(validator_for("taxonomy_term"), item)
        assert item["taxonomy_id"] in taxonomy_ids
    detail = get(client, f"/api/hsds/taxonomy_terms/{item['id']}")
    assert_valid_answer("/taxonomy_terms/{id}", detail)
    assert detail == item


def test_target_groups_and_action_fields_are_taxonomy_terms(client):
    taxonomy = hsds_id("taxonomy", "zielgruppen")
    page = get(client, f"/api/hsds/taxonomy_terms?taxonomy_id={taxonomy}&per_page=100")
    assert {t["code"] for t in page["contents"]} == set(
        TargetGroup.objects.values_list("slug", flat=True)
    )
    taxonomy = hsds_id("taxonomy", "handlungsfelder")
    page = get(client, f"/api/hsds/taxonomy_terms?taxonomy_id={taxonomy}")
    assert [t["name"] for t in page["contents"]] == list(
        ActionField.objects.values_list("title", flat=True)
    )


def test_the_root_names_the_hsds_version(client):
    assert get(client, "/api/hsds/")["version"] == "3.0"


# --- stable ids ---------------------------------------------------------------------------------


def test_ids_are_uuid5_derived_from_the_slug_and_never_change(client):
    # Fixed values: if this test fails, every id the portal ever published has changed.
    assert hsds_id("service", "rucksackprogramme") == "19d945d3-33a5-5bba-960a-4d95f2725db6"
    assert (
        hsds_id("organization", "buero-fuer-interkulturelle-arbeit")
        == "e98d0994-3f15-55de-b257-cd99a118ea88"
    )
    page = get(client, "/api/hsds/services?per_page=100")
    ids = {service["id"] for service in page["contents"]}
    assert "19d945d3-33a5-5bba-960a-4d95f2725db6" in ids
    assert all(uuid.UUID(i).version == 5 for i in ids)
    offer = Offer.objects.get(slug="rucksackprogramme")
    offer.title = "Rucksackprogramme (neu beschrieben)"
    offer.save()
    assert "19d945d3-33a5-5bba-960a-4d95f2725db6" in {
        s["id"] for s in get(client, "/api/hsds/services?per_page=100")["contents"]
    }


def test_offer_download_and_api_share_the_hsds_id(client):
    text = body(client.get("/daten/angebote.json")).decode()
    row = next(r for r in json.loads(text)["datensaetze"] if r["id"] == "rucksackprogramme")
    service = get(client, f"/api/hsds/services/{row['hsds_id']}")
    assert service["name"] == Offer.objects.get(slug="rucksackprogramme").title


# --- nothing unpublished or internal ------------------------------------------------------------


def test_no_answer_holds_a_draft_offer_its_only_provider_or_an_internal_note(client, editor):
    provider = make_organisation(name="Nur mit Entwürfen e.V.")
    draft = make_offer(title="Entwurf Probe", provider=provider, internal_note=SECRET)
    published = make_offer(
        publication=Publication.PUBLISHED, internal_note=SECRET, last_checked_by=editor
    )
    draft_id = hsds_id("service", draft.slug)
    urls = [
        "/api/hsds/",
        "/api/hsds/services?per_page=100",
        "/api/hsds/services?full=true&per_page=100",
        f"/api/hsds/services/{hsds_id('service', published.slug)}",
        "/api/hsds/organizations?per_page=100",
        "/api/hsds/taxonomies",
        "/api/hsds/taxonomy_terms?per_page=100",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for leak in (SECRET, draft.title, draft_id, provider.name, editor.username):
            assert leak not in body, (url, leak)
    assert get(client, f"/api/hsds/services/{draft_id}", status=404)["error"]
    provider_id = hsds_id("organization", provider.slug)
    get(client, f"/api/hsds/organizations/{provider_id}", status=404)
    assert get(client, f"/api/hsds/services?organization_id={provider_id}")["total_items"] == 0


def test_a_parent_organisation_is_named_only_when_it_is_public(client):
    hidden = make_organisation(name="Unveröffentlichter Dachverband")
    child = make_organisation(name="Ortsverein Probe", parent=hidden)
    make_offer(provider=child, publication=Publication.PUBLISHED)
    page = get(client, "/api/hsds/organizations?per_page=100")
    item = next(o for o in page["contents"] if o["name"] == "Ortsverein Probe")
    assert "parent_organization_id" not in item
    assert hidden.name not in json.dumps(page, ensure_ascii=False)


# --- filters and pages --------------------------------------------------------------------------


def test_services_filter_by_organization_term_and_text(client):
    offer = rich_offer()
    own_id = hsds_id("service", offer.slug)

    def found(query):
        return {s["id"] for s in get(client, f"/api/hsds/services?{query}")["contents"]}

    assert found(f"organization_id={hsds_id('organization', offer.provider.slug)}") == {own_id}
    assert own_id in found(f"taxonomy_term_id={hsds_id('taxonomy_term', 'zielgruppen', 'eltern')}")
    assert found(f"taxonomy_term_id={hsds_id('taxonomy_term', 'merkmale', 'kinderbetreuung')}") == {
        own_id
    }
    assert found("search=Elterncaf%C3%A9") == {own_id}
    assert found(f"taxonomy_term_id={uuid.uuid4()}") == set()


def test_services_are_paged_with_first_and_last_page(client):
    total = Offer.objects.published().count()
    first = get(client, "/api/hsds/services?per_page=5")
    assert (first["total_items"], first["size"], first["page_number"]) == (total, 5, 1)
    assert first["total_pages"] == -(-total // 5)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = get(client, f"/api/hsds/services?per_page=5&page={first['total_pages']}")
    assert last["last_page"] and not last["first_page"]
    assert len(last["contents"]) == total - 5 * (first["total_pages"] - 1)
    seen = []
    for number in range(1, first["total_pages"] + 1):
        seen += get(client, f"/api/hsds/services?per_page=5&page={number}")["contents"]
    assert len({s["id"] for s in seen}) == total


def test_a_page_size_above_the_maximum_is_lowered(client):
    assert get(client, "/api/hsds/services?per_page=100000")["size"] == 100


def test_an_empty_result_is_an_empty_first_page(client):
    page = get(client, f"/api/hsds/services?taxonomy_term_id={uuid.uuid4()}")
    assert_valid(PAGE, page)
    assert page["empty"] and page["first_page"] and page["last_page"]
    assert (page["total_items"], page["contents"]) == (0, [])


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-2",
        "page=1.5",
        "page=999",
        "per_page=viele",
        "per_page=0",
        "full=vielleicht",
        "organization_id=keine-uuid",
        "taxonomy_term_id=42",
        "taxonomy_id=zielgruppen",
        "modified_after=gestern",
        "modified_after=2026-13-01",
        "minimal=ja",
        "minimal=true&full=true",
        "format=xml",
    ],
)
def test_a_bad_parameter_of_services_is_a_400_with_a_message(client, query):
    answer = get(client, f"/api/hsds/services?{query}", status=400)
    assert isinstance(answer["error"], str) and answer["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/organizations?page=x",
        "/api/hsds/organizations?page=50",
        "/api/hsds/taxonomies?per_page=-1",
        "/api/hsds/taxonomy_terms?page=0",
        "/api/hsds/taxonomy_terms?taxonomy_id=zielgruppen",
        "/api/hsds/taxonomy_terms?parent_id=eltern",
        "/api/hsds/taxonomy_terms?top_only=vielleicht",
        "/api/hsds/taxonomies?format=csv",
        "/api/hsds/organizations?full_service=ja",
        "/api/hsds/organizations?full=2",
        "/api/hsds/organizations/e98d0994-3f15-55de-b257-cd99a118ea88?full_service=x",
        "/api/hsds/service_at_locations?postcode=Gladbeck",
        "/api/hsds/service_at_locations?proximity=500",
        "/api/hsds/service_at_locations?taxonomy_id=1",
        "/api/hsds/service_at_locations?page=0",
    ],
)
def test_bad_parameters_of_the_other_lists_are_a_400_too(client, url):
    assert get(client, url, status=400)["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services/keine-uuid",
        # Fixed, so that every test process collects the same ids (none of them is issued).
        "/api/hsds/services/3a921968-118f-4ed3-b416-525613cd28fa",
        "/api/hsds/organizations/80d570c3-68bf-403f-8111-1be413af8669",
        "/api/hsds/taxonomies/x",
        "/api/hsds/taxonomy_terms/2f147a8b-20cb-4a84-bfab-6c669d610670",
        "/api/hsds/service_at_locations/keine-uuid",
        "/api/hsds/service_at_locations/5b0f8f52-5a52-4f0c-9d6c-1f0b9a3e47a1",
    ],
)
def test_an_unknown_id_is_a_404_with_a_message(client, url):
    assert get(client, url, status=404)["error"]


def test_the_api_only_reads(client):
    assert client.post("/api/hsds/services").status_code == 405
    assert (
        client.delete(f"/api/hsds/services/{hsds_id('service', 'rucksackprogramme')}").status_code
        == 405
    )


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services",
        "/api/hsds/services?full=true",
        "/api/hsds/services?minimal=true",
        "/api/hsds/services?format=ndjson",
        "/api/hsds/services?full=true&format=ndjson",
        "/api/hsds/services?taxonomy_id=" + hsds_id("taxonomy", "zielgruppen"),
        "/api/hsds/organizations",
        "/api/hsds/organizations?full=true&full_service=true",
        "/api/hsds/taxonomy_terms",
        "/api/hsds/service_at_locations?full=true",
    ],
)
def test_lists_cost_the_same_queries_with_more_rows(client, url, django_assert_num_queries):
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(4):
        rich_offer(slug=f"mehr-{uuid.uuid4().hex[:8]}")
        TargetGroup.objects.create(name=f"Gruppe {uuid.uuid4().hex[:6]}", slug=uuid.uuid4().hex)
    with django_assert_num_queries(len(before)):
        client.get(url)


def test_a_service_costs_the_same_queries_with_more_related_rows(client, django_assert_num_queries):
    offer = rich_offer()
    url = f"/api/hsds/services/{hsds_id('service', offer.slug)}"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    offer.districts.add(*District.objects.all())
    offer.languages.add(*Language.objects.all())
    offer.target_groups.add(*TargetGroup.objects.all())
    offer.action_fields.add(*ActionField.objects.all())
    with django_assert_num_queries(len(before)):
        client.get(url)


# --- the parameters the OpenAPI document names ---------------------------------------------------


def test_the_openapi_validation_catches_an_unknown_field():
    with pytest.raises(AssertionError):
        assert_valid_answer("/services/{id}", {"id": str(uuid.uuid4()), "name": "x", "foo": 1})
    with pytest.raises(AssertionError):
        page = {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 50}
        page.update(first_page=True, last_page=True, empty=False)
        assert_valid_answer("/services", {**page, "contents": [{"id": "keine-uuid"}]})


def ids(page):
    return {item["id"] for item in page["contents"]}


def test_services_filter_by_taxonomy(client):
    offer = rich_offer()
    bare = make_offer(publication=Publication.PUBLISHED)
    own, other = hsds_id("service", offer.slug), hsds_id("service", bare.slug)

    def found(key):
        page = get(
            client, f"/api/hsds/services?per_page=100&taxonomy_id={hsds_id('taxonomy', key)}"
        )
        assert_valid_answer("/services", page)
        return ids(page)

    for key in ("zielgruppen", "handlungsfelder", "merkmale"):
        assert own in found(key) and other not in found(key), key
    with_groups = Offer.objects.published().filter(target_groups__isnull=False).distinct()
    assert len(found("zielgruppen")) == with_groups.count()
    assert {own, other} <= found("kategorien")
    assert found("kategorien") == ids(get(client, "/api/hsds/services?per_page=100"))
    page = get(client, f"/api/hsds/services?taxonomy_id={uuid.uuid4()}")
    assert page["total_items"] == 0


def test_services_modified_after_a_point_in_time(client):
    offer = rich_offer()
    Offer.objects.update(updated_at=timezone.make_aware(datetime(2025, 1, 1, 12)))
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.make_aware(datetime(2026, 3, 1)))
    own = hsds_id("service", offer.slug)

    def found(value):
        page = get(client, f"/api/hsds/services?per_page=100&modified_after={value}")
        assert_valid_answer("/services", page)
        return ids(page)

    assert found("2026-02-01T00:00:00Z") == {own}
    assert found("2026-02-01") == {own}
    assert found("2026-03-01T00:00:00%2B01:00") == {own}  # on or after
    assert found("2026-03-02") == set()
    assert len(found("2025-01-01T11:00:00Z")) == Offer.objects.published().count()


def test_minimal_services_hold_only_id_name_status_and_last_change(client):
    rich_offer()
    page = get(client, "/api/hsds/services?minimal=true")
    assert_valid_answer("/services", page)
    assert page["size"] == 1000 and page["total_items"] == len(page["contents"])
    for item in page["contents"]:
        assert set(item) == {"id", "name", "status", "last_modified"}
        datetime.fromisoformat(item["last_modified"])
    assert ids(page) == ids(get(client, "/api/hsds/services?per_page=100"))


@pytest.mark.parametrize("query", ["", "full=true", "minimal=true", "search=Elterncaf%C3%A9"])
def test_services_as_ndjson_are_every_service_one_a_line(client, query):
    rich_offer()
    response = client.get(f"/api/hsds/services?format=ndjson&per_page=2&{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    text = body(response).decode()
    assert text.endswith("\n") and "\n\n" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    as_json = get(client, f"/api/hsds/services?per_page=100&{query}")
    assert lines == as_json["contents"]
    assert len(lines) > 2 or query.startswith("search")
    item_schema = {"$ref": HSDS_SCHEMA + "compiled/service_list.json"}
    validator = Draft202012Validator(
        item_schema, registry=REGISTRIES["full=true" in query], format_checker=FORMATS
    )
    for line in lines:
        assert_valid(validator, line)


def test_other_lists_answer_ndjson_too(client):
    for url in ("/api/hsds/organizations", "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms"):
        response = client.get(f"{url}?format=ndjson")
        assert response["Content-Type"] == "application/x-ndjson"
        lines = [json.loads(line) for line in body(response).decode().splitlines()]
        assert lines == get(client, f"{url}?per_page=100")["contents"]


def test_ndjson_is_streamed_a_chunk_at_a_time_without_gaps_or_repeats(client, monkeypatch):
    monkeypatch.setattr("opendata.api_answers.NDJSON_CHUNK", 2)
    for n in range(5):
        make_offer(title=f"Gestreamt {n}", publication=Publication.PUBLISHED)
    response = client.get("/api/hsds/services?format=ndjson")
    assert response.streaming
    pieces = list(response.streaming_content)
    lines = [json.loads(line) for line in b"".join(pieces).decode().splitlines()]
    assert len(pieces) == -(-len(lines) // 2)
    expected = get(client, "/api/hsds/services?per_page=100")["contents"]
    assert [line["id"] for line in lines] == [service["id"] for service in expected]


def test_organizations_search_and_full_service(client):
    offer = rich_offer()
    page = get(client, "/api/hsds/organizations?search=familienzentrum%20PROBE")
    assert_valid_answer("/organizations", page)
    assert [o["name"] for o in page["contents"]] == ["Familienzentrum Probe e.V."]
    assert get(client, "/api/hsds/organizations?search=gibt-es-nicht")["total_items"] == 0

    page = get(client, "/api/hsds/organizations?per_page=100&full_service=true")
    assert_valid_answer("/organizations", page, full=True)
    by_name = {o["name"]: o for o in page["contents"]}
    [service] = by_name["Familienzentrum Probe e.V."]["services"]
    assert service["id"] == hsds_id("service", offer.slug)
    assert service["schedules"] and service["service_at_locations"]  # fully nested
    assert "organization" not in service
    assert by_name["Dachverband Probe"]["services"] == []
    for org in page["contents"]:
        assert {s["organization_id"] for s in org["services"]} <= {org["id"]}


def test_an_organization_lists_its_services(client):
    offer = rich_offer()
    url = f"/api/hsds/organizations/{hsds_id('organization', offer.provider.slug)}"
    detail = get(client, url)
    assert_valid_answer("/organizations/{id}", detail)
    [service] = detail["services"]
    assert "schedules" not in service and service["name"] == offer.title
    full = get(client, url + "?full_service=true")
    assert_valid_answer("/organizations/{id}", full)
    assert full["services"][0]["schedules"]


def test_taxonomies_and_terms_are_searched_and_flat(client):
    page = get(client, "/api/hsds/taxonomies?search=handlungsfelder")
    assert_valid_answer("/taxonomies", page)
    assert [t["name"] for t in page["contents"]] == ["Handlungsfelder"]

    page = get(client, "/api/hsds/taxonomy_terms?search=kinderbetreuung")
    assert_valid_answer("/taxonomy_terms", page)
    assert [t["code"] for t in page["contents"]] == ["kinderbetreuung"]

    every = get(client, "/api/hsds/taxonomy_terms?per_page=100")
    assert all("parent_id" not in t for t in every["contents"])
    assert get(client, "/api/hsds/taxonomy_terms?per_page=100&top_only=true") == every
    parent = every["contents"][0]["id"]
    page = get(client, f"/api/hsds/taxonomy_terms?parent_id={parent}")
    assert_valid_answer("/taxonomy_terms", page)
    assert page["total_items"] == 0


def test_service_at_locations_are_the_offers_with_an_address(client):
    offer = rich_offer()
    elsewhere = rich_offer(slug="anderswo", address="Musterweg 3, 45966 Gladbeck")
    make_offer(publication=Publication.PUBLISHED, address="")
    page = get(client, "/api/hsds/service_at_locations?per_page=100")
    assert_valid_answer("/service_at_locations", page)
    with_address = Offer.objects.published().exclude(address="")
    assert page["total_items"] == with_address.count()
    own = hsds_id("service_at_location", offer.slug)
    item = next(i for i in page["contents"] if i["id"] == own)
    assert item == {
        "id": own,
        "service_id": hsds_id("service", offer.slug),
        "location_id": hsds_id("location", "service", offer.slug),
    }

    full = get(client, "/api/hsds/service_at_locations?per_page=100&full=true")
    assert_valid_answer("/service_at_locations", full, full=True)
    service = get(client, f"/api/hsds/services/{item['service_id']}")
    nested = next(i for i in full["contents"] if i["id"] == own)
    assert [nested] == service["service_at_locations"]

    def found(query):
        return ids(get(client, f"/api/hsds/service_at_locations?per_page=100&{query}"))

    assert own in found("postcode=45964") and own not in found("postcode=45966")
    assert found("postcode=45966") >= {hsds_id("service_at_location", elsewhere.slug)}
    assert found(f"organization_id={hsds_id('organization', offer.provider.slug)}") == {own}


def test_a_service_at_location_answers_its_fully_nested_service(client):
    offer = rich_offer()
    detail = get(
        client, f"/api/hsds/service_at_locations/{hsds_id('service_at_location', offer.slug)}"
    )
    assert_valid_answer("/service_at_locations/{id}", detail)
    assert detail == get(client, f"/api/hsds/services/{hsds_id('service', offer.slug)}")


def test_the_new_parameters_keep_drafts_out(client):
    provider = make_organisation(name="Nur mit Entwürfen e.V.")
    draft = make_offer(title="Entwurf Probe", provider=provider, internal_note=SECRET)
    urls = [
        "/api/hsds/services?format=ndjson&full=true",
        "/api/hsds/services?minimal=true",
        "/api/hsds/organizations?full=true&full_service=true&per_page=100",
        "/api/hsds/service_at_locations?full=true&per_page=100",
    ]
    for url in urls:
        text = body(client.get(url)).decode()
        for leak in (SECRET, draft.title, provider.name):
            assert leak not in text, (url, leak)
    get(
        client,
        f"/api/hsds/service_at_locations/{hsds_id('service_at_location', draft.slug)}",
        status=404,
    )


# --- look-ups by id ------------------------------------------------------------------------------


def test_records_store_their_ids_so_a_look_up_reads_one_indexed_column(client):
    """The fixtures (loaded raw), a record saved in the admin's way and one renamed all carry
    the id the open data derives from their slug."""
    loaded = Offer.objects.get(slug="rucksackprogramme")
    assert str(loaded.open_data_id) == "19d945d3-33a5-5bba-960a-4d95f2725db6"
    assert str(loaded.open_data_place_id) == hsds_id("service_at_location", loaded.slug)
    assert str(loaded.provider.open_data_id) == hsds_id("organization", loaded.provider.slug)
    offer = make_offer(title="Neu gespeichert")
    assert str(offer.open_data_id) == hsds_id("service", offer.slug)
    offer.slug = "neu-gespeichert-umbenannt"
    offer.save()
    offer.refresh_from_db()
    assert str(offer.open_data_id) == hsds_id("service", "neu-gespeichert-umbenannt")


@pytest.mark.parametrize(
    "kind, path",
    [
        ("service", "/api/hsds/services/{}"),
        ("service_at_location", "/api/hsds/service_at_locations/{}"),
        ("organization", "/api/hsds/organizations/{}"),
    ],
)
def test_a_look_up_by_id_finds_the_record_by_its_stored_id_not_by_scanning(client, kind, path):
    offer = make_offer(
        title="Gesucht per Kennung",
        publication=Publication.PUBLISHED,
        address="Musterstraße 1, 45964 Gladbeck",
        provider=make_organisation(name="Gesucht e.V."),
    )
    slug = offer.provider.slug if kind == "organization" else offer.slug
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path.format(hsds_id(kind, slug)))
    assert response.status_code == 200
    assert any("open_data" in q["sql"] for q in queries.captured_queries)
    # No query reads every slug to compare derived ids.
    assert not any(
        q["sql"].lstrip().startswith('SELECT "offers_offer"."slug" FROM')
        or q["sql"].lstrip().startswith('SELECT "gladbeck_organisation"."slug" FROM')
        for q in queries.captured_queries
    )
    assert client.get(path.format(uuid.uuid4())).status_code == 404
    assert client.get(path.format("keine-kennung")).status_code == 404
