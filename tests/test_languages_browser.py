"""The languages in a real browser (issue 11): a visitor switches a filtered page into Arabic
and back without losing the place, the Arabic page runs right to left at 360 px, the charts
stay readable in Arabic, and the Redaktion works with the translations in the admin (with a
German and an English browser). Screenshots go to screenshots/ (git-ignored) for a person to
look at."""

import pytest

from tests.browser import ROOT, axe_report, manage

PASSWORD = "Uebersetzen-im-Browser-2027"
CREATE_EDITOR = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user("redaktion-sprachen", password="{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name="Redaktion"))
"""
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(scope="module")
def translation_editor(portal, portal_folder):
    manage(portal_folder, "shell", "-c", CREATE_EDITOR)


def test_a_visitor_switches_a_filtered_page_into_arabic_and_back(portal, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(portal + "/angebote/?zielgruppe=eltern")
    assert page.get_attribute("html", "dir") == "ltr"
    page.click(".language-switch summary")
    page.click('.language-switch a[lang="ar"]')
    page.wait_for_url("**/ar/angebote/?zielgruppe=eltern")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.input_value("#filter-zielgruppe") == "eltern"
    # The page runs right to left: the main heading sits at the right edge.
    heading = page.locator("main h1").bounding_box()
    assert heading["x"] + heading["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    count, report = axe_report(page)
    assert count == 0, report
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-angebote-arabisch.png"))

    page.click(".language-switch summary")
    page.click('.language-switch a[lang="de"]')
    page.wait_for_url("**/angebote/?zielgruppe=eltern")
    assert page.get_attribute("html", "lang") == "de"
    assert page.input_value("#filter-zielgruppe") == "eltern"
    context.close()


def test_the_language_switch_opens_without_javascript(portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(portal + "/tr/massnahmen/")
    assert not page.is_visible('.language-switch a[lang="uk"]')
    page.click(".language-switch summary")
    assert page.is_visible('.language-switch a[lang="uk"]')
    page.click('.language-switch a[lang="uk"]')
    page.wait_for_url("**/uk/massnahmen/")
    assert page.get_attribute("html", "lang") == "uk"
    context.close()


def test_charts_stay_readable_on_arabic_pages(portal, browser):
    """Every label of a bar chart lies inside the chart, as on the German page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(portal + "/ar/monitoring/bev-auslaender/?ansicht=stadtteile")
    outside = page.evaluate(
        """() => {
            const svg = document.querySelector("svg.chart");
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll("text")].filter(text => {
                const r = text.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1;
            }).map(text => text.textContent);
        }"""
    )
    assert outside == []
    context.close()


@pytest.mark.parametrize("locale", ["de-DE", "en-US"])
def test_the_redaktion_sees_the_coverage_and_translates_next_to_the_german_text(
    portal, browser, translation_editor, locale
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.goto(f"{portal}/admin/login/?next=/admin/")
    page.fill("#id_username", "redaktion-sprachen")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.click("text=Stand der Übersetzungen je Sprache")
    page.wait_for_url("**/admin/uebersetzungen/")
    assert page.get_attribute("html", "lang") == "de"
    assert "Türkçe" in page.inner_text("main, #content")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"uebersetzungen-{locale}.png"), full_page=True)

    page.goto(f"{portal}/admin/measures/actionfield/1/uebersetzung/ar/")
    field = page.locator("textarea[lang='ar']").first
    assert field.get_attribute("dir") == "rtl"
    assert "Zusammenleben" in page.inner_text("#content")
    context.close()
