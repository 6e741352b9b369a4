"""The monitoring's charts, drawn on the server by gladbeck/charts/: the SVG holds every label
and value as text, has a title and a text alternative, is well-formed, and the same chart goes
into a PDF. (The palette, the stacked chart and the two renderers: tests/test_charts.py.)"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from reportlab.graphics import renderPDF

from gladbeck.charts import Bar, bar_chart, format_number, line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def approx(value):
    return pytest.approx(value, rel=0.01)


def parse(svg):
    return ET.fromstring(str(svg))


def texts(svg):
    return [el.text for el in parse(svg).iter(f"{SVG}text")]


def bars(svg):
    return [el for el in parse(svg).iter(f"{SVG}rect")][1:]  # the first is the background


DISTRICTS = [("Alt-Rentfort", Decimal("188")), ("Mitte 1", Decimal("2033")), ("Brauck", 3159)]


def test_a_bar_chart_holds_every_label_and_value_as_text():
    svg = bar_chart("Ausländer*innen nach Stadtteil", DISTRICTS, unit="Personen").svg()
    found = texts(svg)
    for label in ("Alt-Rentfort", "Mitte 1", "Brauck", "188", "2.033", "3.159"):
        assert label in found


def test_a_chart_has_an_accessible_name_and_a_text_alternative_with_every_value():
    root = parse(bar_chart("Ausländer*innen nach Stadtteil", DISTRICTS, unit="Personen").svg("d"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "d-titel d-beschreibung"
    assert root.find(f"{SVG}title").text == "Ausländer*innen nach Stadtteil"
    description = root.find(f"{SVG}desc").text
    assert "Alt-Rentfort: 188 Personen" in description
    assert "Brauck: 3.159 Personen" in description


def test_bars_are_as_long_as_their_values():
    widths = [float(rect.get("width")) for rect in bars(bar_chart("T", DISTRICTS).svg())]
    assert widths[2] / widths[0] == approx(3159 / 188)
    assert widths[1] / widths[2] == approx(2033 / 3159)


def test_a_negative_value_is_drawn_left_of_the_zero_line():
    chart = bar_chart("Veränderung", [("weniger", -50), ("mehr", 100)])
    less, more = bars(chart.svg())
    assert float(less.get("x")) + float(less.get("width")) == approx(float(more.get("x")))


def test_a_protected_value_gets_no_bar_but_its_text():
    chart = bar_chart("Zuwachs", [Bar("Sprache", None, "< 5"), Bar("Beruf", Decimal("0.5"))])
    assert len(bars(chart.svg())) == 1
    assert "< 5" in texts(chart.svg())
    assert "Sprache: < 5" in chart.description


def test_labels_cannot_break_out_of_the_svg():
    svg = bar_chart("<b>Titel</b>", [("<script>alert(1)</script>", 1)]).svg()
    assert "<script>" not in svg
    assert "<script>alert(1)</script>" in texts(svg)


def test_long_titles_and_labels_wrap_inside_the_chart():
    label = "Mittlerer Osten (Pakistan, Iran, Afghanistan) und weitere Länder der Region"
    chart = bar_chart(
        "Ausländer*innen nach Herkunftsregion am 31.12.2017 in Gladbeck", [(label, 302)]
    )
    for el in parse(chart.svg()).iter(f"{SVG}text"):
        assert len(el.text) * int(el.get("font-size")) * 0.5 < chart.width


def test_a_time_series_puts_its_points_in_date_order_with_their_values():
    points = [
        (datetime.date(2017, 12, 31), Decimal("12132")),
        (datetime.date(2019, 12, 31), Decimal("12800")),
        (datetime.date(2021, 12, 31), Decimal("13400")),
    ]
    chart = line_chart("Ausländer*innen", points, unit="Personen")
    root = parse(chart.svg())
    xs = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # rising values are drawn higher up
    for label in ("12.132", "12.800", "13.400", "2017", "2019", "2021"):
        assert label in texts(chart.svg())
    assert "31.12.2019: 12.800 Personen" in chart.description


def test_the_time_axis_names_full_dates_when_years_repeat():
    points = [(datetime.date(2024, 3, 1), 1), (datetime.date(2024, 3, 15), 2)]
    assert "15.03.2024" in texts(line_chart("T", points).svg())


def test_a_single_value_is_a_chart_too():
    chart = line_chart("T", [(datetime.date(2017, 12, 31), 5)])
    assert "5" in texts(chart.svg())


def test_axis_ticks_are_round_numbers_covering_the_values():
    assert nice_ticks(0, 3159) == [0, 1000, 2000, 3000, 4000]
    assert nice_ticks(0, 15.6) == [0, 5, 10, 15, 20]
    assert nice_ticks(-40, 90)[0] <= -40


def test_numbers_are_written_the_german_way_with_only_the_decimals_they_need():
    assert format_number(Decimal("3159.00")) == "3.159"
    assert format_number(Decimal("15.60")) == "15,6"
    assert format_number(Decimal("0.25")) == "0,25"
    assert format_number(Decimal("77881")) == "77.881"


def test_every_svg_coordinate_is_a_plain_number():
    svg = str(
        line_chart("T", [(datetime.date(2017, 1, 1), 1), (datetime.date(2018, 1, 1), 3)]).svg()
    )
    for value in re.findall(r' (?:x|y|cx|cy|width|height)="([^"]*)"', svg):
        float(value)


def test_the_same_chart_goes_into_a_pdf():
    chart = bar_chart("Ausländer*innen nach Stadtteil", DISTRICTS, unit="Personen")
    drawing = chart.drawing()
    assert drawing.width == chart.width and drawing.height == chart.height
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
    strings = [item.text for item in drawing.contents if hasattr(item, "text")]
    assert "Brauck" in strings and "3.159" in strings
