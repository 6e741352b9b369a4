from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data downloads and the Open Referral (HSDS) API. It reads every other app and
    nothing depends on it, which is why it is an app of its own."""

    name = "opendata"
    verbose_name = _("Offene Daten")
