"""The resident's two journeys on a phone (360 × 740, German, JavaScript on as residents have
it): a free German course for women with childcare in Brauck, and what the city does about
language learning, reached in at most three taps from the start page (issue 14)."""

from pathlib import Path

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "de-DE"}
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def test_what_the_city_does_about_language_learning_in_three_taps(portal, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(portal + "/")
    page.click("nav.site-nav >> text=Handlungsfelder")  # tap 1
    page.wait_for_url("**/handlungsfelder/")
    page.click("main >> text=Sprache und Bildung")  # tap 2
    page.wait_for_url("**/handlungsfelder/sprache-und-bildung/")
    assert page.url.endswith("/handlungsfelder/sprache-und-bildung/")
    heading = page.locator("#massnahmen")
    assert heading.inner_text() == "Was getan wird"
    # What is being done comes first: its heading is on the first or second screen.
    assert heading.bounding_box()["y"] < 2 * 740
    groups = page.evaluate(
        """() => {
            const labels = [];
            let node = document.getElementById("massnahmen").nextElementSibling;
            while (node && node.id !== "herausforderungen") {
                if (node.tagName === "H3") {
                    labels.push(node.textContent.replace(/ \\(\\d+\\)$/, ""));
                }
                node = node.nextElementSibling;
            }
            return labels;
        }"""
    )
    order = ["in Umsetzung", "geplant", "Idee", "verstetigt", "umgesetzt", "zurückgestellt"]
    assert groups and groups == [label for label in order if label in groups]
    header = page.locator(".site-header").bounding_box()["height"]
    assert header < 190
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-handlungsfeld.png"))
    context.close()


def test_a_free_german_course_for_women_with_childcare_in_brauck(portal, browser):
    """With the browser portal's one demo offer (tests/browser.py): the concept's own offers
    name no district or cost."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(portal + "/")
    page.click("nav.site-nav >> text=Angebote")
    page.wait_for_url("**/angebote/")
    page.select_option("#filter-stadtteil", "brauck")
    page.select_option("#filter-zielgruppe", "frauen")
    page.check("input[name=kostenlos]")
    page.check("input[name=kinderbetreuung]")
    page.fill("#filter-q", "Deutsch lernen")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**stadtteil=brauck**")
    assert "stadtteil=brauck" in page.url and page.url.endswith("#ergebnisse")
    assert "Deutschkurs für Frauen mit Kinderbetreuung" in page.locator("#ergebnisse").inner_text()
    # The visitor lands at the results, not at the top of the form again.
    assert page.evaluate("window.scrollY") > 0
    assert page.locator("#ergebnisse").bounding_box()["y"] < 740
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-angebote-brauck.png"))
    context.close()
