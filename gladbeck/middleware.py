"""Middleware of the portal: refusing NUL characters, the public page cache, a readable 503
while the database is unreachable, and the language taken from the address alone."""

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils.translation import get_language

from gladbeck.cache import PAGE_TIMEOUT, page_key
from gladbeck.languages import html_lang


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Only requests without a session cookie count as anonymous, so staff never get a cached
    page and never cause one. Responses are cached only when they are a plain 200 without
    cookies and without a Cache-Control header of their own: views that must never be
    cached (the admin, pages behind a login, the health check) say so with ``never_cache``,
    so this middleware needs to know no addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    def __call__(self, request):
        if not self.cacheable(request):
            return self.get_response(request)
        try:
            key = page_key(request)
            cached = cache.get(key)
        except Exception:  # a broken cache must never take the site down
            key, cached = None, None
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            key
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            try:
                cache.set(key, response, PAGE_TIMEOUT)
            except Exception:
                pass
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with a readable page instead of a
    server error. Django reconnects on the next request, so pages recover by themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response
        return None


class RejectNullCharactersMiddleware:
    """Answer 400 to a request whose address, query string or form fields hold a NUL
    character. PostgreSQL cannot store or compare such text, so it would otherwise end as a
    server error wherever a parameter reaches a query (search, filters, the HSDS API)."""

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.holds_null(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def holds_null(self, request):
        if "\x00" in request.path:
            return True
        fields = [request.GET]
        if request.method == "POST" and request.content_type == self.FORM:
            fields.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in fields
            for key, values in query.lists()
        )


class AddressLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the address alone decides the language: German
    without a prefix, every other language under its own (/tr/…), whatever the browser asks
    for. So no response varies by Accept-Language (a shared cache keeps one copy per address),
    and Content-Language names the page's language as its `lang` attribute does."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", html_lang(get_language()))
        return response
