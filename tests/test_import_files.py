"""Uploaded import files belong to the login that uploaded them and do not outlive their
import (security review finding 8): another login's upload is refused and stays intact, a
second confirmation imports nothing twice and says so, an unconfirmed preview expires after an
hour, and nothing stays behind after an import, a broken file, a discarded preview or a killed
process. Large files are checked and imported by a process of their own, with a page that
shows the progress (finding 7)."""

import csv
import datetime
import io
import os
import subprocess
import tempfile
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gladbeck.models import Organisation, ProviderAccount
from gladbeck.roles import PROVIDERS
from offers.models import Offer

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:offers_offer_import")
PROCESS = reverse("admin:offers_offer_process_import")


def offers_file(*slugs, provider=""):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Kürzel", "Titel", "Anbieter", "Kategorie"])
    for slug in slugs:
        writer.writerow([slug, f"Angebot {slug}", provider, "Beratung"])
    return buffer.getvalue().encode()


def upload(client, content, name="angebote.csv"):
    """Upload and preview; the page the browser ends on."""
    data = {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)}
    return client.post(IMPORT, data, follow=True)


def confirmation(preview):
    """What the confirm button of a preview sends."""
    form = preview.context["confirm_form"]
    assert form is not None, preview.content.decode()[-2000:]
    return {name: form.initial.get(name, "") for name in form.fields}


def import_run(preview):
    from gladbeck.staff_import.models import ImportRun

    return ImportRun.objects.get(pk=preview.context["run"].pk)


@pytest.fixture
def other_provider(db):
    organisation = Organisation.objects.create(name="Anderer Träger e.V.", slug="anderer-traeger")
    user = User.objects.create_user("anbieter-2", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=PROVIDERS))
    ProviderAccount.objects.create(user=user, organisation=organisation)
    return user


def test_a_provider_cannot_confirm_another_providers_upload(
    client, provider, provider_org, other_provider
):
    client.force_login(provider)
    preview = upload(client, offers_file("eigenes-angebot"))
    stolen = confirmation(preview)

    client.force_login(other_provider)
    response = client.post(PROCESS, stolen)
    assert response.status_code == 302
    assert response.url == IMPORT
    assert not Offer.objects.filter(slug="eigenes-angebot").exists()

    # The upload is intact: its owner still confirms it.
    client.force_login(provider)
    assert client.post(PROCESS, stolen).status_code == 302
    assert Offer.objects.get(slug="eigenes-angebot").provider == provider_org


def test_a_file_name_from_the_temp_folder_is_refused_and_the_file_stays(client, provider):
    handle, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(handle, "wb") as file:
        file.write(offers_file("aus-fremder-datei"))
    try:
        client.force_login(provider)
        response = client.post(
            PROCESS,
            {
                "import_file_name": os.path.basename(path),
                "original_file_name": "fremd.csv",
                "format": "0",
                "resource": "0",
            },
        )
        assert response.status_code == 302
        assert os.path.exists(path)
        assert not Offer.objects.filter(slug="aus-fremder-datei").exists()
    finally:
        os.remove(path)


def test_another_login_cannot_open_the_page_of_an_upload(client, provider, other_provider):
    client.force_login(provider)
    preview = upload(client, offers_file("geheimes-angebot"))
    client.force_login(other_provider)
    response = client.get(preview.request["PATH_INFO"], follow=True)
    assert "geheimes-angebot" not in response.content.decode()
    assert "gehört nicht zu Ihrer Anmeldung" in response.content.decode()


def test_a_second_confirmation_imports_nothing_twice_and_says_so(client, editor):
    client.force_login(editor)
    preview = upload(client, offers_file("doppelt-bestaetigt"))
    data = confirmation(preview)
    assert client.post(PROCESS, data).status_code == 302
    offer = Offer.objects.get(slug="doppelt-bestaetigt")

    again = client.post(PROCESS, data, follow=True)
    assert again.status_code == 200
    assert "schon bestätigt" in again.content.decode()
    assert Offer.objects.filter(slug="doppelt-bestaetigt").count() == 1
    assert offer.history.count() == 1


