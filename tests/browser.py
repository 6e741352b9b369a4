"""A real portal for browser tests: its own SQLite database with the whole concept, production
settings (DEBUG off, static files through whitenoise), served on a free loopback port."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
ROOT = Path(__file__).resolve().parent.parent


def require_browser():
    """Skip without Chromium on a developer's machine; CI sets REQUIRE_BROWSER=1 so that a
    missing browser fails instead of passing silently."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_portal(tmp_path, database_url=None, **extra_env):
    """Start the portal with production settings on its own database (SQLite in ``tmp_path``
    unless ``database_url`` is given); returns the server process and its base URL."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'browser.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_DIR": str(tmp_path / "cache"),
        **extra_env,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["load_concept", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/leitbild/", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the portal did not start")


def stop_portal(server):
    server.terminate()
    server.wait(timeout=10)
    shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)
