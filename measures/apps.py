from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Handlungsfelder und Maßnahmen")

    def ready(self):
        from gladbeck.cache import invalidate_pages_on_change

        invalidate_pages_on_change(self)

        from gladbeck import inbox
        from measures.inbox import follow_up

        inbox.register(follow_up)
