"""The link to the status report in the site header, for logged-in staff who may read it.

Shown only when the request carries a session cookie: the page cache (gladbeck/middleware.py)
serves and stores only requests without one, so a page with the link is never cached and a
cached page never has it. Anonymous visitors' sessions are not even looked at (no query, and
their pages stay the same for everyone)."""

from django.conf import settings

from measures.views_reports import REPORT_PERMISSION


def status_report_link(request):
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return {"show_status_report_link": False}

    def show():  # asked only by the templates that have the header
        user = request.user
        return user.is_authenticated and user.has_perm(REPORT_PERMISSION)

    return {"show_status_report_link": show}
