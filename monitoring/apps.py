from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from gladbeck.cache import invalidate_pages_on_change

        invalidate_pages_on_change(self)
