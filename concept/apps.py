from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    """The concept as one document: the current state generated from the published data,
    the editions frozen from it, and the comparison between them (issue 15)."""

    name = "concept"
    verbose_name = _("Konzept als Dokument")

    def ready(self):
        from concept.editions import create_first_edition
        from gladbeck.cache import invalidate_pages_on_change
        from gladbeck.management.commands.load_concept import after_load

        invalidate_pages_on_change(self)
        # The loader knows no app above it: the first edition joins it by registration.
        after_load(create_first_edition)
