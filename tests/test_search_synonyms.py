"""The search understands the words residents use (issue 14): a synonym list that the
Redaktion keeps in the admin expands a query by the other words of its group."""

import pytest
from django.urls import reverse

from gladbeck.synonyms import SynonymGroup, alternatives

pytestmark = pytest.mark.django_db


def hits(client, terms, kind):
    response = client.get(reverse("portal:search"), {"q": terms})
    assert response.status_code == 200
    section = {name: found for name, _label, _more, found in response.context["sections"]}
    return [getattr(hit, "title", None) or str(hit) for hit in section[kind]["hits"]]


@pytest.mark.parametrize("terms", ["Deutschkurs", "Deutsch lernen", "Integrationskurs"])
def test_residents_words_find_the_language_course_offers_and_measures(client, terms):
    assert "Integrationskurse" in hits(client, terms, "offers")
    assert "Schulen nach Räumen für Sprachkurse befragen" in hits(client, terms, "measures")


def test_a_phrase_is_replaced_inside_a_longer_query():
    group = SynonymGroup(words="Sprachkurs\nDeutschkurs\nDeutsch lernen")
    assert alternatives("Deutsch lernen für Frauen", [group]) == [
        "Sprachkurs für Frauen",
        "Deutschkurs für Frauen",
    ]
    assert alternatives("Deutschland", [group]) == []  # whole words only


def test_the_redaktion_extends_the_list_in_the_admin(client, editor):
    assert hits(client, "Elterncafé", "offers") == []
    client.force_login(editor)
    response = client.post(
        reverse("admin:gladbeck_synonymgroup_add"),
        {"words": "Elterncafé\nRucksack", "note": "Wörter aus der Elternberatung"},
    )
    assert response.status_code == 302
    client.logout()
    assert any("Rucksack" in title for title in hits(client, "Elterncafé", "offers"))


def test_the_steering_group_may_look_at_the_list_but_not_change_it(client, steering):
    client.force_login(steering)
    assert client.get(reverse("admin:gladbeck_synonymgroup_changelist")).status_code == 200
    response = client.post(reverse("admin:gladbeck_synonymgroup_add"), {"words": "a\nb"})
    assert response.status_code == 403


def test_the_text_filters_of_the_lists_understand_the_same_words(client):
    offers = client.get("/angebote/?q=Deutschkurs").context["page"].object_list
    assert "Integrationskurse" in [offer.title for offer in offers]
    measures = client.get("/massnahmen/?q=Deutschkurs").context["page"].object_list
    assert "Schulen nach Räumen für Sprachkurse befragen" in [m.title for m in measures]
