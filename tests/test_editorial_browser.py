"""The editorial journey in a real browser (issue 10): a provider edits a published offer, the
public page stays unchanged, the Redaktion finds it in the inbox, reads the diff, previews it
and approves it, the public page changes and the provider gets an e-mail. Screenshots of the
inbox and the diff go to screenshots/ (git-ignored) for a person to look at."""

import email
import email.policy
from pathlib import Path

import pytest

from tests.browser import ROOT, manage

PASSWORD = "Redaktionsweg-im-Browser-2027"
SETUP = f"""
from django.contrib.auth.models import Group, User
from gladbeck.models import Organisation, ProviderAccount
from gladbeck.publishing import Publication
from offers.models import Category, Offer
org = Organisation.objects.create(name="Nachbarschaftsverein (Demo)", slug="demo-nachbarschaft")
provider = User.objects.create_user(
    "anbieter-demo", email="anbieter@example.org", password="{PASSWORD}", is_staff=True
)
provider.groups.add(Group.objects.get(name="Anbieter"))
ProviderAccount.objects.create(user=provider, organisation=org)
editor = User.objects.create_user(
    "redaktion-demo", email="redaktion@example.org", password="{PASSWORD}", is_staff=True
)
editor.groups.add(Group.objects.get(name="Redaktion"))
Offer.objects.create(
    title="Sprachtreff am Markt (Demo)",
    slug="demo-sprachtreff",
    provider=org,
    category=Category.objects.get(slug="sprachkurse-und-spracherwerb"),
    description="Dienstags um 10 Uhr im Nachbarschaftshaus.",
    publication=Publication.PUBLISHED,
)
"""
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(scope="module")
def editorial_users(portal, portal_folder):
    """The provider, its published offer and the Redaktion member, made once."""
    manage(portal_folder, "shell", "-c", SETUP)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context
    context.close()


def log_in(context, portal, username, next_path):
    page = context.new_page()
    page.goto(f"{portal}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")
    return page


def public_text(browser, url):
    anonymous = browser.new_context(locale="de-DE")
    page = anonymous.new_page()
    page.goto(url)
    text = page.locator("main").inner_text()
    anonymous.close()
    return text


def test_a_providers_change_is_reviewed_previewed_approved_and_the_provider_is_told(
    portal, portal_folder, browser, context, editorial_users
):
    offer_url = portal + "/angebote/demo-sprachtreff/"
    SCREENSHOTS.mkdir(exist_ok=True)

    # The provider edits its published offer.
    provider = log_in(context, portal, "anbieter-demo", "/admin/offers/offer/")
    provider.get_by_role("link", name="Sprachtreff am Markt (Demo)").click()
    provider.wait_for_selector("#id_description")
    provider.fill("#id_description", "Mittwochs um 16 Uhr im Nachbarschaftshaus.")
    provider.click("input[name=_save]")
    provider.wait_for_url("**/admin/offers/offer/")
    assert "Die Redaktion prüft sie" in provider.locator(".messagelist").inner_text()
    assert "Änderung wartet auf Prüfung" in provider.locator("#result_list").inner_text()
    context.clear_cookies()

    # The public page is unchanged.
    assert "Dienstags um 10 Uhr" in public_text(browser, offer_url)

    # The Redaktion finds it in the inbox, reads the diff and previews it.
    editor = log_in(context, portal, "redaktion-demo", "/admin/")
    inbox = editor.locator("#inbox")
    assert "Geändert: Angebote" in inbox.inner_text()
    inbox.screenshot(path=str(SCREENSHOTS / "inbox.png"))
    editor.screenshot(path=str(SCREENSHOTS / "admin-start-with-inbox.png"), full_page=True)
    inbox.get_by_role("link", name="Sprachtreff am Markt (Demo)").click()
    editor.wait_for_selector("table.review-diff")
    diff = editor.locator("table.review-diff").inner_text()
    assert "Beschreibung" in diff and "Mittwochs um 16 Uhr" in diff and "Dienstags" in diff
    editor.screenshot(path=str(SCREENSHOTS / "review-diff.png"), full_page=True)
    review_url = editor.url
    preview_link = editor.get_by_role("link", name="Vorschau auf der Website")
    editor.goto(portal + preview_link.get_attribute("href"))
    assert "Vorschau – nicht veröffentlicht" in editor.locator(".preview-banner").inner_text()
    assert "Mittwochs um 16 Uhr" in editor.locator("main").inner_text()
    editor.screenshot(path=str(SCREENSHOTS / "preview.png"))
    assert "Dienstags um 10 Uhr" in public_text(browser, offer_url)

    # Approving publishes the change and tells the provider.
    editor.goto(review_url)
    editor.click("input[name=_approve]")
    editor.wait_for_selector(".messagelist")
    assert "freigegeben" in editor.locator(".messagelist").inner_text()
    public = public_text(browser, offer_url)
    assert "Mittwochs um 16 Uhr" in public and "Dienstags" not in public
    # The history tells it in German, with the author's name.
    editor.goto(review_url)
    editor.locator("#content-main").get_by_role("link", name="Sprachtreff am Markt (Demo)").click()
    editor.wait_for_selector("#offer_form")
    editor.goto(editor.url.replace("/change/", "/history/"))
    history = editor.locator("#change-history").inner_text()
    assert "anbieter-demo" in history and "Mittwochs um 16 Uhr" in history
    editor.screenshot(path=str(SCREENSHOTS / "history.png"), full_page=True)

    mails = sent_mails(portal_folder / "mail")
    to_provider = [mail for mail in mails if mail["To"] == "anbieter@example.org"]
    assert len(to_provider) == 1 and str(to_provider[0]["Subject"]).strip().startswith(
        "Freigegeben"
    )
    assert any(mail["To"] == "redaktion@example.org" for mail in mails)


