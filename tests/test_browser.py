"""Every public page type in headless Chromium: no axe-core violations of WCAG 2.1 A/AA,
readable at 360 px without horizontal scrolling, keyboard use with a skip link and a visible
focus, filters that work without JavaScript, and a print layout for measure pages."""

import pytest

from tests.browser import axe_report

PAGES = {
    "start": "/",
    "leitbild": "/leitbild/",
    "konzept": "/konzept/",
    "konzept-ausgaben": "/konzept/ausgaben/",
    "konzept-ausgabe": "/konzept/ausgaben/1/",
    "konzept-vergleich": "/konzept/ausgaben/1/vergleich/",
    "handlungsfeld": "/handlungsfelder/sprache-und-bildung/",
    "massnahmen": "/massnahmen/?handlungsfeld=sprache-und-bildung&zielgruppe=eltern",
    "massnahme": "/massnahmen/gladbecker-erklaerung/",
    "angebote": "/angebote/?zielgruppe=eltern",
    "angebote-leer": "/angebote/?kostenlos=ja&stadtteil=zweckel&zielgruppe=seniorinnen",
    "angebot": "/angebote/rucksackprogramme/",
    "akteur": "/akteure/buero-fuer-interkulturelle-arbeit/",
    "stadtteil": "/stadtteile/brauck/",
    "suche": "/suche/?q=Kita",
    "aenderungen": "/aenderungen/",
    "barrierefreiheit": "/barrierefreiheit/",
    "impressum": "/impressum/",
    "nicht-gefunden": "/gibt-es-nicht/",
}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


# German, Arabic (right to left) and Turkish: every page kind in each, at 360 px (with axe);
# German also at desktop width.
LANGUAGES = {"de": "", "ar": "/ar", "tr": "/tr"}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(portal, page, name):
    page.goto(portal + PAGES[name])
    count, report = axe_report(page)
    assert count == 0, report


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_readable_and_accessible_at_360_pixels_without_horizontal_scrolling(
    portal, browser, name, language
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(portal + LANGUAGES[language] + PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    count, report = axe_report(page)
    context.close()
    assert width <= 360
    assert count == 0, report


def test_the_first_tab_reaches_a_visible_skip_link_that_jumps_to_the_content(portal, page):
    page.goto(portal + "/massnahmen/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert box >= 0 and outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_focus_is_visible_on_links_and_buttons(portal, page):
    page.goto(portal + "/angebote/")
    for _ in range(4):
        page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] != "none" and style[1] != "0px"


def test_filters_work_without_javascript(portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(portal + "/massnahmen/")
    page.select_option("#filter-handlungsfeld", "wohnen-und-quartier")
    page.click("form.filters button[type=submit]")
    # Wait for the answer to load: the address changes before the new page is there.
    page.wait_for_url("**handlungsfeld=wohnen-und-quartier**")
    assert "handlungsfeld=wohnen-und-quartier" in page.url
    assert "Runder Tisch" in page.content()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_measure_prints_without_navigation(portal, page, language):
    page.goto(portal + LANGUAGES[language] + "/massnahmen/gladbecker-erklaerung/")
    page.emulate_media(media="print")
    assert page.is_hidden(".site-nav")
    assert page.is_hidden(".language-switch")
    assert page.is_visible("h1")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
