"""The whole concept is loaded once per test session; each test runs in a transaction on top
of it. Users of each role are made per test from the real groups the migrations create."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from gladbeck.models import Organisation, ProviderAccount
from gladbeck.roles import EDITORS, PROVIDERS, STEERING_GROUP


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_concept", verbosity=0)


def make_staff(username, role=None):
    user = User.objects.create_user(username, password="x", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return make_staff("redaktion", EDITORS)


@pytest.fixture
def steering(db):
    return make_staff("steuerung", STEERING_GROUP)


@pytest.fixture
def provider_org(db):
    return Organisation.objects.create(name="Testträger Beispiel e.V.", slug="testtraeger")


@pytest.fixture
def provider(db, provider_org):
    user = make_staff("anbieter", PROVIDERS)
    ProviderAccount.objects.create(user=user, organisation=provider_org)
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", password="x")


@pytest.fixture(autouse=True)
def german_between_tests():
    """A request to /tr/… leaves Turkish active in the test's thread (as in a server thread
    until its next request); the next test starts German, as the admin and the addresses
    without prefix are."""
    from django.utils import translation

    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def cache_folder(settings, tmp_path):
    """Files the portal makes (built PDFs) go to a folder of the test's own, never to the one
    a development server or the benchmark fills on this machine, nor to another test's."""
    folder = tmp_path / "cache"
    settings.CACHE_DIR = str(folder)
    return folder


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests look at freshly rendered pages; tests/test_page_cache.py switches the cache on."""
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def portal_folder(tmp_path_factory):
    """The browser tests' portal keeps its database here, and its e-mails in ``mail/``."""
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def portal(portal_folder):
    """One portal with production settings for all browser tests (see tests/browser.py),
    with a member of the steering group for the pages behind the login. Its e-mails are
    written as files to ``portal_folder / "mail"``."""
    from tests.browser import (
        CREATE_DEMO_OFFER,
        CREATE_STEERING_MEMBER,
        manage,
        require_browser,
        start_portal,
        stop_portal,
    )

    require_browser()
    folder = portal_folder
    server, base = start_portal(
        folder,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder / "mail"),
    )
    manage(folder, "shell", "-c", CREATE_STEERING_MEMBER + CREATE_DEMO_OFFER)
    yield base
    stop_portal(server)


@pytest.fixture(scope="session")
def browser(portal):
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
