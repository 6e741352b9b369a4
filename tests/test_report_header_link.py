"""The status report is linked from the site header for logged-in staff who may read it,
never for anonymous visitors, and never through the page cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def has_report_link(response):
    return f'href="{reverse("measures:status_report")}"' in response.content.decode()


@pytest.mark.parametrize("role", ["steering", "editor", "superuser"])
def test_staff_who_may_read_the_report_find_it_in_the_header(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert has_report_link(client.get(reverse("portal:home")))
    assert has_report_link(client.get(reverse("measures:list")))


def test_the_link_is_marked_as_the_current_page_on_the_report(client, steering):
    client.force_login(steering)
    page = client.get(reverse("measures:status_report")).content.decode()
    assert f'href="{reverse("measures:status_report")}" aria-current="page"' in page


def test_anonymous_visitors_and_providers_see_no_report_link(client, provider):
    assert not has_report_link(client.get(reverse("portal:home")))
    client.force_login(provider)
    assert not has_report_link(client.get(reverse("portal:home")))


def test_the_staff_link_never_reaches_the_cached_anonymous_page(client, steering, settings):
    settings.PUBLIC_PAGE_CACHE = True
    home = reverse("portal:home")
    client.force_login(steering)
    assert has_report_link(client.get(home))
    client.logout()
    client.cookies.clear()
    anonymous = client.get(home)
    assert not has_report_link(anonymous)
    assert client.get(home)["X-Cache"] == "hit"  # the anonymous page is cached ...
    client.force_login(steering)
    staff = client.get(home)
    assert not staff.has_header("X-Cache")  # ... and never served to staff
    assert has_report_link(staff)


def test_anonymous_pages_cost_no_query_for_the_link(client):
    client.get(reverse("gladbeck:impressum"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("gladbeck:impressum"))
    assert not [q for q in captured.captured_queries if "auth_" in q["sql"]]
