"""Who is asking: the client address behind a known number of trusted proxies."""

from django.conf import settings


def client_ip(request):
    """The address that failed logins are counted against.

    Behind ``PROXY_COUNT`` trusted reverse proxies the client is the entry that many places
    from the right in X-Forwarded-For; entries further left can be forged by the client."""
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
