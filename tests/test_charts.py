"""The portal's one chart engine (gladbeck/charts/): a palette whose every pairing meets WCAG 2.1
AA and that the style sheets follow, a stacked bar chart from plain data, and the SVG of a page
and the drawing of a PDF showing the same bars for the same data. (The bar and line charts of
the monitoring: tests/test_monitoring_charts.py.)"""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics import shapes as rl

from gladbeck.charts import palette, stacked_bar_chart
from gladbeck.charts.palette import contrast_ratio
from measures import report_pdf
from measures.models import Status
from measures.reports import STATUS_COLOURS, build_status_report, chart_layout, chart_svg

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HEX = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def full_hex(colour):
    colour = colour.lower()
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def project_files(*suffixes):
    """The project's own files (no virtualenv, no collected static files, no tests)."""
    folders = [
        folder
        for folder in ROOT.iterdir()
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name not in {"staticfiles", "tests"}
    ]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in suffixes and "migrations" not in path.parts
    )


def palette_colours():
    return {
        value
        for name, value in vars(palette).items()
        if name.isupper() and isinstance(value, str) and value.startswith("#")
    }


# The palette


def test_contrast_ratios_are_computed_as_wcag_defines_them():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(palette.BRAND, palette.PAPER) == pytest.approx(8.59, abs=0.01)


@pytest.mark.parametrize(
    "foreground, background, minimum",
    palette.PAIRS,
    ids=[f"{f}-on-{b}" for f, b, _m in palette.PAIRS],
)
def test_every_pairing_of_the_palette_meets_wcag_aa(foreground, background, minimum):
    assert contrast_ratio(foreground, background) >= minimum


def test_every_colour_a_chart_draws_with_is_paired_with_its_background():
    paired = {colour for pair in palette.PAIRS for colour in pair[:2]}
    assert set(palette.CATEGORIES) <= paired
    assert {palette.INK, palette.MUTED, palette.BRAND, palette.ACCENT} <= paired


def test_the_portal_style_sheet_declares_the_palette_as_custom_properties():
    css = (ROOT / "gladbeck/static/css/portal.css").read_text()
    root = css[css.index(":root") : css.index("}", css.index(":root"))]
    declared = {
        name: full_hex(value) for name, value in re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]+)", root)
    }
    assert declared == palette.CSS_PROPERTIES


def test_the_style_sheets_use_no_colour_outside_the_palette():
    colours = palette_colours()
    found = {
        (path.relative_to(ROOT).as_posix(), full_hex(colour))
        for path in project_files(".css")
        for colour in HEX.findall(path.read_text())
    }
    assert found
    assert {(path, colour) for path, colour in found if colour not in colours} == set()


def test_the_status_swatches_of_the_report_table_match_the_chart():
    css = (ROOT / "measures/static/measures/report.css").read_text()
    for status in Status:
        swatch = re.search(rf"\.status-{status.value}\s*{{\s*background:\s*(#\w+)", css)
        assert full_hex(swatch.group(1)) == STATUS_COLOURS[status]


def test_no_python_module_or_template_writes_a_colour_of_its_own():
    sources = [path for path in project_files(".py", ".html") if path.name != "palette.py"]
    assert len(sources) > 50
    found = {
        (path.relative_to(ROOT).as_posix(), colour)
        for path in sources
        for colour in HEX.findall(path.read_text())
    }
    assert found == set()


def test_the_chart_package_knows_none_of_the_apps():
    apps = {"measures", "offers", "monitoring", "opendata", "portal"}
    for path in (ROOT / "gladbeck/charts").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not {name.split(".")[0] for name in names} & apps, path.name


# A stacked bar chart from plain data

SERIES = [("geplant", palette.TEAL), ("umgesetzt", palette.GREEN), ("verworfen", palette.RED)]
STACKS = [("Sprache", [2, 6, 0]), ("Wohnen", [0, 0, 1]), ("Arbeit", [0, 0, 0])]


def stacked():
    return stacked_bar_chart("Maßnahmen", "Balkendiagramm.", SERIES, STACKS)


def svg_rects(chart):
    return list(ET.fromstring(str(chart.svg())).iter(f"{SVG}rect"))


def test_a_stacked_chart_has_a_segment_for_every_value_and_a_swatch_for_every_series():
    rects = svg_rects(stacked())
    segments = [r for r in rects if r.find(f"{SVG}title") is not None]
    assert [s.find(f"{SVG}title").text for s in segments] == [
        "Sprache, geplant: 2",
        "Sprache, umgesetzt: 6",
        "Wohnen, verworfen: 1",
    ]
    assert [s.get("fill") for s in segments] == [palette.TEAL, palette.GREEN, palette.RED]
    assert all(s.get("stroke") == palette.PAPER for s in segments)
    assert [r.get("fill") for r in rects if r not in segments] == [c for _n, c in SERIES]


