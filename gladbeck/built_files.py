"""Files made by a process of their own (gladbeck/background.py) and kept for the next
request that asks for the same thing: the status report's large PDFs.

A ``BuiltFiles`` is a folder in ``CACHE_DIR`` (shared by every server process on the machine
and by the builders), within a folder of the database's own (``CACHE_KEY_PREFIX``): like the
cached pages, a file made from one database is never served for another that happens to reach
the same key (the tests found a benchmark database's PDF). A file is named by its key: whoever
asks for the same content under the same key gets the finished file instead of a new build.
Beside a file being made lies a marker (``<key>.building``); the builder touches it every
``HEARTBEAT_SECONDS`` while it works (``heartbeat()``). A marker untouched for
``stale_seconds`` belongs to a builder that died or failed, and the next request starts a new
build: a build that keeps failing is retried at most once per ``stale_seconds``, not on every
refresh of the waiting page. Files and markers older than ``keep_seconds`` are removed whenever
a file is stored.
"""

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gladbeck.background import start_command

HEARTBEAT_SECONDS = 10


class BuiltFiles:
    def __init__(self, name, suffix, stale_seconds=30, keep_seconds=24 * 60 * 60):
        self.name = name
        self.suffix = suffix
        self.stale_seconds = stale_seconds
        self.keep_seconds = keep_seconds

    def folder(self):
        path = Path(settings.CACHE_DIR) / settings.CACHE_KEY_PREFIX / self.name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path(self, key):
        return self.folder() / f"{key}.{self.suffix}"

    def marker(self, key):
        return self.folder() / f"{key}.building"

    def stored(self, key):
        """The path of the finished file made under ``key``, or None."""
        path = self.path(key)
        return path if path.is_file() else None

    def store(self, key, content):
        """Write atomically (a reader sees the whole file or none), then remove what is
        older than ``keep_seconds``."""
        target = self.path(key)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(content)
        partial.replace(target)
        self.remove_old()

    def remove_old(self):
        limit = time.time() - self.keep_seconds
        for old in self.folder().iterdir():
            try:
                if old.stat().st_mtime < limit:
                    old.unlink(missing_ok=True)
            except FileNotFoundError:
                pass  # removed by another process meanwhile

    def building(self, key):
        """A builder works on ``key`` (its marker was touched within ``stale_seconds``)."""
        try:
            return time.time() - self.marker(key).stat().st_mtime < self.stale_seconds
        except FileNotFoundError:
            return False

    def start(self, key, command, *arguments):
        """Start ``manage.py command arguments…`` once the current transaction is committed,
        unless a build of ``key`` runs (or failed less than ``stale_seconds`` ago)."""
        if self.building(key):
            return
        marker = self.marker(key)
        marker.unlink(missing_ok=True)  # the marker of a builder that died or failed
        try:
            marker.open("x").close()
        except FileExistsError:
            return  # another request was quicker
        transaction.on_commit(lambda: start_command(command, *arguments), robust=True)

    @contextmanager
    def heartbeat(self, key):
        """For the builder: keep the marker fresh while the block runs; remove it when the
        block succeeds. After a failure the marker stays and goes stale: the next request
        after ``stale_seconds`` tries again."""
        marker = self.marker(key)
        stop = threading.Event()

        def beat():
            while not stop.wait(HEARTBEAT_SECONDS):
                marker.touch()

        marker.touch()
        thread = threading.Thread(target=beat, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
        marker.unlink(missing_ok=True)
