"""The public monitoring: the overview by action field, an indicator's page with its chart,
the same numbers as a table and as CSV, baseline and target, and the district comparison."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from gladbeck.models import District
from gladbeck.publishing import Publication
from measures.models import ActionField
from monitoring.districts import district_values
from monitoring.models import Indicator, Observation, QualitativeAssessment
from tests.builders import make_measure

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
BASELINE = datetime.date(2017, 12, 31)


# Reading pages


def svg_of(html, index=0):
    start = html.index("<svg", 0)
    for _ in range(index):
        start = html.index("<svg", start + 1)
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def svg_texts(root):
    return [el.text for el in root.iter(f"{SVG}text")]


class TableParser(HTMLParser):
    """The body rows of the first table on the page, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._in_body, self._done = [], None, None, False, False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody" and self._in_body:
            self._in_body, self._done = False, True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html):
    parser = TableParser()
    parser.feed(html)
    return parser.rows


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte order mark
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def make_indicator(code="test-ind", **fields):
    fields.setdefault("title", f"Testindikator {code}")
    fields.setdefault("unit", "Personen")
    return Indicator.objects.create(code=code, **fields)


def observe(indicator, day, value, district=None, breakdown="", breakdown_value=""):
    return Observation.objects.create(
        indicator=indicator,
        reference_date=day,
        value=value,
        district=district,
        breakdown=breakdown,
        breakdown_value=breakdown_value,
    )


# The overview


def test_the_overview_groups_the_indicators_by_action_field(client):
    html = client.get("/monitoring/").content.decode()
    for field in ActionField.objects.all():
        assert f'id="{field.slug}"' in html
    living_together = html.index('id="zusammenleben-und-austausch"')
    language = html.index('id="sprache-und-bildung"')
    survey = html.index("Menschen unterschiedlicher Herkunft leben gerne in Gladbeck")
    assert living_together < survey < language
    assert html.index('id="rahmendaten"') < html.index("Menschen mit ausländischem Pass")


def test_the_overview_shows_each_indicators_latest_value(client):
    html = client.get("/monitoring/").content.decode()
    assert "12.132 Personen" in html
    assert "15,6 %" in html
    assert "Stichtag 31.12.2017" in html


def test_the_overview_names_a_rise_in_the_desired_direction(client):
    indicator = Indicator.objects.get(code="umfrage-leben-gerne")
    observe(indicator, datetime.date(2022, 2, 28), 94)
    html = client.get("/monitoring/").content.decode()
    entry = html[html.index(indicator.title) :][:2500]
    assert "94 %" in entry
    assert "gestiegen seit 28.02.2018" in entry
    assert "in der gewünschten Richtung" in entry


def test_the_overview_names_a_change_against_the_desired_direction(client):
    indicator = Indicator.objects.get(code="umfrage-leben-gerne")
    observe(indicator, datetime.date(2022, 2, 28), 80)
    html = client.get("/monitoring/").content.decode()
    entry = html[html.index(indicator.title) :][:2500]
    assert "gesunken" in entry
    assert "entgegen der gewünschten Richtung" in entry


def test_the_overview_lists_the_quality_indicators_of_the_qualification_programmes(client):
    html = client.get("/monitoring/").content.decode()
    section = html[html.index('id="qualifizierung"') :]
    assert "Vermittlungsquote in Arbeit" in section
    assert "/monitoring/qualitaet/" in section


def _many_indicators(start, count):
    field = ActionField.objects.get(number=2)
    for n in range(start, start + count):
        indicator = make_indicator(f"viele-{n}", action_field=field)
        for year in range(2018, 2022):
            observe(indicator, datetime.date(year, 12, 31), n + year)
        observe(indicator, BASELINE, n, district=District.objects.first())
        QualitativeAssessment.objects.create(indicator=indicator, date=BASELINE, text="…", rating=4)


@pytest.mark.parametrize("prefix", ["", "/tr", "/ar"])
def test_the_overview_runs_a_fixed_number_of_queries(client, django_assert_num_queries, prefix):
    """Protects /monitoring/ against a query per indicator or observation, in every language."""
    _many_indicators(1, 2)
    with django_assert_num_queries(3):
        assert client.get(f"{prefix}/monitoring/").status_code == 200
    _many_indicators(100, 60)
    with django_assert_num_queries(3):
        assert client.get(f"{prefix}/monitoring/").status_code == 200


# The 2017 baseline by district


