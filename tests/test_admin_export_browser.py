"""The admin's export page works under the portal's Content-Security-Policy (security review,
finding 12): its "select all" box was an inline handler that the browser refused to run."""

from tests.browser import STEERING_PASSWORD


def test_select_all_on_the_export_page_works_without_a_policy_violation(portal, browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(portal + "/admin/login/?next=/admin/measures/measure/export/")
    page.fill("#id_username", "steuerung")
    page.fill("#id_password", STEERING_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/measures/measure/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert fields.count() > 3
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))

    page.click("#select-all-toggle")

    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    assert refused == []
    context.close()
