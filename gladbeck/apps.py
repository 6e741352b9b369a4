from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GladbeckConfig(AppConfig):
    name = "gladbeck"
    verbose_name = _("Stadt und Konzept")

    def ready(self):
        from gladbeck import checks  # noqa: F401 (registers the system checks)
        from gladbeck.cache import invalidate_pages_on_change

        invalidate_pages_on_change(self, unseen={"ImportRun", "ProviderAccount", "PendingChange"})
