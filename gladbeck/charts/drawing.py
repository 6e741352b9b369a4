"""Charts as ReportLab drawings for the PDF reports: the same shapes as the SVG, with y turned
upside down (ReportLab's origin is bottom left) and everything scaled to the width asked for."""

from reportlab.graphics import shapes as rl
from reportlab.lib.colors import HexColor

from gladbeck.charts.shapes import Circle, Line, Polyline, Rect, Text


def render(chart, width=None, font="Helvetica", bold_font="Helvetica-Bold"):
    scale = width / chart.width if width else 1
    height = chart.height

    def x(value):
        return value * scale

    def y(value):  # from the top, in chart units → from the bottom, in points
        return (height - value) * scale

    drawing = rl.Drawing(chart.width * scale, height * scale)
    if chart.background:
        drawing.add(
            rl.Rect(
                0,
                0,
                drawing.width,
                drawing.height,
                fillColor=HexColor(chart.background),
                strokeColor=None,
            )
        )
    for shape in chart.shapes:
        if isinstance(shape, Text):
            drawing.add(
                rl.String(
                    x(shape.x),
                    y(shape.y),
                    shape.text,
                    fontName=bold_font if shape.bold else font,
                    fontSize=shape.size * scale,
                    fillColor=HexColor(shape.fill),
                    textAnchor=shape.anchor,
                )
            )
        elif isinstance(shape, Rect):
            drawing.add(
                rl.Rect(
                    x(shape.x),
                    y(shape.y + shape.height),
                    x(shape.width),
                    x(shape.height),
                    fillColor=HexColor(shape.fill),
                    strokeColor=HexColor(shape.stroke) if shape.stroke else None,
                    strokeWidth=scale,
                )
            )
        elif isinstance(shape, Line):
            drawing.add(
                rl.Line(
                    x(shape.x1),
                    y(shape.y1),
                    x(shape.x2),
                    y(shape.y2),
                    strokeColor=HexColor(shape.stroke),
                    strokeWidth=shape.width * scale,
                )
            )
        elif isinstance(shape, Polyline):
            points = [c for px, py in shape.points for c in (x(px), y(py))]
            drawing.add(
                rl.PolyLine(
                    points, strokeColor=HexColor(shape.stroke), strokeWidth=shape.width * scale
                )
            )
        elif isinstance(shape, Circle):
            drawing.add(
                rl.Circle(
                    x(shape.cx),
                    y(shape.cy),
                    shape.r * scale,
                    fillColor=HexColor(shape.fill),
                    strokeColor=None,
                )
            )
        else:
            raise TypeError(f"unknown shape {shape!r}")
    return drawing