def test_an_unconfirmed_preview_expires_after_an_hour(client, editor):
    client.force_login(editor)
    preview = upload(client, offers_file("zu-spaet-bestaetigt"))
    data = confirmation(preview)
    later = timezone.now() + datetime.timedelta(minutes=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        upload(client, offers_file("spaeterer-upload"))  # every upload cleans up
        response = client.post(PROCESS, data, follow=True)
    assert "Vorschau ist abgelaufen" in response.content.decode()
    assert not Offer.objects.filter(slug="zu-spaet-bestaetigt").exists()
    run = import_run(preview)
    assert (run.state, run.read_data()) == ("expired", None)


def test_the_clean_up_command_removes_unconfirmed_files_older_than_an_hour(client, editor):
    from gladbeck.staff_import.models import ImportRun

    client.force_login(editor)
    old = import_run(upload(client, offers_file("alt")))
    recent = import_run(upload(client, offers_file("neu")))
    ImportRun.objects.filter(pk=old.pk).update(
        checked_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    call_command("run_import")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.read_data()) == ("expired", None)
    assert (recent.state, recent.read_data() is not None) == ("ready", True)


def test_the_uploaded_file_is_removed_once_imported(client, editor):
    client.force_login(editor)
    preview = upload(client, offers_file("importiert"))
    assert import_run(preview).read_data() is not None
    client.post(PROCESS, confirmation(preview))
    run = import_run(preview)
    assert (run.state, run.new, run.read_data()) == ("done", 1, None)


def test_a_file_with_errors_is_not_kept(client, editor):
    client.force_login(editor)
    preview = upload(client, b"K\xfcrzel;Titel\nkaputt;Kaputt\n")  # not UTF-8
    run = import_run(preview)
    assert (run.state, run.read_data()) == ("invalid", None)
    assert "nicht UTF-8-kodiert" in preview.content.decode()


def test_a_discarded_preview_removes_its_file(client, editor):
    client.force_login(editor)
    preview = upload(client, offers_file("verworfen"))
    response = client.post(PROCESS, {**confirmation(preview), "discard": "1"})
    assert response.status_code == 302
    run = import_run(preview)
    assert (run.state, run.read_data()) == ("expired", None)
    assert client.post(PROCESS, confirmation(preview)).status_code == 302
    assert not Offer.objects.filter(slug="verworfen").exists()


def test_a_run_whose_process_died_is_given_up_and_its_file_removed(client, editor):
    from gladbeck.staff_import.models import ImportRun

    client.force_login(editor)
    run = import_run(upload(client, offers_file("abgebrochen")))
    ImportRun.objects.filter(pk=run.pk).update(
        state="importing", heartbeat=timezone.now() - datetime.timedelta(minutes=11)
    )
    ImportRun.objects.clean_up()
    run.refresh_from_db()
    assert (run.state, run.read_data()) == ("failed", None)
    page = client.get(reverse("admin:offers_offer_import_run", args=[run.pk])).content.decode()
    assert "Die Datei wurde nicht importiert" in page


# Large files: a process of its own, and a page that shows how far it is


def test_a_large_file_is_checked_and_imported_by_a_process_of_its_own(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    client.force_login(editor)
    with mock.patch.object(subprocess, "Popen") as popen:
        with django_capture_on_commit_callbacks(execute=True):
            waiting = upload(client, offers_file("gross-1", "gross-2"))
        command = popen.call_args.args[0]
        assert command[-2:] == [str(settings.BASE_DIR / "manage.py"), "run_import"]
        assert popen.call_args.kwargs["start_new_session"] is True
        assert '<meta http-equiv="refresh"' in waiting.content.decode()
        assert "Die Datei wird geprüft" in waiting.content.decode()

        call_command("run_import")  # what the process does
        page = client.get(waiting.request["PATH_INFO"])
        assert '<meta http-equiv="refresh"' not in page.content.decode()
        assert "Vorschau: 2 neu" in page.content.decode()

        with django_capture_on_commit_callbacks(execute=True):
            confirmed = client.post(PROCESS, confirmation(page), follow=True)
        assert popen.call_count == 2
        assert "Die Datei wird importiert" in confirmed.content.decode()
        assert not Offer.objects.filter(slug__startswith="gross-").exists()

        call_command("run_import")
    done = client.get(waiting.request["PATH_INFO"]).content.decode()
    assert "Import abgeschlossen" in done
    assert Offer.objects.filter(slug__startswith="gross-").count() == 2


def test_the_page_of_a_running_import_shows_its_progress_and_refreshes_itself(client, editor):
    from gladbeck.staff_import.models import ImportRun

    client.force_login(editor)
    run = import_run(upload(client, offers_file("laeuft")))
    ImportRun.objects.filter(pk=run.pk).update(
        state="checking", heartbeat=timezone.now(), rows_total=50000, rows_done=12000
    )
    page = client.get(reverse("admin:offers_offer_import_run", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress max="100" value="24"' in page
    assert "12000 von 50000 Zeilen (24 %)" in page


def test_a_run_nobody_works_on_gets_a_process_at_most_every_half_minute(client, editor, settings):
    from gladbeck.staff_import.models import ImportRun

    client.force_login(editor)
    run = import_run(upload(client, offers_file("wartet")))
    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    ImportRun.objects.filter(pk=run.pk).update(
        state="confirmed", confirmed_at=two_minutes_ago, heartbeat=two_minutes_ago
    )
    page = reverse("admin:offers_offer_import_run", args=[run.pk])
    with mock.patch.object(subprocess, "Popen") as popen:
        client.get(page)
        client.get(page)
    assert popen.call_count == 1


def test_each_login_sees_only_its_own_imports_in_the_list(client, editor, provider):
    client.force_login(provider)
    upload(client, offers_file("vom-anbieter"), name="anbieter.csv")
    client.force_login(editor)
    upload(client, offers_file("von-der-redaktion"), name="redaktion.csv")
    page = client.get(reverse("admin:gladbeck_importrun_changelist")).content.decode()
    assert "redaktion.csv" in page
    assert "anbieter.csv" not in page
    assert client.get(reverse("admin:gladbeck_importrun_add")).status_code == 403
