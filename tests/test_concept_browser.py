"""The concept document and a comparison with real changes in headless Chromium: no axe-core
violations, readable at 360 px, the table of contents jumps to its sections. A portal of its
own, so that the changes made here touch no other browser test."""

import pytest

from tests.browser import (
    axe_report,
    manage,
    require_browser,
    start_portal,
    stop_portal,
)

# Between edition 1 and today: one measure moved on, one new, one challenge reworded.
CHANGE_THE_CONCEPT = """
from gladbeck.publishing import Publication
from measures.models import ActionField, Challenge, Measure
measure = Measure.objects.get(slug="gladbecker-erklaerung")
measure.status = "in-umsetzung"
measure.progress = 60
measure.goal = measure.goal + " Die Erklärung wird 2026 im Rat erneut bekräftigt."
measure.save()
Measure.objects.create(
    title="Sprachcafé im Quartier (Demo)", slug="demo-sprachcafe",
    action_field=ActionField.objects.get(number=2), status="geplant", progress=10,
    publication=Publication.PUBLISHED,
)
challenge = Challenge.objects.filter(rank=1).first()
challenge.wording = challenge.wording + " (überarbeitet)"
challenge.save()
"""

COMPARISON = "/konzept/ausgaben/1/vergleich/"
PAGES = ["/konzept/", COMPARISON]


@pytest.fixture(scope="module")
def concept_portal(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("konzept")
    server, base = start_portal(folder)
    manage(folder, "shell", "-c", CHANGE_THE_CONCEPT)
    yield base
    stop_portal(server)


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium (conftest.py): Playwright's sync API runs once per process."""
    return browser


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_the_document_and_a_comparison_have_no_accessibility_violations(concept_portal, page, path):
    page.goto(concept_portal + path)
    count, report = axe_report(page)
    assert count == 0, report


@pytest.mark.parametrize("path", PAGES)
def test_the_document_and_a_comparison_read_at_360_pixels(concept_portal, chromium, path):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    page = context.new_page()
    page.goto(concept_portal + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360


def test_the_comparison_shows_the_changes_made_since_edition_1(concept_portal, page):
    page.goto(concept_portal + COMPARISON)
    text = page.inner_text("main")
    assert "Sprachcafé im Quartier (Demo)" in text
    assert "(überarbeitet)" in page.inner_html("main")
    changed = page.locator("article:has(#aenderung-gladbecker-erklaerung)")
    assert changed.locator("ins").count() >= 1
    assert "in Umsetzung" in changed.inner_text()


def test_a_table_of_contents_entry_jumps_to_its_section(concept_portal, page):
    page.goto(concept_portal + "/konzept/")
    page.locator(".document-toc a[href='#monitoring']").click()
    page.wait_for_url("**#monitoring")
    top = page.evaluate("document.getElementById('monitoring').getBoundingClientRect().top")
    assert -2 <= top < 200