def test_foreign_residents_by_district_on_31_12_2017_show_as_bars(client):
    html = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile").content.decode()
    chart = svg_of(html)
    texts = svg_texts(chart)
    assert "Brauck" in texts and "3.159" in texts
    assert "Alt-Rentfort" in texts and "188" in texts
    assert len(texts) > 10
    assert len([r for r in chart.iter(f"{SVG}rect")]) == 1 + 10  # background and ten bars
    assert "31.12.2017" in chart.find(f"{SVG}title").text
    assert "Brauck: 3.159 Personen" in chart.find(f"{SVG}desc").text


def test_the_baseline_table_holds_the_same_numbers_as_the_chart(client):
    html = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile").content.decode()
    rows = table_rows(html)
    assert ["Brauck", "3.159"] in rows and ["Alt-Rentfort", "188"] in rows
    texts = svg_texts(svg_of(html))
    assert len(rows) == 10
    for label, value in rows:
        assert texts[texts.index(label) + 1] == value


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/bev-auslaender-herkunft/",
        "/monitoring/bev-auslaender-alter/",
        "/monitoring/gefluechtete/?ansicht=aufenthaltsstatus",
        "/monitoring/umfrage-angebotsannahme/",
    ],
)
def test_every_breakdown_table_holds_the_same_numbers_as_its_chart(client, url):
    html = client.get(url).content.decode()
    chart = svg_texts(svg_of(html))
    rows = table_rows(html)
    assert rows
    for row in rows:
        label, value = row[0], row[1]
        assert label in " ".join(chart)
        assert value in chart


def test_a_time_series_shows_as_a_line_with_the_table_of_its_dates(client):
    indicator = Indicator.objects.get(code="bev-auslaender")
    observe(indicator, datetime.date(2019, 12, 31), 12800)
    html = client.get("/monitoring/bev-auslaender/").content.decode()
    chart = svg_of(html)
    assert len(list(chart.iter(f"{SVG}polyline"))) == 1
    assert table_rows(html) == [["31.12.2017", "12.132"], ["31.12.2019", "12.800"]]
    assert {"12.132", "12.800"} <= set(svg_texts(chart))


def test_each_view_and_date_is_a_link(client):
    indicator = Indicator.objects.get(code="bev-auslaender")
    brauck = District.objects.get(slug="brauck")
    observe(indicator, datetime.date(2019, 12, 31), 3300, district=brauck)
    html = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile").content.decode()
    assert 'href="?ansicht=zeitreihe"' in html
    assert "ansicht=stadtteile&amp;stichtag=2017-12-31" in html
    older = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile&stichtag=2017-12-31")
    assert ["Brauck", "3.159"] in table_rows(older.content.decode())
    newer = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile")
    assert table_rows(newer.content.decode()) == [["Brauck", "3.300"]]


def test_unknown_views_and_dates_fall_back_to_the_default(client):
    for query in (
        "?ansicht=quatsch",
        "?stichtag=gestern",
        "?ansicht=stadtteile&stichtag=1999-01-01",
    ):
        response = client.get(f"/monitoring/bev-auslaender/{query}")
        assert response.status_code == 200
        assert ["Brauck", "3.159"] in table_rows(response.content.decode())


# Downloads


def test_the_csv_download_holds_exactly_the_numbers_of_the_table(client):
    page = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile").content.decode()
    response = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "monitoring-bev-auslaender-stadtteile-2017-12-31.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [(r["stadtteil"], r["wert"]) for r in rows] == [
        (label, value.replace(".", "")) for label, value in table_rows(page)
    ]
    values = [int(r["wert"]) for r in rows]
    assert values == sorted(values, reverse=True)  # compared by value, the largest first
    brauck = next(r for r in rows if r["stadtteil"] == "Brauck")
    assert brauck == {
        "indikator": "bev-auslaender",
        "stichtag": "2017-12-31",
        "stadtteil": "Brauck",
        "aufschluesselung": "",
        "auspraegung": "",
        "wert": "3159",
        "einheit": "Personen",
        "anmerkung": "",
    }


def test_the_csv_of_a_breakdown_names_it_and_keeps_decimals_machine_readable(client):
    indicator = make_indicator("anteil", unit="%")
    observe(
        indicator, BASELINE, Decimal("15.60"), breakdown="altersgruppe", breakdown_value="0 bis 6"
    )
    rows = read_csv(client.get("/monitoring/anteil/?format=csv"))
    assert rows == [
        {
            "indikator": "anteil",
            "stichtag": "2017-12-31",
            "stadtteil": "",
            "aufschluesselung": "Altersgruppe",
            "auspraegung": "0 bis 6",
            "wert": "15.6",
            "einheit": "%",
            "anmerkung": "",
        }
    ]


