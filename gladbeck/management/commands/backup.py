"""Write a consistent copy of the database to backups/ (or --output).

PostgreSQL: pg_dump in its custom format (restored with pg_restore). SQLite: the sqlite3
online backup API, which copies a consistent snapshot even while the portal is running.
"""

import datetime
import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def postgres_env(config):
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def postgres_args(config):
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            args += [option, str(config[key])]
    return args


class Command(BaseCommand):
    help = "Sichert die Datenbank (PostgreSQL: pg_dump, SQLite: Online-Backup) nach backups/."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Zieldatei (Standard: backups/<Datum>.<Endung>)")

    def handle(self, *args, output=None, **options):
        config = settings.DATABASES["default"]
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        vendor = connection.vendor
        suffix = {"postgresql": "dump", "sqlite": "sqlite3"}.get(vendor)
        if suffix is None:
            raise CommandError(f"Keine Sicherung für die Datenbank {vendor!r} eingerichtet.")
        target = Path(output or Path(settings.BASE_DIR) / "backups" / f"gladbeck-{stamp}.{suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if vendor == "postgresql":
            command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
            command += postgres_args(config) + [config["NAME"]]
            result = subprocess.run(
                command, env=postgres_env(config), capture_output=True, text=True
            )
            if result.returncode:
                raise CommandError(f"pg_dump ist fehlgeschlagen: {result.stderr.strip()}")
        else:
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
            copy.close()
        self.stdout.write(str(target))
