"""The status report in headless Chromium, as a member of the steering group sees it: no
axe-core violations of WCAG 2.1 A/AA, readable at 360 px, filters without JavaScript, and the
downloads behind the links."""

from tests.browser import STEERING_PASSWORD, axe_report


def logged_in(browser, portal, **options):
    context = browser.new_context(locale="de-DE", **options)
    page = context.new_page()
    page.goto(portal + "/admin/login/?next=/berichte/sachstand/")
    page.fill("#id_username", "steuerung")
    page.fill("#id_password", STEERING_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/berichte/sachstand/")
    return context, page


def test_the_report_has_no_accessibility_violations(portal, browser):
    context, page = logged_in(browser, portal, viewport={"width": 1280, "height": 900})
    count, report = axe_report(page)
    context.close()
    assert count == 0, report


def test_the_report_is_readable_at_360_pixels(portal, browser):
    context, page = logged_in(browser, portal, viewport={"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360


def test_the_filters_work_without_javascript_and_the_pdf_link_follows_them(portal, browser):
    context, page = logged_in(browser, portal, java_script_enabled=False)
    page.select_option("#id_handlungsfeld", "wohnen-und-quartier")
    page.click("form.report-filters button[type=submit]")
    page.wait_for_url("**handlungsfeld=wohnen-und-quartier**")
    assert "handlungsfeld=wohnen-und-quartier" in page.url
    assert page.locator("section.report-field").count() == 1
    with page.expect_download() as download:
        page.click("text=PDF herunterladen")
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename.startswith("sachstandsbericht-")
    context.close()