def test_the_chart_can_be_downloaded_as_svg(client):
    response = client.get("/monitoring/bev-auslaender/?ansicht=stadtteile&format=svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "Brauck" in svg_texts(ET.fromstring(response.content))


def test_an_indicator_without_values_has_no_download_but_a_page(client):
    make_indicator("leer")
    assert client.get("/monitoring/leer/").status_code == 200
    assert "noch keine Werte" in client.get("/monitoring/leer/").content.decode()
    assert client.get("/monitoring/leer/?format=csv").status_code == 404


def test_an_unknown_indicator_is_not_found(client):
    assert client.get("/monitoring/gibt-es-nicht/").status_code == 404


# The indicator page


def test_the_page_names_definition_unit_source_periodicity_direction_baseline_and_target(client):
    indicator = Indicator.objects.get(code="umfrage-leben-gerne")
    indicator.target_value, indicator.target_year = 95, 2028
    indicator.save()
    html = client.get(indicator.get_absolute_url()).content.decode()
    for text in (
        "eher bzw. voll und ganz zustimmten",
        "Quantitative Online-Umfrage",
        "einmalig",
        "steigend",
        "91 % (2018)",
        "95 % (bis 2028)",
    ):
        assert text in html


def test_a_value_on_the_path_to_the_target_is_on_track(client):
    indicator = Indicator.objects.get(code="umfrage-leben-gerne")  # 91 % in 2018, rising
    indicator.target_value, indicator.target_year = 95, 2028
    indicator.save()
    observe(indicator, datetime.date(2023, 2, 28), 93)
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "+2 %" in html
    assert "in der gewünschten Richtung" in html
    assert "auf Kurs zum Ziel" in html


def test_progress_is_measured_against_the_straight_path_to_the_target():
    indicator = Indicator(
        baseline_value=100,
        baseline_year=2018,
        target_value=80,
        target_year=2028,
        desired_direction=Indicator.Direction.DOWN,
    )
    halfway = indicator.progress(Decimal(92), datetime.date(2023, 12, 31))
    assert halfway.expected == 90
    assert halfway.change == -8 and halfway.desired is True
    assert halfway.on_track is False and str(halfway.status) == "nicht auf Kurs zum Ziel"
    assert indicator.progress(Decimal(89), datetime.date(2023, 12, 31)).on_track is True
    late = indicator.progress(Decimal(79), datetime.date(2029, 12, 31))
    assert str(late.status) == "Ziel erreicht"
    assert str(indicator.progress(Decimal(81), datetime.date(2028, 1, 1)).status) == (
        "Ziel nicht erreicht"
    )
    assert indicator.progress(Decimal(99), datetime.date(2018, 12, 31)) is None  # the baseline


def test_without_a_target_only_the_change_and_its_direction_are_judged():
    indicator = Indicator(baseline_value=35, baseline_year=2018, desired_direction="steigend")
    progress = indicator.progress(Decimal(30), datetime.date(2020, 1, 1))
    assert progress.desired is False and progress.on_track is None and progress.status is None
    assert progress.change_percent == Decimal("-14.3")


def test_qualitative_assessments_show_with_date_and_rating(client):
    indicator = Indicator.objects.get(code="q-personal-interkulturell")
    QualitativeAssessment.objects.create(
        indicator=indicator, date=datetime.date(2026, 3, 1), text="Fortbildungen laufen.", rating=4
    )
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "01.03.2026: eher positiv" in html
    assert "4 von 5" in html
    assert "Fortbildungen laufen." in html


def test_only_published_measures_appear_on_an_indicator_page(client):
    indicator = Indicator.objects.get(code="bev-auslaender")
    public = make_measure(title="Öffentliche Testmaßnahme")
    draft = make_measure(title="Geheimer Entwurf", publication=Publication.DRAFT)
    indicator.measures.add(public, draft)
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert "Öffentliche Testmaßnahme" in html
    assert "Geheimer Entwurf" not in html


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_indicator_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, prefix
):
    """Protects /monitoring/<code>/ against a query per observation or assessment."""
    indicator = Indicator.objects.get(code="bev-auslaender")
    indicator.measures.add(make_measure())
    url = f"{prefix}/monitoring/bev-auslaender/?ansicht=stadtteile"
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    districts = list(District.objects.all())
    for year in range(1950, 2017):
        observe(indicator, datetime.date(year, 12, 31), year)
        for district in districts:
            observe(indicator, datetime.date(year, 12, 31), year % 100, district=district)
        QualitativeAssessment.objects.create(
            indicator=indicator, date=datetime.date(year, 1, 1), text="…"
        )
    indicator.measures.add(*(make_measure() for _ in range(5)))
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_no_indicator_may_take_the_code_of_a_monitoring_page():
    with pytest.raises(ValidationError):
        Indicator(code="qualitaet", title="x").full_clean()


