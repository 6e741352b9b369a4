"""The production setup of deploy/, brought up whole on loopback: nginx with TLS (a certificate
made here) in front of two gunicorn instances, started with the ExecStart of the systemd unit
and the settings of deploy/gladbeck.env.example, on one PostgreSQL and one Redis.

Needs nginx, redis-server and openssl (Debian's packages), PostgreSQL (DATABASE_URL) and
control over it (PG_STOP_CMD and PG_START_CMD, as tests/test_faults.py). CI runs this file as
a step of its own with REQUIRE_PROXY=1, so that anything missing fails instead of skipping."""

import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.db import connections

from tests.browser import free_port
from tests.test_backup import postgres_admin

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PASSWORD = "Betrieb-auf-zwei-Instanzen-2027"
TOOLS = ["nginx", "redis-server", "openssl"]
MEASURE = "runder-tisch-wohnen"


def find(tool):
    return shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")


def require_deployment():
    """Skip what cannot run here; with REQUIRE_PROXY=1 (CI) fail instead."""
    missing = [f"{tool} (apt-get install {tool})" for tool in TOOLS if not find(tool)]
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("PostgreSQL (DATABASE_URL=postgres://…)")
    if not (os.environ.get("PG_STOP_CMD") and os.environ.get("PG_START_CMD")):
        missing.append("PG_STOP_CMD and PG_START_CMD (.ci/run runs this file as its own step)")
    if not missing:
        return
    reason = "the deployment test needs " + ", ".join(missing)
    if os.environ.get("REQUIRE_PROXY") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# The deploy/ files, read as production reads them


def example_environment():
    """deploy/gladbeck.env.example as systemd's EnvironmentFile= reads it."""
    values = {}
    for line in (DEPLOY / "gladbeck.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def exec_start(unit, instance, env):
    """The ExecStart lines of a unit in deploy/systemd/, as systemd would run them here."""
    commands = []
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if not line.startswith("ExecStart="):
            continue
        line = line.removeprefix("ExecStart=").replace("%i", str(instance))
        line = line.replace("/srv/gladbeck/.venv/bin/", str(Path(sys.executable).parent) + "/")
        line = re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], line)
        commands.append(shlex.split(line))
    assert commands, f"{unit} has no ExecStart"
    return commands


def replace_all(text, replacements):
    for old, new in replacements.items():
        assert old in text, f"deploy/ no longer holds {old!r}: update tests/test_deployment.py"
        text = text.replace(old, new)
    return text


# Starting the pieces


def wait_for_port(port, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} ended with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port}")


def stop(process):
    """Quick shutdown: SIGINT to nginx, gunicorn and redis-server alike."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_certificate(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [find("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_configuration(folder, https_port, http_port, instances, cert, key, static_root):
    site = replace_all(
        (DEPLOY / "nginx" / "gladbeck.conf").read_text(),
        {
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/etc/ssl/gladbeck/fullchain.pem": str(cert),
            "/etc/ssl/gladbeck/privkey.pem": str(key),
            "server 127.0.0.1:8001": f"server 127.0.0.1:{instances[0]}",
            "server 127.0.0.1:8002": f"server 127.0.0.1:{instances[1]}",
            "/srv/gladbeck/staticfiles/": f"{static_root}/",
        },
    )
    (folder / "site.conf").write_text(site)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    # What Debian's /etc/nginx/nginx.conf gives the site, with everything in ``folder``.
    main = f"""
{"user root;" if os.getuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    sendfile on;
    tcp_nopush on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder}/site.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


class Stack:
    """Addresses of the running pieces and a way to ask them."""

    def __init__(self, folder, https_port, instances, database, cert):
        self.folder = folder
        self.https_port = https_port
        self.instances = instances
        self.database = database
        self.tls = ssl.create_default_context(cafile=str(cert))

    def client(self, instance=None):
        """Through nginx by HTTPS, or straight to one instance as nginx would ask it."""
        if instance is None:
            return Client(lambda: self.https_connection(), origin=self.origin)
        port = self.instances[instance]
        return Client(
            lambda: http.client.HTTPConnection("127.0.0.1", port, timeout=10),
            origin="https://127.0.0.1",
            headers={
                "Host": "127.0.0.1",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "203.0.113.7",
            },
        )

    def https_connection(self, timeout=10):
        return http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=self.tls, timeout=timeout
        )

    @property
    def origin(self):
        return f"https://127.0.0.1:{self.https_port}"

    def sql(self, query, *args):
        import psycopg2

        config = settings.DATABASES["default"]
        connection = psycopg2.connect(
            dbname=self.database,
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or None,
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, args or None)
                return cursor.fetchone()
        finally:
            connection.close()


