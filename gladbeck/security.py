"""Who is asking: the client address behind a known number of trusted proxies."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def client_ip(request):
    """The address that failed logins are counted against.

    Behind ``PROXY_COUNT`` trusted reverse proxies the client is the entry that many places
    from the right in X-Forwarded-For; entries further left can be forged by the client."""
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    if count:
        logger.warning(
            "PROXY_COUNT is %d but the request came through %d proxies: counting failed logins "
            "against the connecting address %s",
            count,
            len(forwarded),
            request.META.get("REMOTE_ADDR"),
        )
    return request.META.get("REMOTE_ADDR")
