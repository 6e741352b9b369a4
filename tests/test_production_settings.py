"""Production settings pass Django's deployment checks and send the security headers."""

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "f9a1c0d7e2b4" * 5,
    "ALLOWED_HOSTS": "integration.gladbeck.example",
}


def test_check_deploy_passes_without_warnings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_send_the_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_failed_logins_are_throttled_per_user_and_address(client):
    from django.contrib.auth.models import User

    User.objects.create_user("redakteurin", password="richtig-und-lang-2026", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "redakteurin", "password": "falsch"})
    locked = client.post(
        "/admin/login/", {"username": "redakteurin", "password": "richtig-und-lang-2026"}
    )
    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()
    other_address = client.post(
        "/admin/login/",
        {"username": "redakteurin", "password": "richtig-und-lang-2026"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other_address.status_code == 302
