"""A chart: its title, a text alternative holding every value, its size and its shapes, laid
out once (``layouts.py``) and drawn by either renderer: ``svg()`` for the pages, ``drawing()``
for a PDF."""

from dataclasses import dataclass

from gladbeck.charts.palette import PAPER
from gladbeck.charts.svg import render as render_svg


@dataclass
class Chart:
    title: str
    description: str  # the text alternative: every value of the chart in words
    width: float
    height: float
    shapes: list
    background: str | None = PAPER  # None: transparent, for a chart that sits on the page

    def svg(self, id_prefix="diagramm", css_class="chart"):
        """The chart as inline SVG markup. ``id_prefix`` must be unique on the page."""
        return render_svg(self, id_prefix=id_prefix, css_class=css_class)

    def drawing(self, width=None, font="Helvetica", bold_font="Helvetica-Bold"):
        """The chart as a ReportLab drawing, scaled to ``width`` points if given, with the
        fonts registered for the PDF (the core Helvetica by default)."""
        from gladbeck.charts.drawing import render as render_drawing  # ReportLab: PDF only

        return render_drawing(self, width=width, font=font, bold_font=bold_font)
