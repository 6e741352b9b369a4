"""Checking and importing the file of an ImportRun.

A small file is checked and imported within the request. A larger one would not finish
before the server ends the request (gunicorn: 30 seconds), so a process of its own does the
work, ``manage.py run_import``, started by the request and gone when no run is waiting; the
page of the run shows its progress meanwhile and refreshes itself. At most
``IMPORT_PARALLEL_RUNS`` such processes work at once (one on SQLite, which has one writer at a
time); a run that finds all of them busy waits for the next free one.

A run goes QUEUED → CHECKING → READY (or INVALID) → CONFIRMED → IMPORTING → DONE (or INVALID);
each step is claimed with one UPDATE on the state it leaves, so no run is checked or imported
twice, whoever asks twice.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import CURSOR
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gladbeck.background import start_command
from gladbeck.staff_import.files import ImportFileError, open_table, read_rows
from gladbeck.staff_import.models import ImportRun
from gladbeck.staff_import.resources import Outcome

logger = logging.getLogger(__name__)

State = ImportRun.State

#: Seconds between two reports of progress.
REPORT_EVERY = 1.0


def inline_max_bytes():
    """Files up to this size are checked and imported within the request."""
    return getattr(settings, "IMPORT_INLINE_MAX_BYTES", 200_000)


def parallel_runs():
    """SQLite has one writer at a time: there, one process works off the runs in turn."""
    if connection.vendor == "sqlite":
        return 1
    return getattr(settings, "IMPORT_PARALLEL_RUNS", 2)


def runs_here(run):
    return run.file_size <= inline_max_bytes()


# Starting work


def start(run):
    """Have ``run`` checked or imported: at once for a small file, else by a process of its
    own (started once the current transaction is committed, so that it finds the run)."""
    if runs_here(run):
        work_on(run)
    else:
        in_background(run)


def in_background(run):
    transaction.on_commit(launch, robust=True)


def launch():
    """Start ``manage.py run_import`` unless enough processes are at work already."""
    if ImportRun.objects.running().count() >= parallel_runs():
        return  # one of them takes the next waiting run when it is done
    start_command("run_import")


def revive(run):
    """A run that waits although no process works on it (the process died before it claimed
    the run, or the server restarted): start one, at most every half minute."""
    if run.state not in (State.QUEUED, State.CONFIRMED):
        return
    now = timezone.now()
    waits_since = run.confirmed_at if run.state == State.CONFIRMED else run.created_at
    since = max(filter(None, [run.heartbeat, waits_since]))
    if (now - since).total_seconds() < 30:
        return
    waiting = ImportRun.objects.filter(pk=run.pk, state=run.state, heartbeat=run.heartbeat)
    try:
        revived = waiting.update(heartbeat=now)
    except DatabaseError:  # SQLite, while another process saves an import: try again later
        return
    if revived:
        launch()


# Doing the work


def work():
    """What ``manage.py run_import`` does: take waiting runs, oldest first, until none waits."""
    try:
        ImportRun.objects.clean_up()
    except DatabaseError:
        logger.warning("Cleaning up import runs failed", exc_info=True)
    while (run := claim_next()) is not None:
        process(run)


def claim_next():
    for run in ImportRun.objects.filter(state__in=[State.QUEUED, State.CONFIRMED]).order_by(
        "created_at"
    )[:10]:
        if claim(run):
            return run
    return None


def claim(run):
    """Move ``run`` from waiting to working; False if someone else did it first."""
    target = {State.QUEUED: State.CHECKING, State.CONFIRMED: State.IMPORTING}.get(run.state)
    if target is None:
        return False
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run.pk, state=run.state)
    if not claimed.update(state=target, heartbeat=now, rows_done=0):
        return False
    run.state, run.heartbeat, run.rows_done = target, now, 0
    return True


def work_on(run):
    """Check or import ``run`` in this process, if nobody else does."""
    if claim(run):
        process(run)


def process(run):
    importing = run.state == State.IMPORTING
    progress = Progress(run, importing)
    try:
        with readers_not_blocked() if importing else contextlib.nullcontext():
            outcome = read_and_import(run, progress, dry_run=not importing)
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        outcome = Outcome()
        outcome.add_file_error(
            _(
                "Die Datei konnte wegen eines Fehlers im Portal nicht verarbeitet werden; es "
                "wurde nichts gespeichert. Bitte versuchen Sie es später noch einmal."
            )
        )
        finish(run, outcome, State.FAILED)
        return
    finally:
        progress.close()
    if outcome.has_errors():
        finish(run, outcome, State.INVALID)
    else:
        finish(run, outcome, State.DONE if importing else State.READY)


def read_and_import(run, progress, dry_run):
    resource = import_string(run.resource)(user=run.user)
    data = run.read_data()
    if data is None:
        raise RuntimeError("The file of this run is gone.")
    try:
        table = open_table(data, run.file_format)
    except ImportFileError as error:
        outcome = Outcome()
        outcome.add_file_error(error)
        return outcome
    with table:
        if table.total is not None:
            ImportRun.objects.filter(pk=run.pk).update(rows_total=table.total)
            run.rows_total = table.total
        return resource.import_table(
            table.headers,
            read_rows(table),
            dry_run=dry_run,
            file_name=run.file_name,
            progress=progress,
        )


@contextlib.contextmanager
def readers_not_blocked():
    """SQLite (in its default journal mode) locks out even readers once a transaction writes
    more than its page cache holds (2 MB), so the site would answer 503 while a large file is
    saved. Here the transaction's pages stay in memory until it commits (the process grows by
    about the size of the saved rows: 150 MB for 50,000 offers). Writers still wait for it."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_spill = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_spill = ON")


