"""The fixtures hold the concept as the 2018 text gives it (spot checks against the seed)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from gladbeck.models import ConceptText, District, Organisation
from gladbeck.publishing import Publication
from measures.models import ActionField, Challenge, Measure, Role, Status
from monitoring.models import Indicator, Observation
from offers.models import Offer
from tests.responses import body

pytestmark = pytest.mark.django_db

STICHTAG = datetime.date(2017, 12, 31)


def test_the_five_action_fields_in_their_order():
    assert list(ActionField.objects.values_list("number", "title")) == [
        (1, "Zusammenleben und Austausch"),
        (2, "Sprache und Bildung"),
        (3, "Fortbildung und Information"),
        (4, "Arbeitsmarkt und Beschäftigung"),
        (5, "Wohnen und Quartier"),
    ]


def test_every_action_field_has_its_background_text():
    for field in ActionField.objects.all():
        assert len(field.background) > 200, field.title


def test_zusammenleben_names_its_four_sub_areas():
    field = ActionField.objects.get(slug="zusammenleben-und-austausch")
    titles = list(field.sub_areas.values_list("title", flat=True))
    assert len(titles) == 4
    assert titles[0] == "Befindlichkeiten"


@pytest.mark.parametrize(
    ("field", "votes", "ranks"),
    [
        ("zusammenleben-und-austausch", [12, 11, 9, 7, 7, 7], [1, 2, 3, 4, 4, 4]),
        ("sprache-und-bildung", [18, 14, 14, 12, 12], [1, 2, 2, 4, 4]),
        ("arbeitsmarkt-und-beschaeftigung", [6, 6, 6, 6, 6], [1, 1, 1, 1, 1]),
        ("fortbildung-und-information", [6, 5, 5, 5], [1, 2, 2, 2]),
    ],
)
def test_the_ranked_challenges_keep_their_votes_and_share_a_rank_on_equal_votes(
    field, votes, ranks
):
    # §4.1 gives the votes ("(14 Stimmen)" twice in Sprache und Bildung): equal votes are one
    # place, counted as in a competition ("1, 2, 2, 4"); the concept's own listing order stays
    # in ``position``.
    ranked = Challenge.objects.ranked().filter(action_field__slug=field)
    assert list(ranked.values_list("votes", flat=True)) == votes
    assert list(ranked.values_list("rank", flat=True)) == ranks
    assert list(ranked.values_list("position", flat=True)) == list(range(1, len(votes) + 1))


def test_arbeitsmarkt_und_beschaeftigung_weighted_all_its_challenges_equally():
    # §4.4: "Auffällig bei der Priorisierung in diesem Handlungsfeld war, dass sämtliche
    # benannten Herausforderungen gleichgewichtet wurden." (§4.1: five times "(6 Stimmen)")
    ranked = Challenge.objects.ranked().filter(action_field__slug="arbeitsmarkt-und-beschaeftigung")
    assert set(ranked.values_list("rank", "votes")) == {(1, 6)}
    assert all(c.shares_rank for c in ranked.with_shared_rank())


def test_only_challenges_with_equal_votes_are_marked_as_sharing_their_rank():
    # §4.1: "Vorurteile und Diskriminierungsstrukturen ... (12 Stimmen)" stands alone;
    # "Hate-Speech an Schulen nimmt zu (7 Stimmen)" shares the 7 votes with two others.
    shares = dict(Challenge.objects.with_shared_rank().values_list("slug", "shares_rank"))
    assert shares["zusammenleben-h1"] is False
    assert shares["zusammenleben-h6"] is True
    assert shares["sprache-bildung-h1"] is False
    assert shares["sprache-bildung-h2"] is shares["sprache-bildung-h3"] is True
    assert shares["wohnen-zentral"] is False


@pytest.mark.parametrize(
    ("slug", "wording"),
    [
        (
            "zusammenleben-h1",
            "Vorurteile und Diskriminierungsstrukturen sind in der Gesellschaft noch viel zu "
            "stark vorhanden.",
        ),
        ("zusammenleben-h6", "Hate-Speech an Schulen nimmt zu"),
        (
            "sprache-bildung-h2",
            "Viele Kinder gehen nur selten oder täglich kürzer in die Kita, als sie könnten. "
            "Hierdurch werden Sprachförderung und Integration erschwert.",
        ),
        ("sprache-bildung-h5", "Die Schulklassen sind zu groß. Das überfordert Lehrer und Kinder."),
        ("arbeitsmarkt-h1", "Jugendliche und Erwachsene hängen dauerhaft in „Warteschleifen“."),
        ("fortbildung-h4", "Transparenz vorhandener Angebote/ Informationsmanagement"),
    ],
)
def test_ranked_challenges_keep_their_exact_wording(slug, wording):
    assert Challenge.objects.get(slug=slug).wording == wording


def test_sprache_und_bildung_is_led_by_the_coordinating_office_with_18_votes():
    top = Challenge.objects.get(action_field__slug="sprache-und-bildung", rank=1)
    assert top.votes == 18
    assert top.wording.startswith("Es fehlt an einer koordinierenden Stelle")


def test_wohnen_has_its_one_central_challenge_without_a_vote():
    central = Challenge.objects.get(slug="wohnen-zentral")
    assert central.is_central
    assert central.rank is None and central.votes is None
    assert "Wohnsituation" in central.wording


def test_the_analysis_adds_unranked_challenges_in_every_action_field():
    for field in ActionField.objects.all():
        assert field.challenges.unranked().exists(), field.title


def test_the_gladbecker_erklaerung_has_its_three_first_steps():
    measure = Measure.objects.get(title__icontains="Gladbecker Erklärung")
    steps = list(measure.steps.values_list("text", flat=True))
    assert len(steps) == 3
    assert steps[0] == (
        "Die Benennung relevanter Punkte eines Wertekonsenses im Rahmen der Konzepterstellung "
        "(„Wir in Gladbeck“)"
    )
    assert measure.challenges.filter(slug="zusammenleben-h3").exists()


def test_the_stadtteileltern_work_in_innenstadt_and_butendorf():
    measure = Measure.objects.get(title__icontains="Stadtteileltern")
    assert set(measure.districts.values_list("slug", flat=True)) >= {"butendorf"}
    assert measure.stakeholders.filter(organisation__slug="reinit-ev").exists()


def test_the_round_table_on_housing_addresses_the_central_challenge():
    measure = Measure.objects.get(
        action_field__slug="wohnen-und-quartier", title__icontains="Tisch"
    )
    assert measure.challenges.filter(slug="wohnen-zentral").exists()


def test_the_image_campaign_is_led_by_the_economic_development_office():
    measure = Measure.objects.get(slug="imagekampagne-zur-berufsorientierung")
    lead = measure.stakeholders.filter(role=Role.LEAD).values_list("organisation__slug", flat=True)
    assert "wirtschaftsfoerderung" in lead


def test_measure_ideas_from_the_analysis_are_ideas():
    ideas = Measure.objects.filter(concept_section__startswith="§2")
    assert ideas.exists()
    assert set(ideas.values_list("status", flat=True)) == {Status.IDEA}


def test_no_measure_claims_progress_the_concept_does_not_record():
    assert not Measure.objects.exclude(progress=0).exists()
    assert set(Measure.objects.values_list("status", flat=True)) <= {Status.IDEA, Status.PLANNED}


def test_some_measures_are_advocacy_towards_land_or_bund():
    assert Measure.objects.filter(level__in=["land", "bund"]).exists()


def test_all_content_is_published():
    assert not Measure.objects.drafts().exists()
    assert not Offer.objects.drafts().exists()
    assert Measure.objects.count() >= 25


def test_the_ten_districts():
    assert list(District.objects.values_list("name", flat=True)) == [
        "Alt-Rentfort",
        "Schultendorf",
        "Ellinghorst",
        "Mitte 1",
        "Mitte 2",
        "Rentfort-Nord",
        "Rosenhügel",
        "Zweckel",
        "Butendorf",
        "Brauck",
    ]


def test_population_and_foreign_residents_on_31_12_2017():
    def citywide(code):
        return Observation.objects.get(
            indicator__code=code, reference_date=STICHTAG, district=None, breakdown=""
        ).value

    assert citywide("bev-einwohner") == 77881
    assert citywide("bev-auslaender") == 12132
    assert citywide("bev-auslaenderanteil") == Decimal("15.6")


def test_foreign_residents_per_district_add_up_to_the_city_total():
    per_district = dict(
        Observation.objects.filter(
            indicator__code="bev-auslaender", reference_date=STICHTAG, district__isnull=False
        ).values_list("district__name", "value")
    )
    assert per_district["Brauck"] == 3159
    assert per_district["Alt-Rentfort"] == 188
    assert len(per_district) == 10
    assert sum(per_district.values()) == 12132


def test_the_quality_indicators_for_qualification_programmes():
    catalogue = Indicator.objects.filter(scope=Indicator.Scope.PROGRAMME)
    assert catalogue.filter(code="q-vermittlungsquote").exists()
    assert catalogue.filter(code="q-abbrecherquote").exists()
    assert catalogue.count() >= 10


def test_named_offers_exist_without_invented_contact_data():
    assert Offer.objects.filter(title__icontains="Rucksack").exists()
    assert Offer.objects.filter(title__icontains="Griffbereit").exists()
    for offer in Offer.objects.all():
        assert (offer.email, offer.phone, offer.address, offer.website) == ("", "", "", ""), offer
    for organisation in Organisation.objects.all():
        assert (organisation.email, organisation.phone, organisation.address) == ("", "", "")


def test_the_concept_texts_are_there():
    keys = set(ConceptText.objects.values_list("key", flat=True))
    assert keys >= {"vorwort", "prozess", "leitbild", "leitbild-leichte-sprache", "fazit"}
    easy = ConceptText.objects.get(key="leitbild-leichte-sprache").body
    assert easy.startswith("Gladbeck ist eine vielfältige und offene Gesellschaft.")


def test_every_published_record_is_marked_published():
    assert set(Measure.objects.values_list("publication", flat=True)) == {Publication.PUBLISHED}


GLEICHGEWICHTET = (
    "Alle priorisierten Herausforderungen dieses Handlungsfelds wurden gleich gewichtet"
)


def test_the_action_field_page_gives_equally_weighted_challenges_one_rank_and_says_so(client):
    # §4.4: "... dass sämtliche benannten Herausforderungen gleichgewichtet wurden."
    url = reverse("portal:action_field", args=["arbeitsmarkt-und-beschaeftigung"])
    response = client.get(url)
    page = response.content.decode()
    assert GLEICHGEWICHTET in page
    assert page.count("Rang 1 (gleich gewichtet):") == 5
    assert "Rang 2" not in page


def test_the_action_field_page_shares_a_rank_between_equal_votes_only(client):
    # §4.1: "Herausforderung 2 ... (14 Stimmen)", "Herausforderung 3 ... (14 Stimmen)"
    page = client.get(reverse("portal:action_field", args=["sprache-und-bildung"])).content
    page = page.decode()
    assert "Rang 1:" in page
    assert page.count("Rang 2 (gleich gewichtet):") == 2
    assert page.count("Rang 4 (gleich gewichtet):") == 2
    assert "Rang 3" not in page and "Rang 5" not in page
    assert GLEICHGEWICHTET not in page


def test_the_concept_document_ranks_equally_weighted_challenges_alike(client):
    # §4.4: "sämtliche benannten Herausforderungen gleichgewichtet"
    html = client.get(reverse("concept:current")).content.decode()
    part = html[html.index("Priorisierte Herausforderungen: Arbeitsmarkt und Beschäftigung") :]
    part = part[: part.index("</table>")]
    assert part.count("<td>1 (gleich gewichtet)</td>") == 5
    assert "<td>2" not in part
    assert GLEICHGEWICHTET in html


def test_the_status_report_gives_tied_challenges_one_rank_in_html_pdf_and_xlsx(client, steering):
    # §4.1: "Hate-Speech an Schulen nimmt zu (7 Stimmen)" shares its 7 votes with two others.
    client.force_login(steering)
    url = reverse("measures:status_report")
    html = client.get(url).content.decode()
    assert html.count('<li value="1">') >= 6  # Zusammenleben's first and Arbeitsmarkt's five
    assert "gleich gewichtet" in html and GLEICHGEWICHTET in html

    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    rows = list(book["Herausforderungen"].iter_rows(min_row=2, values_only=True))
    arbeit = [row for row in rows if row[0] == "Arbeitsmarkt und Beschäftigung"]
    assert [(row[1], row[2]) for row in arbeit] == [(1, "ja")] * 5

    pdf = PdfReader(io.BytesIO(client.get(url + "?format=pdf").content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "4 (gleich gewichtet)" in text and "1 (gleich gewichtet)" in text
    assert GLEICHGEWICHTET in text


def test_the_open_data_challenges_say_which_share_their_rank(client):
    # §4.1 "(6 Stimmen)" five times in Arbeit und Beschäftigung: one place, marked as shared.
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(client.get(reverse("opendata:csv", args=["herausforderungen"]))).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    arbeit = [row for row in rows if row["handlungsfeld"] == "arbeitsmarkt-und-beschaeftigung"]
    ranked = [row for row in arbeit if row["rang"]]
    assert {(row["rang"], row["gleich_gewichtet"]) for row in ranked} == {("1", "true")}


def stakeholders_of(slug):
    measure = Measure.objects.get(slug=slug)
    return {s.organisation.name: (s.role, s.note) for s in measure.stakeholders.all()}


def test_the_bundle_for_childrens_and_youth_work_names_the_institutions_of_youth_work():
    # §2.5.3: "Hier seien alle wichtigen Stakeholder*innen im Bereich der Jugendarbeit gefragt:
    # Jugendeinrichtungen, freie Träger, Kirchengemeinden, Begegnungszentren. Auch
    # Familienzentren, Schulen und Kitas seien in ihrer Multiplikatorenfunktion relevant."
    # §2.6.3: "... andererseits bei Veranstaltungen des Jugendrats."
    stakeholders = stakeholders_of("massnahmenbuendel-staerkung-der-kinder-und-jugendarbeit")
    youth_work = ["Jugendeinrichtungen", "freie Träger", "Kirchengemeinden", "Begegnungszentren"]
    multipliers = ["Familienzentren", "Schulen", "Kitas"]
    assert set(stakeholders) == {*youth_work, *multipliers, "Jugendrat"}
    assert {stakeholders[name][0] for name in stakeholders} == {Role.TO_INVOLVE}
    for name in youth_work:
        assert "Stakeholder*innen im Bereich der Jugendarbeit" in stakeholders[name][1]
    for name in multipliers:
        assert "Multiplikatorenfunktion" in stakeholders[name][1]


def test_politicians_advertise_smaller_classes_to_the_state_government():
    # §4.3: "Vielmehr gelte es, dass Stakeholder*innen, insbesondere Politiker*innen, auf Basis
    # des Integrationskonzepts bei der Landesregierung und weiteren zuständigen Stellen für
    # kleinere Schulklassen werben."
    stakeholders = stakeholders_of("bei-der-landesregierung-fuer-kleinere-schulklassen-werben")
    assert list(stakeholders) == ["Politiker*innen"]
    role, note = stakeholders["Politiker*innen"]
    assert role == Role.PARTNER and "bei der Landesregierung" in note
    politicians = Organisation.objects.get(name="Politiker*innen")
    assert (politicians.email, politicians.phone, politicians.address) == ("", "", "")


def test_the_intercultural_trainings_involve_the_institutions_where_their_audience_works():
    # §4.5: "Stakeholder*innen sind alle Institutionen, bei denen Haupt- und Ehrenamtler*innen
    # angesiedelt sind, die Bedarf für diese Fortbildungen haben." and "Hauptamtler*innen aus
    # dem gesamten sozialen Bereich inkl. Kita und Schule"
    stakeholders = stakeholders_of("fortbildungen-zur-interkulturellen-kompetenz")
    assert set(stakeholders) == {
        "Institutionen, bei denen Haupt- und Ehrenamtler*innen angesiedelt sind",
        "Kitas",
        "Schulen",
    }
    assert {role for role, _note in stakeholders.values()} == {Role.TO_INVOLVE}
    assert (
        "Bedarf für diese Fortbildungen"
        in stakeholders["Institutionen, bei denen Haupt- und Ehrenamtler*innen angesiedelt sind"][1]
    )


def test_the_2015_arrivals_of_refugees_are_in_the_monitoring_baseline():
    # §2.2.5: "... gab es wie in Gesamtdeutschland 2015 einen deutlichen Sprung: während bis
    # zum September 2015 256 Personen nach Gladbeck kamen, folgten bis Jahresende weitere
    # 585 Personen."
    indicator = Indicator.objects.get(code="gefluechtete-zugaenge")
    assert indicator.concept_section == "2.2.5"
    values = dict(
        indicator.observations.filter(district=None, breakdown="").values_list(
            "reference_date", "value"
        )
    )
    assert values == {
        datetime.date(2015, 9, 30): Decimal("256"),
        datetime.date(2015, 12, 31): Decimal("841"),
    }
    year_end = indicator.observations.get(reference_date=datetime.date(2015, 12, 31))
    assert "bis Jahresende weitere 585 Personen" in year_end.note
    september = indicator.observations.get(reference_date=datetime.date(2015, 9, 30))
    assert "bis zum September 2015 256 Personen" in september.note


SURVEY_END = datetime.date(2018, 2, 28)


def test_the_survey_results_are_dated_by_the_survey_period_not_by_the_kick_off_conference():
    # §2.1: "... einer quantitativen und qualitativen Umfrage ..., die im Januar und Februar
    # 2018 durchgeführt wurde." The kick-off (§1: "wurde am 28.02.2018 eine Auftaktveranstaltung
    # durchgeführt") falls on the same last day of February but
    # is another event: the reference date is the end of the survey period, and each value says so.
    survey = Observation.objects.filter(indicator__code__startswith="umfrage-")
    assert survey.count() == 15
    assert set(survey.values_list("reference_date", flat=True)) == {SURVEY_END}
    for observation in survey:
        assert observation.note.startswith("Befragungszeitraum Januar und Februar 2018"), (
            observation.indicator.code
        )
        assert "Ende des Befragungszeitraums" in observation.note


def test_a_measure_page_says_its_challenge_shares_its_rank(client):
    # §4.1: "Herausforderung 2 Es fehlt an einem Controlling, ... (6 Stimmen)", like all five
    # challenges of the field, which §4.4 calls "gleichgewichtet".
    slug = "indikatorenkatalog-fuer-institutionen-der-beruflichen-qualifizierung"
    url = reverse("portal:measure", args=[slug])
    page = client.get(url).content.decode()
    assert "Rang 1, 6 Stimmen, gleich gewichtet" in page
    assert "Rang 2" not in page


def test_equally_weighted_challenges_are_an_unordered_list_on_the_action_field_page(client):
    # §4.4: "sämtliche benannten Herausforderungen gleichgewichtet": no order to announce.
    page = client.get(reverse("portal:action_field", args=["arbeitsmarkt-und-beschaeftigung"]))
    html = page.content.decode()
    part = html[html.index('id="herausforderungen"') :]
    assert part.index('<ul class="results">') < part.index("Rang 1 (gleich gewichtet)")
    other = client.get(reverse("portal:action_field", args=["sprache-und-bildung"]))
    assert '<ol class="results">' in other.content.decode()
