"""Citizens find measures by filters alone, and each measure page says who does what."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from gladbeck.models import District, Organisation, TargetGroup
from gladbeck.publishing import Publication
from measures.models import ActionField, Measure, ProgressEntry, Role, Stakeholder, Status
from tests.builders import bulk_create_with_relations, make_measure

pytestmark = pytest.mark.django_db


def titles(response):
    return [m.title for m in response.context["page"].object_list]


@pytest.mark.parametrize(
    "slug",
    [
        "zusammenleben-und-austausch",
        "sprache-und-bildung",
        "fortbildung-und-information",
        "arbeitsmarkt-und-beschaeftigung",
        "wohnen-und-quartier",
    ],
)
def test_the_start_page_the_list_and_the_action_field_page_count_the_same_measures(client, slug):
    """One count, one set: "19 Maßnahmen" on the start page, the list it links to and the
    action field page once counted three different sets."""
    start = {f.slug: f for f in client.get("/").context["action_fields"]}[slug]
    listed = client.get(f"/massnahmen/?handlungsfeld={slug}").context["page"].paginator.count
    page = client.get(f"/handlungsfelder/{slug}/").context["measures_by_status"]
    assert start.measure_total == listed == sum(total for _v, _l, _m, total in page)
    by_status = {value: total for value, _label, _measures, total in page}
    assert {value: n for value, _label, n in start.status_counts} == by_status


def test_the_action_field_page_shows_what_is_being_done_first(client):
    html = client.get("/handlungsfelder/sprache-und-bildung/").content.decode()
    statuses = [
        label
        for _v, label, _m, _t in client.get("/handlungsfelder/sprache-und-bildung/").context[
            "measures_by_status"
        ]
    ]
    order = ["in Umsetzung", "geplant", "Idee", "verstetigt", "umgesetzt"]
    assert statuses == [label for label in order if label in statuses]
    assert html.index('id="massnahmen"') < html.index('id="herausforderungen"')
    assert html.index('id="herausforderungen"') < html.index('id="hintergrund"')


def test_the_navigation_leads_to_the_five_action_fields(client):
    html = client.get("/").content.decode()
    assert 'href="/handlungsfelder/"' in html
    overview = client.get("/handlungsfelder/")
    assert overview.status_code == 200
    assert len(overview.context["action_fields"]) == 5
    assert 'href="/handlungsfelder/sprache-und-bildung/"' in overview.content.decode()


def test_the_start_page_counts_measures_per_status_in_each_action_field(client):
    response = client.get("/")
    fields = {f.slug: f for f in response.context["action_fields"]}
    field = ActionField.objects.get(slug="sprache-und-bildung")
    expected = Measure.objects.published().in_action_field(field).count()
    assert fields["sprache-und-bildung"].measure_total == expected
    assert dict((v, n) for v, _label, n in fields["wohnen-und-quartier"].status_counts) == {
        "idee": 1,
        "geplant": 1,
    }
    assert "Wir in Gladbeck" in response.content.decode()


def test_the_path_from_the_start_page_to_the_kita_measures_and_who_leads_them(client):
    start = client.get("/").content.decode()
    assert 'href="/handlungsfelder/sprache-und-bildung/"' in start
    field_page = client.get("/handlungsfelder/sprache-und-bildung/").content.decode()
    assert "Viele Kinder gehen nur selten oder täglich kürzer in die Kita" in field_page
    assert "/massnahmen/?herausforderung=sprache-bildung-h2" in field_page
    listing = client.get("/massnahmen/?herausforderung=sprache-bildung-h2")
    assert (
        "Eltern über die Möglichkeiten eines regelmäßigen und längeren Kita-Besuchs informieren"
        in titles(listing)
    )
    assert "federführend: Bildungsbüro" in listing.content.decode()


def test_filtering_by_action_field_includes_measures_that_belong_to_it_secondarily(client):
    response = client.get("/massnahmen/?handlungsfeld=sprache-und-bildung")
    shown = set(titles(response)) | {
        m.title for m in response.context["page"].paginator.object_list
    }
    secondary = Measure.objects.published().filter(
        further_action_fields__slug="sprache-und-bildung"
    )
    assert secondary.exists()
    assert {m.title for m in secondary} <= shown


def test_filters_combine_and_each_value_shows_how_many_measures_it_keeps(client):
    response = client.get(
        "/massnahmen/?handlungsfeld=arbeitsmarkt-und-beschaeftigung&status=geplant"
    )
    assert titles(response) == [
        "Indikatorenkatalog für Institutionen der beruflichen Qualifizierung"
    ]
    facets = {name: opts for name, _label, opts in response.context["facets"]}
    assert {o["value"]: o["count"] for o in facets["status"]} == {"geplant": 1}


def test_the_district_filter_includes_citywide_measures(client):
    brauck = District.objects.get(slug="brauck")
    local = make_measure(title="Nur in Brauck")
    local.districts.add(brauck)
    make_measure(title="In ganz Gladbeck", citywide=True)
    make_measure(title="Nur in Zweckel").districts.add(District.objects.get(slug="zweckel"))
    shown = {
        m.title
        for m in client.get("/massnahmen/?stadtteil=brauck").context["page"].paginator.object_list
    }
    assert {"Nur in Brauck", "In ganz Gladbeck"} <= shown
    assert "Nur in Zweckel" not in shown


def test_filter_by_stakeholder_level_target_group_and_text(client):
    organisation = Organisation.objects.get(slug="wirtschaftsfoerderung")
    response = client.get("/massnahmen/?akteur=wirtschaftsfoerderung")
    expected = (
        Measure.objects.published().filter(stakeholders__organisation=organisation).distinct()
    )
    assert set(titles(response)) == {m.title for m in expected}
    assert titles(client.get("/massnahmen/?ebene=land&q=Schulklassen")) == [
        "Bei der Landesregierung für kleinere Schulklassen werben"
    ]
    group = TargetGroup.objects.get(slug="unbegleitete-minderjaehrige-fluechtlinge-umf")
    shown = (
        client.get(f"/massnahmen/?zielgruppe={group.slug}").context["page"].paginator.object_list
    )
    assert {m.title for m in shown} == {m.title for m in group.measures.published()}


def test_an_unknown_filter_value_is_explained_and_ignored(client):
    response = client.get("/massnahmen/?stadtteil=atlantis&status=fertig&seite=-3")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Measure.objects.published().count()
    page = response.content.decode()
    assert "Ein Filter wurde nicht angewendet" in page


def test_sorting_by_last_change(client):
    make_measure(title="Gerade geändert")
    response = client.get("/massnahmen/?sort=aktualisiert")
    assert titles(response)[0] == "Gerade geändert"


def test_the_list_is_paginated(client):
    response = client.get("/massnahmen/?seite=2")
    assert response.context["page"].number == 2
    assert len(titles(response)) == min(20, Measure.objects.published().count() - 20)
    assert (
        client.get("/massnahmen/?seite=99999").context["page"].number
        == response.context["page"].paginator.num_pages
    )


def test_the_measure_page_shows_steps_stakeholders_by_role_and_the_timeline(client):
    measure = Measure.objects.get(slug="gladbecker-erklaerung")
    ProgressEntry.objects.create(
        measure=measure, date="2026-03-01", text="Erste Arbeitsgruppe hat getagt."
    )
    page = client.get("/massnahmen/gladbecker-erklaerung/").content.decode()
    assert "Die Benennung relevanter Punkte eines Wertekonsenses" in page
    assert "Erste Arbeitsgruppe hat getagt." in page
    assert "geplant" in page
    for stakeholder in measure.stakeholders.select_related("organisation"):
        assert stakeholder.organisation.name in page
    assert "Das Zusammenleben muss im Sinne der Willkommenskultur weiter gestärkt werden" in page
    assert "9 Stimmen" in page


def test_a_draft_measure_has_no_public_page(client):
    make_measure(slug="entwurf", publication=Publication.DRAFT)
    assert client.get("/massnahmen/entwurf/").status_code == 404


def test_the_action_field_page_ranks_challenges_with_their_votes(client):
    response = client.get("/handlungsfelder/zusammenleben-und-austausch/")
    ranked = response.context["ranked"]
    assert [c.votes for c in ranked] == [12, 11, 9, 7, 7, 7]
    assert response.context["unranked"]
    page = response.content.decode()
    assert "Befindlichkeiten" in page  # a sub-area
    assert "12 Stimmen" in page


def test_an_unknown_action_field_is_a_404(client):
    assert client.get("/handlungsfelder/gibt-es-nicht/").status_code == 404


def _bulk_measures(count, offset):
    field = ActionField.objects.get(number=2)
    lead = Organisation.objects.get(slug="bildungsbuero")
    district = District.objects.get(slug="brauck")
    group = TargetGroup.objects.get(slug="eltern")
    measures = bulk_create_with_relations(
        Measure,
        [
            Measure(
                title=f"Last {i}",
                slug=f"last-{i}",
                action_field=field,
                status=Status.PLANNED,
                publication=Publication.PUBLISHED,
            )
            for i in range(offset, offset + count)
        ],
        districts=[district],
        target_groups=[group],
        further_action_fields=[ActionField.objects.get(number=3)],
    )
    Stakeholder.objects.bulk_create(
        Stakeholder(measure=measure, organisation=lead, role=Role.LEAD) for measure in measures
    )


PAGES = [
    "/",
    "/massnahmen/",
    "/massnahmen/?handlungsfeld=sprache-und-bildung&stadtteil=brauck&zielgruppe=eltern&sort=status",
    "/handlungsfelder/sprache-und-bildung/",
    "/aenderungen/",
    "/aenderungen/feed/",
    "/stadtteile/brauck/",
    "/akteure/bildungsbuero/",
]


@pytest.mark.parametrize("url", PAGES)
def test_public_measure_pages_cost_the_same_queries_with_10_and_200_measures(client, url):
    _bulk_measures(10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _bulk_measures(190, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 12


@pytest.mark.parametrize("prefix", ["", "/tr", "/ar", "/leichte-sprache"])
def test_the_measures_list_runs_a_pinned_number_of_queries(
    client, django_assert_num_queries, prefix
):
    """Protects /massnahmen/ against a query per row. A filtered list reads its result's
    keys once (one query) so that the page and the counts do not filter again."""
    _bulk_measures(30, 0)
    with django_assert_num_queries(12):
        assert (
            client.get(f"{prefix}/massnahmen/?handlungsfeld=sprache-und-bildung").status_code == 200
        )


def _facet_counts(response, name):
    facets = {facet: opts for facet, _label, opts in response.context["facets"]}
    return {option["value"]: option["count"] for option in facets[name]}


def _filtered_count(client, query):
    return client.get(f"/massnahmen/?{query}").context["page"].paginator.count


def test_every_action_field_count_is_what_choosing_it_shows(client):
    """A measure naming its own main field among its further fields, and another field
    beside it, counts once in each: before, it was left out of the other field's count."""
    main, other = ActionField.objects.order_by("number")[:2]
    measure = make_measure(title="Zwei Felder", action_field=main)
    measure.further_action_fields.add(main, other)
    counts = _facet_counts(client.get("/massnahmen/"), "handlungsfeld")
    for field in ActionField.objects.all():
        assert counts[field.slug] == _filtered_count(client, f"handlungsfeld={field.slug}")


