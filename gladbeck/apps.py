from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GladbeckConfig(AppConfig):
    name = "gladbeck"
    verbose_name = _("Stadt und Konzept")

    def ready(self):
        # Imported for what they register: the system checks, this app's rows of the inbox.
        from gladbeck import checks, inbox  # noqa: F401
        from gladbeck.cache import invalidate_pages_on_change
        from gladbeck.translation_status import keep_translations_out_of_model_forms

        invalidate_pages_on_change(self, unseen={"ImportRun", "ProviderAccount", "PendingChange"})
        keep_translations_out_of_model_forms()