class Client:
    """A visitor with its own cookies; answers are (status, headers, body as bytes)."""

    def __init__(self, connect, origin, headers=None):
        self.connect = connect
        self.origin = origin
        self.headers = headers or {}
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = self.connect()
        try:
            sent = dict(self.headers, **(headers or {}))
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
                sent["Referer"] = self.origin + path
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields):
        status, _, page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form on {path} ({status})"
        fields = {"csrfmiddlewaretoken": token.group(1).decode(), **fields}
        return self.request("POST", path, body=urlencode(fields, doseq=True))

    def log_in(self, username, password):
        fields = {"username": username, "password": password, "next": "/admin/"}
        return self.post("/admin/login/?next=/admin/", fields)[0]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_deployment()
    folder = tmp_path_factory.mktemp("deployment")
    config = settings.DATABASES["default"]
    database = f"gladbeck_deploy_{uuid.uuid4().hex[:8]}"
    admin = postgres_admin(config)
    admin.cursor().execute(f'CREATE DATABASE "{database}"')
    admin.close()
    processes = []
    try:
        yield start_stack(folder, config, database, processes)
    finally:
        for process in reversed(processes):
            stop(process)
        connections.close_all()
        admin = postgres_admin(config)
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def start_stack(folder, config, database, processes):
    def start(command, name, **options):
        with open(folder / f"{name}.log", "wb") as log:  # the process keeps its own copy
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **options)
        processes.append(process)
        return process

    # Redis with deploy/redis/gladbeck.conf (its password included)
    redis_conf = (DEPLOY / "redis" / "gladbeck.conf").read_text()
    redis_password = re.search(r"^requirepass (\S+)", redis_conf, re.MULTILINE).group(1)
    redis_port = free_port()
    redis = start(
        [find("redis-server"), str(DEPLOY / "redis" / "gladbeck.conf")]
        + ["--port", str(redis_port), "--dir", str(folder)],
        "redis",
    )
    wait_for_port(redis_port, redis, "redis-server")

    # The instances' settings: the example environment file with this machine's values
    https_port, http_port = free_port(), free_port()
    instances = [free_port(), free_port()]
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    host = f"{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env |= example_environment() | {
        "SECRET_KEY": "deployment-test-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "DATABASE_URL": f"postgres://{auth}@{host}/{database}",
        "REDIS_URL": f"redis://:{redis_password}@127.0.0.1:{redis_port}/0",
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(folder / "static"),
    }
    assert env["WORKERS"] == "2" and env["PROXY_COUNT"] == "1"
    # gladbeck-setup.service; collectstatic beside the others, as it needs no database
    setup = exec_start("gladbeck-setup.service", None, env)
    [collectstatic] = [command for command in setup if "collectstatic" in command]
    static = subprocess.Popen(collectstatic, env=env, cwd=ROOT, stderr=subprocess.PIPE)
    for command in setup:
        if command is not collectstatic:
            result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    assert static.wait() == 0, static.stderr.read()
    create_editor = (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('betrieb', password='{PASSWORD}')"
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        manage + ["shell", "-c", create_editor],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    for port in instances:
        [command] = exec_start("gladbeck@.service", port, env)
        gunicorn = start(command, f"gunicorn-{port}", env=env, cwd=ROOT)
        wait_for_port(port, gunicorn, f"gunicorn on {port}")

    cert, key = make_certificate(folder)
    conf = nginx_configuration(
        folder, https_port, http_port, instances, cert, key, env["STATIC_ROOT"]
    )
    nginx = start([find("nginx"), "-p", str(folder), "-c", str(conf), "-e", "stderr"], "nginx")
    wait_for_port(https_port, nginx, "nginx")
    stack = Stack(folder, https_port, instances, database, cert)
    stack.http_port = http_port
    stack.redis_url = env["REDIS_URL"]
    stack.cache_dir = Path(env["CACHE_DIR"])
    return stack


def timed(call):
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


# The checks


def test_https_answers_with_compressed_html_and_the_security_headers(stack):
    status, headers, body = stack.client().get("/massnahmen/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] and "Accept-Encoding" in headers["Vary"]
    assert body[:2] == b"\x1f\x8b"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    for path in ("/daten/massnahmen.csv", "/api/hsds/services"):
        status, headers, _ = stack.client().get(path, **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip"), path


def test_plain_http_is_sent_to_https(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=5)
    connection.request("GET", "/massnahmen/?seite=2")
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"].startswith("https://127.0.0.1/massnahmen/?seite=2")


def test_static_files_are_kept_by_browsers_for_good(stack):
    _, _, page = stack.client().get("/")
    stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the pages link the hashed stylesheet"
    status, headers, body = stack.client().get(
        stylesheet.group(1).decode(), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = stack.client().get("/static/css/portal.css")
    assert (status, headers["Cache-Control"]) == (200, "max-age=3600"), "unhashed: an hour"


def test_a_change_through_instance_a_is_served_by_instance_b_at_once(stack):
    page = f"/massnahmen/{MEASURE}/"
    anonymous_a, anonymous_b = stack.client(0), stack.client(1)
    assert anonymous_b.get(page)[0] == 200
    status, headers, _ = anonymous_a.get(page)
    assert (status, headers["X-Cache"]) == (200, "hit"), "A serves what B stored: one cache"
    assert redis.Redis.from_url(stack.redis_url).dbsize() > 1, "pages and version in Redis"
    assert not stack.cache_dir.exists(), "no file cache beside Redis"

    editor = stack.client(0)
    assert editor.log_in("betrieb", PASSWORD) == 302
    [pk] = stack.sql("SELECT id FROM measures_measure WHERE slug = %s", MEASURE)
    status, _, _ = editor.post(
        "/admin/measures/measure/", {"action": "withdraw", "_selected_action": [pk]}
    )
    assert status == 302
    assert stack.sql("SELECT publication FROM measures_measure WHERE id = %s", pk) == ("entwurf",)
    assert anonymous_b.get(page)[0] == 404, "B shows the withdrawal at once"
    assert stack.client().get(page)[0] == 404


def test_a_lockout_on_instance_a_holds_on_instance_b(stack):
    on_a = stack.client(0)
    statuses = [on_a.log_in("betrieb", "falsch") for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429], "the fifth failure locks"
    on_b = stack.client(1)
    assert on_b.log_in("betrieb", PASSWORD) == 429
    elsewhere = stack.client(1)
    elsewhere.headers["X-Forwarded-For"] = "198.51.100.20"
    assert elsewhere.log_in("betrieb", PASSWORD) == 302, "another address is not locked"


def test_the_login_throttle_counts_the_real_address_behind_nginx(stack):
    """A client cannot escape the throttle by writing addresses into X-Forwarded-For: nginx
    appends the one it sees, and the portal counts that one (PROXY_COUNT=1)."""
    attacker = stack.client()
    statuses = []
    for number in range(5):
        attacker.headers["X-Forwarded-For"] = f"192.0.2.{number}"
        statuses.append(attacker.log_in("betrieb", "falsch"))
    assert statuses == [200, 200, 200, 200, 429]
    attacker.headers["X-Forwarded-For"] = "192.0.2.99"
    assert attacker.log_in("betrieb", PASSWORD) == 429
    [forged] = stack.sql(
        "SELECT count(*) FROM axes_accessattempt WHERE ip_address <<= '192.0.2.0/24'"
    )
    [failures] = stack.sql(
        "SELECT failures_since_start FROM axes_accessattempt WHERE ip_address = '127.0.0.1'"
    )
    assert (forged, failures >= 5) == (0, True)


def trickle(stack, stop_at, headers_only):
    """A slow client: the request line and headers (or, after them, a form body) one byte a
    second, until ``stop_at``."""
    raw = socket.create_connection(("127.0.0.1", stack.https_port), timeout=10)
    connection = stack.tls.wrap_socket(raw, server_hostname="localhost")
    body = b"username=betrieb&password=" + b"x" * 200
    head = (
        b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    if not headers_only:
        connection.sendall(head)
    pending = head if headers_only else body
    try:
        while time.monotonic() < stop_at and pending:
            connection.sendall(pending[:1])
            pending = pending[1:]
            time.sleep(1)
    finally:
        connection.close()


def test_four_slow_clients_do_not_delay_a_normal_request(stack):
    """Each instance has two sync workers: four clients that send a byte a second would hold
    all four if they reached gunicorn. nginx holds them instead."""
    stop_at = time.monotonic() + 5
    slow = [
        threading.Thread(target=trickle, args=(stack, stop_at, number < 2)) for number in range(4)
    ]
    for thread in slow:
        thread.start()
    time.sleep(1.5)  # all four connected and sending
    durations = []
    for number in range(5):  # rendered afresh each time (a new query), by both instances
        duration, (status, _, _) = timed(
            lambda n=number: stack.client().get(f"/massnahmen/?q=langsam{n}")
        )
        assert status == 200
        durations.append(duration)
        time.sleep(0.4)
    for thread in slow:
        thread.join()
    print(f"\nwith four slow clients: slowest normal request {max(durations) * 1000:.0f} ms")
    assert max(durations) < 1.0, durations


def test_a_database_restart_is_survived(stack):
    fresh = "/massnahmen/?q=" + uuid.uuid4().hex  # never in the page cache
    assert stack.client().get(fresh)[0] == 200
    subprocess.run(os.environ["PG_STOP_CMD"], shell=True, check=True)
    try:
        status, _, body = stack.client().get("/massnahmen/?q=" + uuid.uuid4().hex)
        assert status == 503
        assert "Das Portal ist gleich wieder da" in body.decode()
    finally:
        subprocess.run(os.environ["PG_START_CMD"], shell=True, check=True)
    for instance in (0, 1):
        deadline = time.monotonic() + 10
        while True:
            status = stack.client(instance).get("/massnahmen/?q=" + uuid.uuid4().hex)[0]
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 200, f"instance {'AB'[instance]} recovered"
