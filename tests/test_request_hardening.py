"""Text that PostgreSQL cannot hold is refused with a readable 400, and server errors are
logged with their traceback in production (security review, finding 9)."""

import os
import subprocess
import sys

import pytest

from tests.test_production_settings import PRODUCTION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/suche/?q=%00",
        "/suche/?q=Sprach%00kurs",
        "/api/hsds/services?search=%00",
        "/angebote/?q=%00",
        "/massnahmen/?q=a%00",
        "/aenderungen/?q=%00",
        "/angebote/?%00=1",
        "/monitoring/bev-auslaender/?stichtag=%00",
    ],
)
def test_a_nul_character_in_a_parameter_is_refused_with_a_readable_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Zeichen, die hier nicht erlaubt sind" in response.content.decode()


def test_a_nul_character_in_a_posted_form_is_refused(client):
    response = client.post(
        "/admin/login/",
        "username=red%00aktion&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_ordinary_searches_still_work(client):
    response = client.get("/suche/?q=Sprachkurs")
    assert response.status_code == 200


def test_a_server_error_in_production_is_logged_with_its_traceback_to_stderr():
    script = (
        "from unittest import mock\n"
        "from django.conf import settings\n"
        "from django.test import Client, override_settings\n"
        "def failing_view(request):\n"
        "    raise RuntimeError('Testfehler 4711')\n"
        # The error page without collected static files (their manifest is production's).
        "storages = {**settings.STORAGES, 'staticfiles': {'BACKEND': "
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "with override_settings(STORAGES=storages), "
        "mock.patch('gladbeck.views.health', failing_view):\n"
        "    response = Client(raise_request_exception=False).get("
        "'/gesundheit/', HTTP_HOST='integration.gladbeck.example', secure=True)\n"
        "print(response.status_code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().endswith("500"), result.stdout + result.stderr
    assert "Traceback" in result.stderr
    assert "RuntimeError: Testfehler 4711" in result.stderr
