from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that combine the apps below: start page, measure page with its related
    offers and indicators, district page, organisation page and the site search."""

    name = "portal"
    verbose_name = _("Portal")
