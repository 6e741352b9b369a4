"""The plain shapes a chart is made of, in a coordinate system with its origin top left and
y growing downwards (as in SVG). Both renderers draw exactly these."""

from dataclasses import dataclass

from gladbeck.charts.palette import BRAND, INK, LINE


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 15
    anchor: str = "start"  # start, middle, end
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = BRAND
    stroke: str | None = None  # an outline of 1 unit, e.g. white between stacked segments
    title: str = ""  # a tooltip in the SVG, e.g. "Sprache, umgesetzt: 3"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = LINE
    width: float = 1


@dataclass(frozen=True)
class Polyline:
    points: tuple  # ((x, y), ...)
    stroke: str = BRAND
    width: float = 2.5


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float = 4.5
    fill: str = BRAND
