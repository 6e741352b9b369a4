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
    result = deployment_check()
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


def production_setting(name, **environment):
    """The value of a setting as a production process computes it."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env |= PRODUCTION | environment
    result = subprocess.run(
        [sys.executable, "-c", f"from gladbeck import settings; print(settings.{name})"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_counts_the_client_behind_the_documented_proxy_by_default():
    """Security review, finding 6: with PROXY_COUNT 0 behind the proxy that `make serve`
    expects, every visitor had the proxy's address."""
    assert production_setting("PROXY_COUNT") == "1"


def deployment_check(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env | PRODUCTION | environment,
        capture_output=True,
        text=True,
    )


def test_the_deployment_check_warns_when_the_client_address_cannot_be_known():
    result = deployment_check(PROXY_COUNT="0")
    assert result.returncode != 0
    assert "gladbeck.W001" in result.stdout + result.stderr


def test_the_documented_local_try_without_https_passes_the_deployment_check():
    """Finding 12: the README suggests SECURE_SSL_REDIRECT=0 for a local `make serve`."""
    result = deployment_check(SECURE_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_wrong_passwords_from_one_visitor_behind_the_proxy_do_not_lock_out_another(
    client, settings
):
    from django.contrib.auth.models import User

    settings.PROXY_COUNT = 1
    User.objects.create_user("redakteurin", password="richtig-und-lang-2026", is_staff=True)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "redakteurin", "password": "falsch"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    attacker = client.post(
        "/admin/login/",
        {"username": "redakteurin", "password": "richtig-und-lang-2026"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **proxy,
    )
    owner = client.post(
        "/admin/login/",
        {"username": "redakteurin", "password": "richtig-und-lang-2026"},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **proxy,
    )
    assert attacker.status_code == 429
    assert owner.status_code == 302


@pytest.mark.django_db
def test_after_login_with_a_foreign_next_address_staff_land_in_the_admin(client):
    """Finding 12: an invalid ``next`` led to /accounts/profile/, a 404."""
    from django.contrib.auth.models import User

    User.objects.create_user("redakteurin", password="richtig-und-lang-2026", is_staff=True)
    response = client.post(
        "/admin/login/?next=https://example.invalid/",
        {
            "username": "redakteurin",
            "password": "richtig-und-lang-2026",
            "next": "https://example.invalid/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
