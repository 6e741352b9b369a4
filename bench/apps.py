from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """Synthetic demo data and the benchmark. Reads every app; nothing depends on it."""

    name = "bench"
    verbose_name = _("Demo-Daten und Benchmark")
