"""When PostgreSQL goes away, public pages answer 503 with a readable page, and recover by
themselves once it is back. Needs control over the server: CI sets PG_STOP_CMD and
PG_START_CMD (shell commands) and runs this file on its own, after the main suite."""

import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connections

from tests.browser import start_portal, stop_portal
from tests.test_backup import postgres_admin

pytestmark = pytest.mark.skipif(
    not (os.environ.get("PG_STOP_CMD") and os.environ.get("PG_START_CMD")),
    reason="needs PG_STOP_CMD and PG_START_CMD to stop and start PostgreSQL",
)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def portal_on_postgres(tmp_path):
    config = settings.DATABASES["default"]
    assert config["ENGINE"].endswith("postgresql"), "run with DATABASE_URL=postgres://…"
    name = f"gladbeck_faults_{uuid.uuid4().hex[:8]}"
    admin = postgres_admin(config)
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    admin.close()
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    url = f"postgres://{auth}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{name}"
    server, base = start_portal(tmp_path, database_url=url, PUBLIC_PAGE_CACHE="0")
    yield base
    stop_portal(server)
    connections.close_all()
    admin = postgres_admin(config)
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_pages_answer_503_while_the_database_is_down_and_recover(portal_on_postgres):
    page = portal_on_postgres + "/massnahmen/"
    assert fetch(page)[0] == 200
    subprocess.run(os.environ["PG_STOP_CMD"], shell=True, check=True)
    try:
        status, body = fetch(page)
        assert status == 503
        assert "Das Portal ist gleich wieder da" in body
        assert fetch(portal_on_postgres + "/angebote/rucksackprogramme/")[0] == 503
    finally:
        subprocess.run(os.environ["PG_START_CMD"], shell=True, check=True)
    for _ in range(50):
        status, body = fetch(page)
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200
    assert "Maßnahmen gefunden" in body
