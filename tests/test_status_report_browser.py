"""The status report in headless Chromium, as a member of the steering group sees it: no
axe-core violations of WCAG 2.1 A/AA, readable at 360 px, filters without JavaScript, and the
downloads behind the links."""

import os
import subprocess
import sys

import pytest

from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    require_browser,
    start_portal,
    stop_portal,
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "Sachstand-im-Browser-2027"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("report")
    server, base = start_portal(folder)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'browser.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", CREATE_STEERING_MEMBER],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    yield base
    stop_portal(server)


CREATE_STEERING_MEMBER = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user("steuerung", password="{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name="Steuerungsgruppe"))
"""


@pytest.fixture(scope="module")
def browser(portal):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def logged_in(browser, portal, **options):
    context = browser.new_context(locale="de-DE", **options)
    page = context.new_page()
    page.goto(portal + "/admin/login/?next=/berichte/sachstand/")
    page.fill("#id_username", "steuerung")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/berichte/sachstand/")
    return context, page


def test_the_report_has_no_accessibility_violations(portal, browser):
    from axe_playwright_python.sync_playwright import Axe

    context, page = logged_in(browser, portal, viewport={"width": 1280, "height": 900})
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_the_report_is_readable_at_360_pixels(portal, browser):
    context, page = logged_in(browser, portal, viewport={"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360


def test_the_filters_work_without_javascript_and_the_pdf_link_follows_them(portal, browser):
    context, page = logged_in(browser, portal, java_script_enabled=False)
    page.select_option("#id_handlungsfeld", "wohnen-und-quartier")
    page.click("form.report-filters button[type=submit]")
    assert "handlungsfeld=wohnen-und-quartier" in page.url
    assert page.locator("section.report-field").count() == 1
    with page.expect_download() as download:
        page.click("text=PDF herunterladen")
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("sachstandsbericht-")
    context.close()
