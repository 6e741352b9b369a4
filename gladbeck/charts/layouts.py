"""Where every bar, line, point and label of a chart goes, from plain data (labels, values,
series): horizontal bars, stacked horizontal bars with a legend, and a time series. Each
function returns a ``Chart`` that either renderer draws."""

import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from gladbeck.charts.chart import Chart
from gladbeck.charts.numbers import format_number, with_unit
from gladbeck.charts.palette import ACCENT, BRAND, LINE, MUTED, PAPER
from gladbeck.charts.shapes import Circle, Line, Polyline, Rect, Text

WIDTH = 360
PAD = 12
LABEL_SIZE = 15
TITLE_SIZE = 17


def text_width(text, size):
    """A generous estimate of the rendered width of ``text`` in a sans-serif font."""
    return len(text) * size * 0.56


def wrap(text, width, size):
    return textwrap.wrap(str(text), max(8, int(width / (size * 0.56)))) or [""]


def heading(title, subtitle):
    """Title (wrapped) and an optional muted subtitle; returns (shapes, y below them)."""
    shapes, y = [], PAD
    for line in wrap(title, WIDTH - 2 * PAD, TITLE_SIZE):
        y += TITLE_SIZE + 5
        shapes.append(Text(PAD, y, line, size=TITLE_SIZE, bold=True))
    if subtitle:
        for line in wrap(subtitle, WIDTH - 2 * PAD, 14):
            y += 19
            shapes.append(Text(PAD, y, line, size=14, fill=MUTED))
    return shapes, y + 14


# Bars


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: no bar, only ``text`` (e.g. a suppressed figure "< 5")
    text: str = ""  # what to print as the value; default: the formatted value


def bar_chart(title, bars, unit="", subtitle="", highlight=None):
    """Horizontal bars, one per (label, value), each label above its bar and the value at
    the bar's end. ``highlight``: the label of a bar to draw in the accent colour (its label
    in bold, so that colour is not the only sign)."""
    bars = [b if isinstance(b, Bar) else Bar(*b) for b in bars]
    shapes, y = heading(title, subtitle)
    texts = [b.text or format_number(b.value) for b in bars]
    values = [float(b.value) for b in bars if b.value is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    value_room = max([text_width(t, LABEL_SIZE) for t in texts] + [0]) + 10
    left, right = PAD, WIDTH - PAD - value_room
    scale = (right - left) / span
    zero_x = left + (0 - low) * scale
    first_bar_top = None
    for bar, text in zip(bars, texts, strict=True):
        is_highlight = highlight is not None and bar.label == highlight
        for line in wrap(bar.label, WIDTH - 2 * PAD, LABEL_SIZE):
            y += LABEL_SIZE + 4
            shapes.append(Text(PAD, y, line, bold=is_highlight))
        top = y + 5
        first_bar_top = top if first_bar_top is None else first_bar_top
        if bar.value is None:
            shapes.append(Text(zero_x + 4, top + 14, text, fill=MUTED))
        else:
            value = float(bar.value)
            x_start, x_end = sorted((zero_x, zero_x + value * scale))
            colour = ACCENT if is_highlight else BRAND
            shapes.append(Rect(x_start, top, max(x_end - x_start, 1.5), 18, colour))
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


STACK_HEIGHT = 24
STACK_TEXT_SIZE = 14


def stacked_bar_chart(title, summary, series, stacks, width=520, bar_left=4, bar_right=480):
    """One horizontal bar per stack, its label on a line above it, cut into one segment per
    series with a value (lengths on one scale for all stacks, the value written in white
    inside a segment wide enough, the stack's total after the bar), and a legend naming every
    series. ``series``: [(name, colour)]; ``stacks``: [(label, [value per series])];
    ``summary``: the first sentence of the text alternative, which goes on with every value.
    The title is not drawn: the page's heading names the chart."""
    totals = [sum(values) for _label, values in stacks]
    largest = max(totals, default=0)
    span = bar_right - bar_left
    shapes, y = [], 0
    for (label, values), total in zip(stacks, totals, strict=True):
        y += LABEL_SIZE + 4
        shapes.append(Text(bar_left, y, label, size=LABEL_SIZE, bold=True))
        y += 6
        x = bar_left
        for (name, colour), value in zip(series, values, strict=True):
            if not value:
                continue
            segment = span * value / largest
            tooltip = f"{label}, {name}: {format_number(value)}"
            shapes.append(Rect(x, y, segment, STACK_HEIGHT, colour, stroke=PAPER, title=tooltip))
            if segment >= 18:
                shapes.append(
                    Text(
                        x + segment / 2,
                        y + STACK_HEIGHT / 2 + 5,
                        format_number(value),
                        size=STACK_TEXT_SIZE,
                        fill=PAPER,
                        anchor="middle",
                        bold=True,
                    )
                )
            x += segment
        shapes.append(
            Text(x + 6, y + STACK_HEIGHT / 2 + 5, format_number(total), size=STACK_TEXT_SIZE)
        )
        y += STACK_HEIGHT + 10

    # Legend: a swatch and the name of each series, wrapped to the width.
    x, y, line_height = bar_left, y + 8, 24
    for name, colour in series:
        item_width = 16 + 6 + len(str(name)) * 8.2 + 18  # swatch, gap, text (~0.6 em), gap
        if x + item_width > width and x > bar_left:
            x, y = bar_left, y + line_height
        shapes.append(Rect(x, y, 16, 16, colour, stroke=PAPER))
        shapes.append(Text(x + 22, y + 13.5, str(name), size=STACK_TEXT_SIZE))
        x += item_width

    rows = "; ".join(
        f"{label}: "
        + (
            ", ".join(
                f"{format_number(value)} {name}"
                for (name, _colour), value in zip(series, values, strict=True)
                if value
            )
            or _("keine")
        )
        for label, values in stacks
    )
    description = f"{summary} {rows}."
    return Chart(title, description, width, y + line_height, shapes, background=None)


# Time series


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


def axis_date_format(dates):
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
    shapes, top = heading(title, subtitle)
    values = [float(v) for _d, v in points]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    tick_texts = [format_number(Decimal(str(t))) for t in ticks]
    left = PAD + max(text_width(t, 13) for t in tick_texts) + 8
    right = WIDTH - PAD - 28
    plot_top, plot_bottom = top + 18, top + 18 + 180
    low, high = ticks[0], ticks[-1]

    def y_of(value):
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        shapes.append(Line(left, y, right, y, stroke=LINE))
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
    date_format = axis_date_format(dates)
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