# District comparison for the district pages


def test_district_values_give_a_districts_value_share_and_rank():
    brauck = District.objects.get(slug="brauck")
    values = district_values(brauck)
    foreign = next(v for v in values if v.indicator.code == "bev-auslaender")
    assert foreign.value == 3159
    assert foreign.reference_date == BASELINE
    assert foreign.citywide == 12132
    assert foreign.share == Decimal("26.0")
    assert (foreign.rank, foreign.district_count) == (1, 10)
    assert foreign.url == "/monitoring/bev-auslaender/?ansicht=stadtteile&stichtag=2017-12-31"
    alt_rentfort = district_values(District.objects.get(slug="alt-rentfort"))
    assert next(v for v in alt_rentfort if v.indicator.code == "bev-auslaender").rank == 10


def test_district_values_take_the_latest_date_the_district_has_a_value_for():
    indicator = Indicator.objects.get(code="bev-auslaender")
    brauck, zweckel = District.objects.get(slug="brauck"), District.objects.get(slug="zweckel")
    observe(indicator, datetime.date(2019, 12, 31), 3300, district=brauck)
    brauck_value = next(v for v in district_values(brauck) if v.indicator == indicator)
    assert (brauck_value.value, brauck_value.district_count) == (3300, 1)
    zweckel_value = next(v for v in district_values(zweckel) if v.indicator == indicator)
    assert zweckel_value.reference_date == BASELINE


def test_the_district_chart_highlights_the_district():
    brauck = District.objects.get(slug="brauck")
    value = next(v for v in district_values(brauck) if v.indicator.code == "bev-auslaender")
    svg = ET.fromstring(str(value.chart().svg()))
    bold = [el.text for el in svg.iter(f"{SVG}text") if el.get("font-weight") == "700"]
    assert "Brauck" in bold and "Zweckel" not in bold


def test_the_district_values_include_renders_chart_and_table():
    brauck = District.objects.get(slug="brauck")
    html = render_to_string(
        "monitoring/includes/district_values.html",
        {"values": district_values(brauck), "district": brauck},
    )
    assert "Menschen mit ausländischem Pass" in html
    assert "3.159" in html and "26,0 %" in html
    assert ["Brauck", "3.159"] in table_rows(html)
    assert 'id="diagramm-bev-auslaender-brauck-titel"' in html


def test_district_values_cost_three_queries_whatever_the_number_of_values(
    django_assert_num_queries,
):
    brauck = District.objects.get(slug="brauck")
    with django_assert_num_queries(3):
        district_values(brauck)
    districts = list(District.objects.all())
    for n in range(30):
        indicator = make_indicator(f"stadtteil-{n}")
        for year in (2018, 2019, 2020):
            observe(indicator, datetime.date(year, 12, 31), n)
            for district in districts:
                observe(indicator, datetime.date(year, 12, 31), n + district.pk, district=district)
    with django_assert_num_queries(3):
        values = district_values(brauck)
    assert len(values) > 30


def test_the_district_page_shows_its_figures_a_page_at_a_time_in_fixed_queries(
    client, django_assert_num_queries
):
    """However many indicators the city keeps, the page renders one page of them: the cost
    of the page does not grow with the monitoring."""
    districts = list(District.objects.all())
    for n in range(40):
        indicator = make_indicator(f"stadtteil-{n:02}")
        observe(indicator, datetime.date(2020, 12, 31), n)
        for district in districts:
            observe(indicator, datetime.date(2020, 12, 31), n + district.pk, district=district)
    with django_assert_num_queries(8):
        first = client.get("/stadtteile/brauck/").content.decode()
    assert "Seite 1 von 2" in first
    assert first.count('class="chart-figure"') == 8
    assert 'href="?seite=2#zahlen"' in first
    with django_assert_num_queries(8):
        second = client.get("/stadtteile/brauck/?seite=2").content.decode()
    assert "Seite 2 von 2" in second
    shown = {
        n for n in range(40) for page in (first, second) if f"/monitoring/stadtteil-{n:02}/" in page
    }
    assert shown == set(range(40))
