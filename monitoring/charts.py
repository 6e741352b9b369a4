"""Charts drawn on the server: bar charts and time series as SVG for the pages, and as a
ReportLab drawing for PDF reports, from one layout.

A chart is a list of plain shapes (text, rectangles, lines, points) in a coordinate system
with its origin top left. ``Chart.svg()`` writes them as an accessible SVG (``role="img"``,
``<title>`` and ``<desc>`` holding every value as text); ``Chart.drawing()`` gives the same
shapes as a ``reportlab.graphics.shapes.Drawing`` for a PDF. No JavaScript, no fonts to load.
"""

import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

INK = "#1a1a1a"
MUTED = "#4a4f55"
GRID = "#c9ced4"
BAR = "#0b4f80"
HIGHLIGHT = "#9a3412"
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, "
    "sans-serif"
)

WIDTH = 360
PAD = 12
LABEL_SIZE = 15
TITLE_SIZE = 17


def format_number(value, places=None):
    """German notation with only the decimals the value needs (at most two):
    3159.00 → "3.159", 15.60 → "15,6"."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is None:
        places = next((p for p in (0, 1) if value == value.quantize(Decimal(1).scaleb(-p))), 2)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def with_unit(text, unit):
    return f"{text} {unit}".strip() if unit else text


def _text_width(text, size):
    """A generous estimate of the rendered width of ``text`` in a sans-serif font."""
    return len(text) * size * 0.56


def _wrap(text, width, size):
    return textwrap.wrap(str(text), max(8, int(width / (size * 0.56)))) or [""]


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: int = LABEL_SIZE
    anchor: str = "start"  # start, middle, end
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = BAR


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1


@dataclass(frozen=True)
class Polyline:
    points: tuple
    stroke: str = BAR
    width: float = 2.5


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float = 4.5
    fill: str = BAR


def _n(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


@dataclass
class Chart:
    title: str
    description: str
    width: float
    height: float
    shapes: list

    def svg(self, id_prefix="diagramm"):
        """The chart as inline SVG markup. ``id_prefix`` must be unique on the page."""
        title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschreibung"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'width="{_n(self.width)}" height="{_n(self.height)}" '
            f'aria-labelledby="{title_id} {desc_id}" font-family="{escape(FONT)}">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description)}</desc>',
            f'<rect x="0" y="0" width="{_n(self.width)}" height="{_n(self.height)}" fill="#fff"/>',
        ]
        for shape in self.shapes:
            parts.append(_svg_shape(shape))
        parts.append("</svg>")
        return mark_safe("\n".join(parts))

    def drawing(self):
        """The same chart as a ReportLab drawing (origin bottom left), for PDF reports."""
        from reportlab.graphics import shapes as rl
        from reportlab.lib.colors import HexColor

        height = self.height
        drawing = rl.Drawing(self.width, height)
        for shape in self.shapes:
            if isinstance(shape, Text):
                drawing.add(
                    rl.String(
                        shape.x,
                        height - shape.y,
                        shape.text,
                        fontName="Helvetica-Bold" if shape.bold else "Helvetica",
                        fontSize=shape.size,
                        fillColor=HexColor(shape.fill),
                        textAnchor=shape.anchor,
                    )
                )
            elif isinstance(shape, Rect):
                drawing.add(
                    rl.Rect(
                        shape.x,
                        height - shape.y - shape.height,
                        shape.width,
                        shape.height,
                        fillColor=HexColor(shape.fill),
                        strokeColor=None,
                    )
                )
            elif isinstance(shape, Line):
                drawing.add(
                    rl.Line(
                        shape.x1,
                        height - shape.y1,
                        shape.x2,
                        height - shape.y2,
                        strokeColor=HexColor(shape.stroke),
                        strokeWidth=shape.width,
                    )
                )
            elif isinstance(shape, Polyline):
                flat = [c for x, y in shape.points for c in (x, height - y)]
                drawing.add(
                    rl.PolyLine(flat, strokeColor=HexColor(shape.stroke), strokeWidth=shape.width)
                )
            elif isinstance(shape, Circle):
                drawing.add(
                    rl.Circle(
                        shape.cx,
                        height - shape.cy,
                        shape.r,
                        fillColor=HexColor(shape.fill),
                        strokeColor=None,
                    )
                )
        return drawing


def _svg_shape(shape):
    if isinstance(shape, Text):
        weight = ' font-weight="700"' if shape.bold else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{shape.size}" '
            f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    if isinstance(shape, Rect):
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}" fill="{shape.fill}"/>'
        )
    if isinstance(shape, Line):
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"/>'
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_n(shape.width)}" stroke-linejoin="round"/>'
        )
    if isinstance(shape, Circle):
        return (
            f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" '
            f'fill="{shape.fill}"/>'
        )
    raise TypeError(f"unknown shape {shape!r}")


def _heading(title, subtitle):
    """Title (wrapped) and an optional muted subtitle; returns (shapes, y below them)."""
    shapes, y = [], PAD
    for line in _wrap(title, WIDTH - 2 * PAD, TITLE_SIZE):
        y += TITLE_SIZE + 5
        shapes.append(Text(PAD, y, line, size=TITLE_SIZE, bold=True))
    if subtitle:
        for line in _wrap(subtitle, WIDTH - 2 * PAD, 14):
            y += 19
            shapes.append(Text(PAD, y, line, size=14, fill=MUTED))
    return shapes, y + 14


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: no bar, only ``text`` (e.g. a suppressed figure "< 5")
    text: str = ""  # what to print as the value; default: the formatted value


def bar_chart(title, bars, unit="", subtitle="", highlight=None):
    """Horizontal bars, one per (label, value), each label above its bar and the value at
    the bar's end. ``highlight``: the label of a bar to draw in the accent colour."""
    bars = [b if isinstance(b, Bar) else Bar(*b) for b in bars]
    shapes, y = _heading(title, subtitle)
    texts = [b.text or format_number(b.value) for b in bars]
    values = [float(b.value) for b in bars if b.value is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    value_room = max([_text_width(t, LABEL_SIZE) for t in texts] + [0]) + 10
    left, right = PAD, WIDTH - PAD - value_room
    scale = (right - left) / span
    zero_x = left + (0 - low) * scale
    first_bar_top = None
    for bar, text in zip(bars, texts, strict=True):
        is_highlight = highlight is not None and bar.label == highlight
        for line in _wrap(bar.label, WIDTH - 2 * PAD, LABEL_SIZE):
            y += LABEL_SIZE + 4
            shapes.append(Text(PAD, y, line, bold=is_highlight))
        top = y + 5
        first_bar_top = top if first_bar_top is None else first_bar_top
        if bar.value is None:
            shapes.append(Text(zero_x + 4, top + 14, text, fill=MUTED))
        else:
            value = float(bar.value)
            x_start, x_end = sorted((zero_x, zero_x + value * scale))
            shapes.append(
                Rect(
                    x_start, top, max(x_end - x_start, 1.5), 18, HIGHLIGHT if is_highlight else BAR
                )
            )
            label_x = (x_end if value >= 0 else zero_x) + 6
            shapes.append(Text(label_x, top + 14, text, bold=True))
        y = top + 18 + 12
    if first_bar_top is not None:
        shapes.append(Line(zero_x, first_bar_top - 3, zero_x, y - 9, stroke=MUTED))
    parts = [
        f"{b.label}: {with_unit(t, unit) if b.value is not None else t}"
        for b, t in zip(bars, texts, strict=True)
    ]
    description = _("Balkendiagramm. %(values)s.") % {"values": "; ".join(parts)}
    return Chart(title, description, WIDTH, y + PAD - 12 + 6, shapes)


def nice_ticks(low, high, count=4):
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering the range."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, tick = [], start
    while tick < high + step * 0.001:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(tick, 10))
    return ticks


