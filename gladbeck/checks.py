"""System checks of the portal's own settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def client_address_is_known(app_configs, **kwargs):
    """Login throttling counts failures per user name and client address. Behind a reverse
    proxy that address is known only when PROXY_COUNT says how many proxies to skip."""
    if settings.PROXY_COUNT > 0:
        return []
    return [
        Warning(
            "PROXY_COUNT is 0: behind a reverse proxy every visitor has the proxy's address, so "
            "five wrong passwords from anyone lock the user out for everyone.",
            hint="Set PROXY_COUNT to the number of trusted reverse proxies in front of the "
            "portal (1 for the documented setup with one proxy on the same machine).",
            id="gladbeck.W001",
        )
    ]
