"""People find offers by what matters to them: district, cost, group, language, age."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gladbeck.models import District, TargetGroup
from gladbeck.publishing import Publication
from offers.models import Category, Cost, Language, Offer
from tests.builders import bulk_create_with_relations, make_offer, make_organisation

pytestmark = pytest.mark.django_db


def titles(response):
    return [offer.title for offer in response.context["page"].object_list]


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {offer.title for offer in response.context["page"].paginator.object_list}


@pytest.fixture
def brauck_offers():
    brauck = District.objects.get(slug="brauck")
    women = TargetGroup.objects.get(slug="frauen")
    free_for_women = make_offer(
        title="Frauenfrühstück (Test)", cost=Cost.FREE, publication=Publication.PUBLISHED
    )
    free_for_women.districts.add(brauck)
    free_for_women.target_groups.add(women)
    paid = make_offer(
        title="Kochkurs (Test)", cost=Cost.FEE, fee="5 €", publication=Publication.PUBLISHED
    )
    paid.districts.add(brauck)
    paid.target_groups.add(women)
    elsewhere = make_offer(
        title="Frauentreff Zweckel (Test)", cost=Cost.FREE, publication=Publication.PUBLISHED
    )
    elsewhere.districts.add(District.objects.get(slug="zweckel"))
    elsewhere.target_groups.add(women)
    citywide = make_offer(
        title="Beratung für Frauen (Test)",
        cost=Cost.FREE,
        citywide=True,
        publication=Publication.PUBLISHED,
    )
    citywide.target_groups.add(women)
    draft = make_offer(
        title="Entwurf für Frauen (Test)", cost=Cost.FREE, publication=Publication.DRAFT
    )
    draft.districts.add(brauck)
    draft.target_groups.add(women)


def test_free_offers_in_brauck_for_women(client, brauck_offers):
    assert shown(client, "/angebote/?kostenlos=ja&stadtteil=brauck&zielgruppe=frauen") == {
        "Frauenfrühstück (Test)",
        "Beratung für Frauen (Test)",
    }


def test_the_concept_names_no_free_offer_for_women_in_brauck_and_the_page_says_so(client):
    page = client.get("/angebote/?kostenlos=ja&stadtteil=brauck&zielgruppe=frauen").content.decode()
    assert "Kein Angebot passt zu allen gewählten Filtern." in page


def test_language_age_childcare_and_accessibility_filters(client):
    turkish = Language.objects.get(code="tr")
    course = make_offer(
        title="Elterncafé (Test)",
        min_age=18,
        childcare=True,
        barrier_free=True,
        publication=Publication.PUBLISHED,
    )
    course.languages.add(turkish)
    make_offer(
        title="Jugendtreff (Test)", min_age=12, max_age=21, publication=Publication.PUBLISHED
    )
    assert shown(client, "/angebote/?sprache=tr") == {"Elterncafé (Test)"}
    assert "Jugendtreff (Test)" in shown(client, "/angebote/?alter=14")
    assert "Elterncafé (Test)" not in shown(client, "/angebote/?alter=14")
    assert shown(client, "/angebote/?kinderbetreuung=ja&barrierefrei=ja") == {"Elterncafé (Test)"}


def test_category_and_text_filters_work_on_the_concepts_offers(client):
    assert "Rucksackprogramme" in shown(client, "/angebote/?q=rucksack")
    family = Category.objects.get(slug="eltern-und-familie")
    expected = {o.title for o in Offer.objects.published().filter(category=family)}
    assert shown(client, "/angebote/?kategorie=eltern-und-familie") == expected


def test_bad_filter_values_are_explained_and_ignored(client):
    response = client.get("/angebote/?alter=alt&sprache=klingonisch&kostenlos=vielleicht&seite=abc")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Offer.objects.published().count()
    assert "Ein Filter wurde nicht angewendet" in response.content.decode()


def test_the_offer_page_answers_where_when_cost_and_who(client):
    provider = make_organisation(name="Familienzentrum Beispiel (Test)")
    offer = make_offer(
        title="Sprachcafé (Test)",
        slug="sprachcafe-test",
        provider=provider,
        schedule="dienstags 10–12 Uhr",
        address="Beispielweg 1 (Testadresse)",
        cost=Cost.FREE,
        childcare=True,
        publication=Publication.PUBLISHED,
        last_checked="2026-10-01",
    )
    offer.languages.add(Language.objects.get(code="ar"))
    page = client.get("/angebote/sprachcafe-test/").content.decode()
    for text in [
        "Familienzentrum Beispiel (Test)",
        "dienstags 10–12 Uhr",
        "Beispielweg 1 (Testadresse)",
        "kostenlos",
        "Arabisch",
        "Stand: geprüft am 1. Oktober 2026",
    ]:
        assert text in page


def test_an_offer_without_contact_data_says_so_instead_of_inventing_it(client):
    page = client.get("/angebote/rucksackprogramme/").content.decode()
    assert "noch keine Kontaktdaten eingetragen" in page


def test_a_draft_offer_has_no_public_page(client):
    make_offer(slug="entwurf-angebot", publication=Publication.DRAFT)
    assert client.get("/angebote/entwurf-angebot/").status_code == 404


def test_the_organisation_page_lists_its_measures_by_role_and_its_offers(client):
    page = client.get("/akteure/buero-fuer-interkulturelle-arbeit/").content.decode()
    assert "Ausbau der Rucksackprogramme" in page
    assert "Rucksackprogramme" in page
    assert "beteiligt" in page


def test_an_organisation_named_by_nothing_published_has_no_page(client):
    hidden = make_organisation(slug="nur-entwurf")
    make_offer(provider=hidden, publication=Publication.DRAFT)
    assert client.get("/akteure/nur-entwurf/").status_code == 404


def _bulk_offers(count, offset):
    category = Category.objects.get(slug="beratung")
    brauck = District.objects.get(slug="brauck")
    women = TargetGroup.objects.get(slug="frauen")
    german = Language.objects.get(code="de")
    provider = make_organisation()
    bulk_create_with_relations(
        Offer,
        [
            Offer(
                title=f"Last-Angebot {i}",
                slug=f"last-angebot-{i}",
                category=category,
                provider=provider,
                cost=Cost.FREE,
                publication=Publication.PUBLISHED,
            )
            for i in range(offset, offset + count)
        ],
        districts=[brauck],
        target_groups=[women],
        languages=[german],
    )


@pytest.mark.parametrize(
    "url",
    [
        "/angebote/",
        "/angebote/?kostenlos=ja&stadtteil=brauck&zielgruppe=frauen&sprache=de&alter=30",
    ],
)
def test_the_offers_list_costs_the_same_queries_with_10_and_200_offers(client, url):
    _bulk_offers(10, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _bulk_offers(190, 10)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 12


@pytest.mark.parametrize("prefix", ["", "/tr", "/ar", "/leichte-sprache"])
def test_the_offers_list_runs_a_pinned_number_of_queries(client, django_assert_num_queries, prefix):
    """Protects /angebote/ against a query per row. A filtered list reads its result's keys
    once (one query) so that the page and the counts do not filter again; the categories are
    counted with the total."""
    _bulk_offers(30, 0)
    with django_assert_num_queries(10):
        assert client.get(f"{prefix}/angebote/?stadtteil=brauck").status_code == 200


def test_the_district_filter_offers_all_ten_districts_even_without_offers_there(client):
    """People in Brauck must be able to choose their own district, whatever it holds."""
    response = client.get("/angebote/?kategorie=beratung&zielgruppe=frauen")
    facets = {name: choices for name, _label, choices in response.context["facets"]}
    assert [option["value"] for option in facets["stadtteil"]] == list(
        District.objects.values_list("slug", flat=True)
    )
    assert len(facets["stadtteil"]) == 10


def test_the_page_says_how_offers_without_age_limits_are_filtered(client):
    make_offer(title="Altersprobe offen für alle", publication=Publication.PUBLISHED)
    make_offer(
        title="Altersprobe nur für Kinder", min_age=3, max_age=10, publication=Publication.PUBLISHED
    )
    response = client.get("/angebote/?alter=40&q=Altersprobe")
    assert "ohne Altersangabe sind für jedes Alter offen" in response.content.decode()
    assert titles(response) == ["Altersprobe offen für alle"]


def test_a_submitted_filter_lands_at_the_results(client):
    html = client.get("/angebote/").content.decode()
    assert 'action="/angebote/#ergebnisse"' in html and 'id="ergebnisse"' in html
    html = client.get("/massnahmen/").content.decode()
    assert 'action="/massnahmen/#ergebnisse"' in html and 'id="ergebnisse"' in html
