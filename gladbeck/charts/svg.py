"""Charts as inline SVG: ``role="img"`` named by its ``<title>`` and described by a ``<desc>``
that holds every value, so screen readers get the numbers too. No script, no web fonts."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from gladbeck.charts.shapes import Circle, Line, Polyline, Rect, Text

FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, "
    "sans-serif"
)


def number(value):
    """A coordinate with at most one decimal and no trailing ".0"."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render(chart, id_prefix="diagramm", css_class="chart"):
    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschreibung"
    width, height = number(chart.width), number(chart.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        # Laid out left to right in every language: on an Arabic page the text anchors would
        # flip and the labels run off the chart.
        f'aria-labelledby="{title_id} {desc_id}" font-family="{escape(FONT)}" direction="ltr">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    if chart.background:
        parts.append(
            f'<rect x="0" y="0" width="{width}" height="{height}" fill="{chart.background}"/>'
        )
    parts.extend(shape_svg(shape) for shape in chart.shapes)
    parts.append("</svg>")
    return mark_safe("\n".join(parts))


def shape_svg(shape):
    if isinstance(shape, Text):
        weight = ' font-weight="700"' if shape.bold else ""
        return (
            f'<text x="{number(shape.x)}" y="{number(shape.y)}" font-size="{number(shape.size)}" '
            f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}" stroke-width="1"' if shape.stroke else ""
        rect = (
            f'<rect x="{number(shape.x)}" y="{number(shape.y)}" width="{number(shape.width)}" '
            f'height="{number(shape.height)}" fill="{shape.fill}"{stroke}'
        )
        if shape.title:
            return f"{rect}><title>{escape(shape.title)}</title></rect>"
        return f"{rect}/>"
    if isinstance(shape, Line):
        return (
            f'<line x1="{number(shape.x1)}" y1="{number(shape.y1)}" x2="{number(shape.x2)}" '
            f'y2="{number(shape.y2)}" stroke="{shape.stroke}" '
            f'stroke-width="{number(shape.width)}"/>'
        )
    if isinstance(shape, Polyline):
        points = " ".join(f"{number(x)},{number(y)}" for x, y in shape.points)
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{number(shape.width)}" stroke-linejoin="round"/>'
        )
    if isinstance(shape, Circle):
        return (
            f'<circle cx="{number(shape.cx)}" cy="{number(shape.cy)}" r="{number(shape.r)}" '
            f'fill="{shape.fill}"/>'
        )
    raise TypeError(f"unknown shape {shape!r}")