def finish(run, outcome, state):
    now = timezone.now()
    values = {
        "state": state,
        "rows_done": outcome.rows,
        "new": outcome.new,
        "updated": outcome.updated,
        "skipped": outcome.skipped,
        "invalid": outcome.invalid,
        "errors": [[None, "", message] for message in outcome.file_errors] + outcome.errors,
        "error_count": len(outcome.file_errors) + outcome.error_count,
        "preview": {
            "headers": outcome.preview_headers,
            "rows": outcome.preview,
            "unchanged": outcome.unchanged,
        },
        "heartbeat": now,
    }
    if state == State.READY:
        values["checked_at"] = now
    else:
        values["finished_at"] = now
        values["data"] = None  # nothing more to do with the file
    ImportRun.objects.filter(pk=run.pk).update(**values)
    for name, value in values.items():
        if name != "data":
            setattr(run, name, value)


class Progress:
    """Reports rows done and a sign of life to the run, at most every REPORT_EVERY seconds.

    While importing, the rows are written in one transaction, which other processes do not
    see before it ends; the progress is written through a connection of its own. SQLite has
    one writer at a time, so there an import reports no progress until it is done."""

    def __init__(self, run, importing):
        self.run = run
        self.last = time.monotonic()
        self.connection = None
        self.silent = False
        if importing:
            if connection.vendor == "sqlite":
                self.silent = True
            else:
                self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, outcome):
        if self.silent or time.monotonic() - self.last < REPORT_EVERY:
            return
        self.last = time.monotonic()
        values = {"rows_done": outcome.rows, "heartbeat": timezone.now()}
        try:
            if self.connection is None:
                ImportRun.objects.filter(pk=self.run.pk).update(**values)
            else:
                query = ImportRun.objects.filter(pk=self.run.pk).query.chain(UpdateQuery)
                query.add_update_values(values)
                query.get_compiler(connection=self.connection).execute_sql(CURSOR)
        except DatabaseError:  # the progress is no reason to stop the work
            logger.warning("Reporting the progress of import run %s failed", self.run.pk)

    def close(self):
        if self.connection is not None:
            self.connection.close()