def _axis_date_format(dates):
    """As short as the dates allow: the year if each point has its own year (a reference
    date like 31.12. is then the end of that year), else month and year, else the date."""
    if len({d.year for d in dates}) == len(dates):
        return "%Y"
    if len({(d.year, d.month) for d in dates}) == len(dates):
        return "%m/%Y"
    return "%d.%m.%Y"


def line_chart(title, points, unit="", subtitle=""):
    """A time series: ``points`` are (date, value) in date order, placed along a time axis
    starting at zero on the value axis, each point labelled with its value."""
    shapes, top = _heading(title, subtitle)
    values = [float(v) for _d, v in points]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    tick_texts = [format_number(Decimal(str(t))) for t in ticks]
    left = PAD + max(_text_width(t, 13) for t in tick_texts) + 8
    right = WIDTH - PAD - 28
    plot_top, plot_bottom = top + 18, top + 18 + 180
    low, high = ticks[0], ticks[-1]

    def y_of(value):
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        shapes.append(Line(left, y, right, y, stroke=GRID))
        shapes.append(Text(left - 6, y + 4, text, size=13, anchor="end", fill=MUTED))
    dates = [d for d, _v in points]
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    days = (last - first).days if dates else 0

    def x_of(day):
        if not days:
            return (left + right) / 2
        return left + 10 + (day - first).days / days * (right - left - 20)

    coords = [(x_of(d), y_of(float(v))) for d, v in points]
    if len(coords) > 1:
        shapes.append(Polyline(tuple(coords)))
    label_every = max(1, math.ceil(len(points) / 4))
    date_format = _axis_date_format(dates)
    for index, ((day, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
        shapes.append(Circle(x, y))
        if len(points) <= 8 or index == len(points) - 1:
            shapes.append(
                Text(x, y - 10, format_number(value), size=13, anchor="middle", bold=True)
            )
        if index % label_every == 0 or index == len(points) - 1:
            shapes.append(
                Text(
                    x,
                    plot_bottom + 20,
                    day.strftime(date_format),
                    size=13,
                    anchor="middle",
                    fill=MUTED,
                )
            )
    shapes.append(Line(left, plot_bottom, right, plot_bottom, stroke=MUTED))
    parts = [f"{d:%d.%m.%Y}: {with_unit(format_number(v), unit)}" for d, v in points]
    description = _("Zeitreihe. %(values)s.") % {"values": "; ".join(parts)}
    return Chart(title, description, WIDTH, plot_bottom + 20 + PAD + 6, shapes)