def sent_mails(folder):
    """The messages Django's file backend wrote (several per file, separated by dashes)."""
    messages = []
    for path in sorted(Path(folder).glob("*")):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                messages.append(
                    email.message_from_string(part.strip(), policy=email.policy.default)
                )
    return messages


DRAFT = """
from gladbeck.publishing import Publication
from measures.models import ActionField, Measure
Measure.objects.create(
    title="Entwurf Kranichtreff (Demo)",
    slug="demo-entwurf-kranich",
    summary="Noch nicht veröffentlicht: ein Treffpunkt am Kranichweg.",
    action_field=ActionField.objects.get(number=1),
    publication=Publication.DRAFT,
)
"""


def test_a_draft_is_previewed_by_staff_and_never_shown_to_visitors(
    portal, portal_folder, browser, context, editorial_users
):
    manage(portal_folder, "shell", "-c", DRAFT)
    url = portal + "/massnahmen/demo-entwurf-kranich/"
    anonymous = browser.new_context(locale="de-DE")
    visitor = anonymous.new_page()
    for address in (url, url + "?vorschau=1"):
        assert visitor.goto(address).status == 404
    anonymous.close()

    editor = log_in(context, portal, "redaktion-demo", "/admin/measures/measure/?q=Kranich")
    editor.get_by_role("link", name="Entwurf Kranichtreff (Demo)").click()
    editor.wait_for_selector("#measure_form")
    editor.get_by_role("link", name="Auf der Website anzeigen").click()
    editor.wait_for_url("**/massnahmen/demo-entwurf-kranich/?vorschau=1")

    assert "Vorschau – nicht veröffentlicht" in editor.locator(".preview-banner").inner_text()
    assert "Kranichweg" in editor.locator("main").inner_text()
    assert editor.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    editor.screenshot(path=str(SCREENSHOTS / "preview-draft.png"))


def test_a_save_with_a_new_first_step_is_one_german_history_entry(
    portal, browser, context, editorial_users
):
    editor = log_in(context, portal, "redaktion-demo", "/admin/measures/measure/?q=Erkl%C3%A4rung")
    editor.get_by_role("link", name="Gladbecker Erklärung", exact=False).first.click()
    editor.wait_for_selector("#measure_form")
    change_url = editor.url
    step = editor.locator("#steps-group tbody tr.form-row:not(.has_original) textarea").first
    step.fill("Entwurf der Erklärung im Integrationsrat vorstellen (Browsertest)")
    editor.fill("#id_summary", "Kurzfassung aus dem Browsertest.")
    editor.click("input[name=_save]")
    editor.wait_for_load_state()
    errors = editor.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()

    editor.goto(change_url.replace("/change/", "/history/"))
    rows = editor.locator("#change-history tbody tr")
    newest = rows.first.inner_text()
    assert "hinzugefügt" in newest and "Browsertest" in newest
    assert "Kurzfassung" in newest and "redaktion-demo" in newest
    assert "Changes" not in editor.locator("#change-history").inner_text()
    editor.screenshot(path=str(SCREENSHOTS / "history-inline.png"), full_page=True)


def test_a_web_address_typed_from_a_title_transliterates_german(portal, context, editorial_users):
    editor = log_in(context, portal, "redaktion-demo", "/admin/measures/measure/add/")
    editor.locator("#id_title").press_sequentially("Begegnungsstätte für Ältere an der Straße")
    assert editor.input_value("#id_slug") == "begegnungsstaette-fuer-aeltere-an-der-strasse"


@pytest.mark.parametrize("changelist", ["measures/measure", "offers/offer"])
def test_the_changelists_fit_1280_pixels_without_scrolling_sideways(
    portal, context, editorial_users, changelist
):
    editor = log_in(context, portal, "redaktion-demo", f"/admin/{changelist}/")
    overflow = editor.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    table = editor.evaluate(
        "() => { const t = document.querySelector('#result_list');"
        " const box = t.closest('.results') || t.parentElement;"
        " return box.scrollWidth - box.clientWidth; }"
    )
    editor.screenshot(path=str(SCREENSHOTS / f"changelist-{changelist.split('/')[1]}.png"))
    assert overflow <= 0 and table <= 0, (overflow, table)
