"""Restore a copy written by `backup`, replacing the current content of the database."""

import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gladbeck.management.commands.backup import postgres_args, postgres_env


class Command(BaseCommand):
    help = "Stellt eine mit `backup` geschriebene Sicherung wieder her (ersetzt alle Inhalte)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="die Sicherungsdatei")

    def handle(self, *args, file, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(f"Sicherung {source} nicht gefunden.")
        config = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            connection.close()
            command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            command += postgres_args(config) + [f"--dbname={config['NAME']}", str(source)]
            result = subprocess.run(
                command, env=postgres_env(config), capture_output=True, text=True
            )
            if result.returncode:
                raise CommandError(f"pg_restore ist fehlgeschlagen: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            with sqlite3.connect(source) as backup:
                if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise CommandError(f"{source} ist keine intakte SQLite-Sicherung.")
                connection.ensure_connection()
                backup.backup(connection.connection)
            backup.close()
        else:
            raise CommandError(f"Keine Wiederherstellung für {connection.vendor!r} eingerichtet.")
        self.stdout.write(self.style.SUCCESS(f"Wiederhergestellt aus {source}."))