def test_filtered_counts_are_what_choosing_each_value_shows(client):
    """The counts of a filtered list (read once by key) agree with the lists they lead to."""
    response = client.get("/massnahmen/?handlungsfeld=sprache-und-bildung&q=und")
    assert response.context["page"].paginator.count > 0
    for name, counts in [
        ("status", _facet_counts(response, "status")),
        ("zielgruppe", _facet_counts(response, "zielgruppe")),
    ]:
        for value, count in counts.items():
            query = f"handlungsfeld=sprache-und-bildung&q=und&{name}={value}"
            assert count == _filtered_count(client, query), (name, value)


def test_a_result_too_large_to_read_by_key_gives_the_same_list_and_counts(client, monkeypatch):
    """Above MAX_RESULT_KEYS the rows are chosen in the database instead; same answer."""
    url = "/massnahmen/?handlungsfeld=sprache-und-bildung&q=e"
    by_key = client.get(url)
    monkeypatch.setattr("measures.filters.VocabularyFilterSet.MAX_RESULT_KEYS", 2)
    in_database = client.get(url)
    assert by_key.context["page"].paginator.count > 2
    assert titles(in_database) == titles(by_key)
    assert in_database.context["facets"] == by_key.context["facets"]


def test_the_stakeholder_filter_offers_those_with_most_measures_and_keeps_the_chosen_one(
    client, monkeypatch
):
    busy = Organisation.objects.create(name="Viel beteiligt", slug="viel-beteiligt")
    rare = Organisation.objects.create(name="Selten beteiligt", slug="selten-beteiligt")
    most_so_far = max(
        Organisation.objects.annotate(n=Count("measure_roles")).values_list("n", flat=True)
    )
    for n in range(most_so_far + 1):
        Stakeholder.objects.create(
            measure=make_measure(title=f"Beteiligt {n}"), organisation=busy, role=Role.PARTNER
        )
    Stakeholder.objects.create(
        measure=make_measure(title="Einmal beteiligt"), organisation=rare, role=Role.PARTNER
    )
    monkeypatch.setattr("measures.views.MAX_STAKEHOLDER_OPTIONS", 1)
    offered = _facet_counts(client.get("/massnahmen/"), "akteur")
    assert offered == {"viel-beteiligt": most_so_far + 1}
    chosen = client.get("/massnahmen/?akteur=selten-beteiligt")
    assert titles(chosen) == ["Einmal beteiligt"]
    assert "selten-beteiligt" in _facet_counts(chosen, "akteur")


