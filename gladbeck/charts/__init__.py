"""Charts drawn on the server, one engine for the whole portal: the pages get accessible SVG
(``role="img"``, a ``<title>`` and a ``<desc>`` holding every value, beside a table with the
same numbers), the PDF reports a ReportLab drawing of the very same shapes.

- ``layouts.py`` lays a chart out from plain data (labels, values, series): ``bar_chart``,
  ``stacked_bar_chart``, ``line_chart``. The result is a ``Chart`` (``chart.py``) made of
  the plain shapes in ``shapes.py``.
- ``Chart.svg()`` (``svg.py``) and ``Chart.drawing()`` (``drawing.py``) draw it.
- ``palette.py`` holds every colour, with the contrast each pairing must meet.
- ``numbers.py`` writes numbers the German way, in the charts and the tables beside them.

The apps prepare their data and call these functions; this package knows none of them.
"""

from gladbeck.charts.chart import Chart
from gladbeck.charts.layouts import Bar, bar_chart, line_chart, nice_ticks, stacked_bar_chart
from gladbeck.charts.numbers import format_number, with_unit

__all__ = [
    "Bar",
    "Chart",
    "bar_chart",
    "format_number",
    "line_chart",
    "nice_ticks",
    "stacked_bar_chart",
    "with_unit",
]
