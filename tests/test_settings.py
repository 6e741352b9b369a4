"""Settings come from the environment: SQLite by default, PostgreSQL from DATABASE_URL, and no
production start without a secret key."""

import os
import subprocess
import sys

from gladbeck.settings import database_from_url


def test_no_database_url_means_an_sqlite_file():
    config = database_from_url("")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("db.sqlite3")


def test_a_postgres_url_is_split_into_its_parts():
    config = database_from_url("postgres://portal:g%40heim@db.example:5433/gladbeck")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "portal",
        "g@heim",
        "db.example",
        "5433",
        "gladbeck",
    )


def test_an_unknown_database_scheme_is_refused_with_a_clear_message():
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x@y/z")


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment |= env
    return subprocess.run(
        [sys.executable, "manage.py", "check"], env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DEBUG="0", SECRET_KEY="s" * 50, ALLOWED_HOSTS="portal.example")
    assert result.returncode == 0, result.stderr


def test_the_portal_speaks_german_in_berlin_time():
    from django.conf import settings

    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE) == ("de", "Europe/Berlin")