def test_the_district_page_counts_what_names_the_district_and_what_is_citywide(client):
    """Counted from the link table: a measure naming two districts counts once, a city-wide
    one counts among the city-wide ones, a draft not at all."""
    brauck, zweckel = District.objects.get(slug="brauck"), District.objects.get(slug="zweckel")
    before = client.get("/stadtteile/brauck/").context
    make_measure(title="Brauck und Zweckel").districts.add(brauck, zweckel)
    make_measure(title="Nur Zweckel").districts.add(zweckel)
    make_measure(title="Überall", citywide=True)
    make_measure(title="Entwurf", publication=Publication.DRAFT).districts.add(brauck)
    after = client.get("/stadtteile/brauck/").context
    assert after["named_measures"] == before["named_measures"] + 1
    assert after["citywide_measures"] == before["citywide_measures"] + 1
    assert after["named_measures"] == Measure.objects.published().filter(districts=brauck).count()


def test_the_action_field_page_lists_its_first_indicators_and_links_to_the_rest(client):
    from monitoring.models import Indicator
    from portal.views import INDICATORS_ON_FIELD_PAGE

    field = ActionField.objects.get(slug="sprache-und-bildung")
    for n in range(INDICATORS_ON_FIELD_PAGE + 1):
        Indicator.objects.create(
            code=f"test-{n:02}", title=f"Testindikator {n}", action_field=field
        )
    response = client.get(field.get_absolute_url())
    shown = response.context["indicators"]
    assert (
        list(shown) == list(Indicator.objects.filter(action_field=field))[:INDICATORS_ON_FIELD_PAGE]
    )
    assert f'href="/monitoring/#{field.slug}">Weitere Indikatoren</a>' in response.content.decode()


