from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Angebote")

    def ready(self):
        from gladbeck.cache import invalidate_pages_on_change

        invalidate_pages_on_change(self)

        from gladbeck import inbox
        from offers.inbox import overdue

        inbox.register(overdue)
