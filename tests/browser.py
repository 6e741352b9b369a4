"""A real portal for browser tests: its own SQLite database with the whole concept, production
settings (DEBUG off, static files through whitenoise), served on a free loopback port."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STEERING_PASSWORD = "Sachstand-im-Browser-2027"
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
    missing browser fails instead of passing silently. The browser tests serve a portal on
    a SQLite database of its own whatever DATABASE_URL says, so CI runs them in its SQLite
    pass only and sets BROWSER_TESTS_DONE=1 for the PostgreSQL pass."""
    if os.environ.get("BROWSER_TESTS_DONE") == "1":
        pytest.skip("the browser tests ran in this CI run's SQLite pass (their own portal)")
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env(tmp_path, database_url=None, **extra_env):
    """Production settings on a database of its own (SQLite in ``tmp_path`` by default)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'browser.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_DIR": str(tmp_path / "cache"),
        "STATIC_ROOT": str(tmp_path / "static"),
        **extra_env,
    }


def start_portal(tmp_path, database_url=None, **extra_env):
    """Start the portal (see portal_env); returns the server process and its base URL."""
    env = portal_env(tmp_path, database_url, **extra_env)
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


def manage(tmp_path, *args):
    """Run a management command against the database of the portal started in ``tmp_path``."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    env = portal_env(tmp_path)
    subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


CREATE_STEERING_MEMBER = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user("steuerung", password="{STEERING_PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name="Steuerungsgruppe"))
"""


# The concept names no offer with a district or a cost, so the resident's journey (a free
# German course for women with childcare in Brauck) gets one clearly fake offer, no contact data.
CREATE_DEMO_OFFER = """
from gladbeck.models import District, TargetGroup
from gladbeck.publishing import Publication
from offers.models import Category, Cost, Offer
offer = Offer.objects.create(
    title="Deutschkurs für Frauen mit Kinderbetreuung (Demo)",
    slug="demo-deutschkurs-frauen",
    category=Category.objects.get(slug="sprachkurse-und-spracherwerb"),
    description="Testangebot der Browsertests, kein echtes Angebot.",
    cost=Cost.FREE,
    childcare=True,
    publication=Publication.PUBLISHED,
)
offer.districts.add(District.objects.get(slug="brauck"))
offer.target_groups.add(TargetGroup.objects.get(slug="frauen"))
"""


def axe_report(page):
    """The axe-core violations of WCAG 2.1 A/AA on ``page``: (count, readable report)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.violations_count, results.generate_report()


def stop_portal(server):
    server.terminate()
    server.wait(timeout=10)