def test_the_measure_page_suggests_published_offers_of_its_fields_for_its_groups(client):
    """Offers sharing an action field and a target group, each once however many they share,
    by title, at most six; drafts and offers of other fields or groups are not suggested."""
    from offers.models import Offer
    from tests.builders import make_offer

    main, further, other = ActionField.objects.order_by("number")[:3]
    women, youth = TargetGroup.objects.order_by("position")[:2]
    measure = make_measure(title="Mit passenden Angeboten", action_field=main)
    measure.further_action_fields.add(further)
    measure.target_groups.add(women, youth)
    Offer.objects.filter(action_fields__in=[main, further]).update(publication="entwurf")

    def offer(title, fields, groups, publication=Publication.PUBLISHED):
        made = make_offer(title=title, publication=publication)
        made.action_fields.add(*fields)
        made.target_groups.add(*groups)

    offer("A beide Felder, beide Gruppen", [main, further], [women, youth])
    offer("B weiteres Feld", [further], [youth])
    offer("C anderes Feld", [other], [women])
    offer("D andere Gruppe", [main], [])
    offer("E Entwurf", [main], [women], publication=Publication.DRAFT)
    for n in range(6):
        offer(f"F{n} noch eines", [main], [women])
    page = client.get(f"/massnahmen/{measure.slug}/")
    suggested = [offer.title for offer in page.context["related_offers"]]
    assert suggested == [
        "A beide Felder, beide Gruppen",
        "B weiteres Feld",
        "F0 noch eines",
        "F1 noch eines",
        "F2 noch eines",
        "F3 noch eines",
    ]
