"""The monitoring pages in headless Chromium: no axe-core violations of WCAG 2.1 A/AA, no
horizontal scrolling at 360 px, charts without JavaScript, and charts in print."""

import pytest

from tests.browser import axe_report

PAGES = {
    "uebersicht": "/monitoring/",
    "stadtteile": "/monitoring/bev-auslaender/?ansicht=stadtteile",
    "herkunft": "/monitoring/bev-auslaender-herkunft/",
    "umfrage": "/monitoring/umfrage-kaum-rassismus/",
    "qualitativ": "/monitoring/q-personal-interkulturell/",
    "qualitaet": "/monitoring/qualitaet/",
}


def open_page(browser, url, **options):
    context = browser.new_context(
        viewport=options.pop("viewport", {"width": 1280, "height": 900}), locale="de-DE", **options
    )
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("name", PAGES)
def test_monitoring_page_has_no_accessibility_violations(portal, browser, name):
    context, page = open_page(browser, portal + PAGES[name])
    count, report = axe_report(page)
    context.close()
    assert count == 0, report


@pytest.mark.parametrize("name", PAGES)
def test_monitoring_page_reads_at_360_pixels_without_horizontal_scrolling(portal, browser, name):
    context, page = open_page(browser, portal + PAGES[name], viewport={"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    chart_width = page.evaluate(
        "(() => { const s = document.querySelector('svg.chart');"
        " return s ? s.getBoundingClientRect().width : 0; })()"
    )
    context.close()
    assert width <= 360
    assert chart_width <= 330


def test_the_district_chart_shows_without_javascript(portal, browser):
    context, page = open_page(browser, portal + PAGES["stadtteile"], java_script_enabled=False)
    assert page.is_visible("svg.chart")
    assert page.locator("svg.chart text", has_text="Brauck").count() == 1
    assert page.get_attribute("svg.chart", "role") == "img"
    page.click("text=Zeitverlauf (Gesamtstadt)")
    page.wait_for_url("**ansicht=zeitreihe**")
    assert "ansicht=zeitreihe" in page.url
    context.close()


def test_the_chart_and_its_table_print_without_the_view_switcher(portal, browser):
    context, page = open_page(browser, portal + PAGES["stadtteile"])
    page.emulate_media(media="print")
    assert page.is_visible("svg.chart")
    assert page.is_visible("#werte-tabelle")
    assert page.is_hidden(".view-nav")
    assert page.is_hidden(".downloads")
    assert page.pdf(format="A4").startswith(b"%PDF")
    context.close()
