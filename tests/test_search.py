"""One search box finds measures, challenges, offers and organisations."""

import pytest
from django.db import connection

from gladbeck.publishing import Publication
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db


def hits(client, terms, kind):
    response = client.get("/suche/", {"q": terms})
    assert response.status_code == 200
    section = {k: result for k, _label, _url, result in response.context["sections"]}[kind]
    return [str(hit) for hit in (section["hits"] if section else [])]


def test_the_search_finds_measures_challenges_offers_and_organisations(client):
    assert "Ausbau der Rucksackprogramme" in hits(client, "Rucksackprogramme", "measures")
    assert "Rucksackprogramme" in hits(client, "Rucksackprogramme", "offers")
    assert any("Kita" in h for h in hits(client, "Kita", "challenges"))
    assert "Jobcenter" in hits(client, "Jobcenter", "organisations")


def test_drafts_are_not_found(client):
    make_measure(title="Geheimer Entwurf Quokka", publication=Publication.DRAFT)
    make_offer(title="Entwurf Quokka-Angebot", publication=Publication.DRAFT)
    assert hits(client, "Quokka", "measures") == []
    assert hits(client, "Quokka", "offers") == []


def test_an_empty_or_strange_query_is_answered_calmly(client):
    assert client.get("/suche/").status_code == 200
    assert client.get("/suche/", {"q": "' OR 1=1; -- <script>"}).status_code == 200
    assert client.get("/suche/", {"q": "ا" * 5000}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="German stemming needs PostgreSQL")
def test_on_postgresql_the_search_stems_german_words(client):
    make_offer(title="Sprachkurs für Mütter", publication=Publication.PUBLISHED)
    assert "Sprachkurs für Mütter" in hits(client, "Sprachkurse", "offers")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking needs PostgreSQL")
def test_on_postgresql_the_best_match_comes_first(client):
    make_measure(
        title="Sprachförderung",
        summary="Sprachförderung in Kitas",
        publication=Publication.PUBLISHED,
    )
    make_measure(
        title="Elternarbeit", summary="auch Sprachförderung", publication=Publication.PUBLISHED
    )
    assert hits(client, "Sprachförderung", "measures")[0] == "Sprachförderung"
