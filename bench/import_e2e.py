"""A staff import end to end against a running portal on this machine (`make serve`).

    python bench/import_e2e.py --url http://127.0.0.1:8000 --user admin --password … FILE.csv

Logs in, uploads FILE to the offers import (``--model monitoring/observation`` for values),
waits for the preview, confirms it and waits for the import, as a browser would. Prints the
time of each step, the slowest single request (gunicorn ends a request after 30 seconds), and
the peak memory (VmHWM from /proc, Linux) of every gunicorn and ``manage.py run_import``
process seen meanwhile. Refuses any host but loopback.
"""

import argparse
import http.cookiejar
import ipaddress
import re
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path


def loopback_only(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        sys.exit(f"refusing {host}: this benchmark only runs against this machine")


class Browser:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.slowest = 0.0

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def request(self, path, data=None, headers=None):
        url = path if path.startswith("http") else self.base + path
        for cookie in self.cookies:
            cookie.secure = False  # production cookies are HTTPS-only; this is plain loopback
        request = urllib.request.Request(url, data=data, headers=headers or {})
        started = time.perf_counter()
        with self.opener.open(request, timeout=120) as response:
            body = response.read().decode()
            final = response.geturl()
        self.slowest = max(self.slowest, time.perf_counter() - started)
        return final, body

    def post(self, path, fields):
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        return self.request(path, urllib.parse.urlencode(fields).encode())

    def upload(self, path, fields, file_path):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": self.csrf(), **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; '
            f'filename="{file_path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        body = "".join(parts).encode() + head.encode() + file_path.read_bytes()
        body += f"\r\n--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(path, body, {"Content-Type": content_type})


class MemoryWatch(threading.Thread):
    """Peak memory of the server's processes, sampled from /proc."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peaks = {}
        self.running = True

    def run(self):
        while self.running:
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                    status = (proc / "status").read_text()
                except OSError:
                    continue
                kind = "run_import" if "run_import" in command else None
                if kind is None and "gunicorn" in command:
                    kind = "gunicorn"
                peak = re.search(r"VmHWM:\s+(\d+) kB", status)
                if kind and peak:
                    key = (kind, proc.name)
                    self.peaks[key] = max(self.peaks.get(key, 0), int(peak.group(1)) // 1024)
            time.sleep(0.2)


def wait(browser, url, done, failed, label):
    started = time.perf_counter()
    while True:
        _final, page = browser.request(url)
        if failed in page:
            sys.exit(f"{label}: failed\n" + page[page.find("import-errors") :][:2000])
        if done in page:
            return time.perf_counter() - started
        progress = re.search(r"(\d+) von (\d+) Zeilen", page)
        if progress:
            print(f"  {label}: {progress.group(1)} of {progress.group(2)} rows", end="\r")
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--model", default="offers/offer")
    args = parser.parse_args()
    loopback_only(args.url)
    browser = Browser(args.url)
    browser.request("/admin/login/")
    browser.post("/admin/login/", {"username": args.user, "password": args.password})
    watch = MemoryWatch()
    watch.start()
    admin = f"/admin/{args.model}/"
    browser.request(admin + "import/")
    file_format = "1" if args.file.suffix == ".xlsx" else "0"
    started = time.perf_counter()
    run_url, _page = browser.upload(
        admin + "import/", {"resource": "0", "format": file_format}, args.file
    )
    uploaded = time.perf_counter() - started
    print(f"upload      {uploaded:7.1f} s  ({args.file.stat().st_size / 1e6:.1f} MB)")
    failed = "Die Datei wurde nicht importiert"
    checked = wait(browser, run_url, 'name="confirm"', failed, "preview")
    print(f"preview     {checked:7.1f} s")
    _final, page = browser.request(run_url)
    run_id = re.search(r'name="run" value="([0-9a-f-]+)"', page).group(1)
    started = time.perf_counter()
    final, page = browser.post(admin + "process_import/", {"run": run_id, "confirm": "1"})
    imported = time.perf_counter() - started
    if "Import abgeschlossen" not in page:
        imported += wait(browser, run_url, "Import abgeschlossen", failed, "import")
    print(f"import      {imported:7.1f} s")
    print(f"slowest request {browser.slowest:.1f} s")
    watch.running = False
    watch.join()
    for (kind, pid), peak in sorted(watch.peaks.items()):
        print(f"peak memory {kind:10} pid {pid:>7}: {peak} MB")


if __name__ == "__main__":
    main()
