"""`backup` and `restore` bring back every record: identical counts for every model."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def postgres_admin(config):
    """An autocommit connection of its own: CREATE DATABASE cannot run in a transaction."""
    import psycopg2

    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    return admin


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own (a file, or a new PostgreSQL database on the test server)."""
    config = settings.DATABASES["default"]
    if config["ENGINE"].endswith("postgresql"):
        name = f"gladbeck_backup_{uuid.uuid4().hex[:8]}"
        admin = postgres_admin(config)
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
        yield f"postgres://{auth}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{name}"
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


def test_a_backup_restores_identical_counts_for_every_model(scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database}
    manage(env, "migrate", "-v0")
    manage(env, "load_concept", "-v0")
    original = json.loads(manage(env, "count_rows"))
    backup = manage(env, "backup", "--output", str(tmp_path / "sicherung"))
    manage(
        env, "shell", "-c", "from measures.models import Measure; Measure.objects.all().delete()"
    )
    damaged = json.loads(manage(env, "count_rows"))
    assert damaged["measures.Measure"] == 0
    manage(env, "restore", backup)
    assert json.loads(manage(env, "count_rows")) == original
    assert original["measures.Measure"] > 0
