"""The monitoring's charts are drawn by ``gladbeck/charts/``, the portal's one chart engine;
the monitoring prepares the data (``Series.chart()`` in ``series.py``, ``competence_chart()``
in ``quality.py``). These names stay importable from here for the modules that still import
them from this place (``quality.py``, ``series.py``, ``templatetags/monitoring_tags.py``);
new code imports ``gladbeck.charts``."""

from gladbeck.charts import Bar, bar_chart, format_number, line_chart, with_unit

__all__ = ["Bar", "bar_chart", "format_number", "line_chart", "with_unit"]