def test_stacked_segments_share_one_scale():
    widths = {
        r.find(f"{SVG}title").text: float(r.get("width"))
        for r in svg_rects(stacked())
        if r.find(f"{SVG}title") is not None
    }
    assert widths["Sprache, umgesetzt: 6"] == pytest.approx(3 * widths["Sprache, geplant: 2"])
    assert widths["Sprache, umgesetzt: 6"] == pytest.approx(6 * widths["Wohnen, verworfen: 1"])


def test_a_stacked_chart_describes_every_value_and_says_when_a_stack_is_empty():
    chart = stacked()
    assert chart.description == (
        "Balkendiagramm. Sprache: 2 geplant, 6 umgesetzt; Wohnen: 1 verworfen; Arbeit: keine."
    )
    root = ET.fromstring(str(chart.svg("s", css_class="status-chart")))
    assert root.get("class") == "status-chart"
    assert root.get("aria-labelledby") == "s-titel s-beschreibung"
    assert root.find(f"{SVG}desc").text == chart.description


def test_numbers_inside_segments_are_white_on_a_dark_colour_and_only_where_they_fit():
    root = ET.fromstring(str(stacked().svg()))
    inside = [t.text for t in root.iter(f"{SVG}text") if t.get("fill") == palette.PAPER]
    assert inside == ["2", "6", "1"]
    chart = stacked_bar_chart("T", "", SERIES, [("A", [1, 100, 0])])
    texts = [t.text for t in ET.fromstring(str(chart.svg())).iter(f"{SVG}text")]
    assert "100" in texts and texts.count("1") == 0  # 1 of 101 is too narrow for its number
    assert "101" in texts  # the total after the bar


def test_a_chart_on_the_page_has_no_background_of_its_own_and_a_standalone_one_has():
    assert len(svg_rects(stacked())) == 3 + 3  # segments and swatches only
    chart = stacked()
    chart.background = palette.PAPER
    first = svg_rects(chart)[0]
    assert (first.get("x"), first.get("fill")) == ("0", palette.PAPER)


# The same chart in the PDF


def drawn(drawing, kind):
    return [item for item in drawing.contents if isinstance(item, kind)]


def test_the_drawing_is_scaled_to_the_width_asked_for():
    chart = stacked()
    drawing = chart.drawing(width=260)
    assert drawing.width == 260
    assert drawing.height == pytest.approx(chart.height / 2)
    sizes = {s.fontSize for s in drawn(drawing, rl.String)}
    assert sizes == {7.5, 7}  # 15 and 14 at half the size
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def bars_of_svg(svg):
    return [
        (
            float(r.get("x")),
            float(r.get("y")),
            float(r.get("width")),
            float(r.get("height")),
            r.get("fill"),
        )
        for r in ET.fromstring(str(svg)).iter(f"{SVG}rect")
    ]


def bars_of_drawing(drawing, chart):
    """The drawing's rectangles in the SVG's units and coordinates (origin top left)."""
    scale = drawing.width / chart.width
    return [
        (
            r.x / scale,
            chart.height - (r.y + r.height) / scale,
            r.width / scale,
            r.height / scale,
            r.fillColor.hexval().replace("0x", "#"),
        )
        for r in drawn(drawing, rl.Rect)
    ]


@pytest.mark.django_db
def test_the_status_report_shows_the_same_bars_and_labels_in_the_pdf_as_on_the_page():
    report = build_status_report()
    assert report.total
    chart = chart_layout(report)
    drawing = report_pdf.chart_drawing(report, width=0.72 * report_pdf.CONTENT_WIDTH)
    on_page = bars_of_svg(chart_svg(report))
    in_pdf = bars_of_drawing(drawing, chart)
    assert len(on_page) == len(in_pdf) > len(Status)
    for page_bar, pdf_bar in zip(on_page, in_pdf, strict=True):
        assert page_bar[:4] == pytest.approx(pdf_bar[:4], abs=0.06)  # the SVG rounds to 0.1
        assert page_bar[4] == pdf_bar[4]
    page_texts = [t.text for t in ET.fromstring(str(chart_svg(report))).iter(f"{SVG}text")]
    assert page_texts == [s.text for s in drawn(drawing, rl.String)]
    assert {s.fontName for s in drawn(drawing, rl.String)} == {
        report_pdf.FONT,
        report_pdf.FONT_BOLD,
    }
