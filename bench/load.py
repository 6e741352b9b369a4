"""A bounded load test for the portal on this machine.

    python bench/load.py --url http://127.0.0.1:8000 --clients 64 --seconds 60
    python bench/load.py --url https://127.0.0.1:8443 ...    # through the proxy of deploy/

Each client requests a mix of public pages in a loop for the given time. Prints throughput,
latency percentiles and errors (any status >= 500, or a failed connection). Refuses any host
but loopback, so it cannot be pointed at someone else's server.
"""

import argparse
import http.client
import ipaddress
import random
import socket
import ssl
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

PATHS = [
    "/",
    "/massnahmen/",
    "/massnahmen/?handlungsfeld=sprache-und-bildung&stadtteil=brauck&status=geplant",
    "/massnahmen/gladbecker-erklaerung/",
    "/handlungsfelder/sprache-und-bildung/",
    "/angebote/",
    "/angebote/?stadtteil=brauck&kostenlos=ja&zielgruppe=frauen",
    "/angebote/?q=Beratung",
    "/angebote/rucksackprogramme/",
    "/stadtteile/brauck/",
    "/suche/?q=Sprachkurse",
    "/aenderungen/feed/",
    "/monitoring/bev-auslaender/",
    "/leitbild/",
]


def loopback_only(url):
    parts = urlsplit(url)
    host = parts.hostname or ""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        sys.exit(f"refusing {host}: the load test only runs against this machine")
    return parts


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = {}
        self.statuses = {}

    def record(self, status, seconds):
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if not isinstance(status, int) or status >= 500:
                self.errors[status] = self.errors.get(status, 0) + 1


def connect(parts):
    """HTTP, or HTTPS through the proxy of deploy/ (on loopback only, so a self-signed
    certificate is accepted)."""
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection(
            parts.hostname, parts.port or 443, timeout=30, context=context
        )
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)


def client(parts, deadline, stats, seed, headers):
    rng = random.Random(seed)
    connection = None
    while time.monotonic() < deadline:
        path = rng.choice(PATHS)
        start = time.perf_counter()
        try:
            if connection is None:
                connection = connect(parts)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            if connection is not None:
                connection.close()
            connection = None
        stats.record(status, time.perf_counter() - start)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if not 1 <= args.clients <= 512 or not 0 < args.seconds <= 600:
        sys.exit("--clients must be 1..512 and --seconds 1..600")
    parts = loopback_only(args.url)
    headers = {"Host": parts.hostname}
    if parts.scheme == "http":  # straight to gunicorn: say what the proxy would say
        headers["X-Forwarded-Proto"] = "https"
    stats = Stats()
    deadline = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=client, args=(parts, deadline, stats, n, headers), daemon=True)
        for n in range(args.clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(stats.latencies)
    total = len(latencies)
    rate = total / elapsed
    print(f"clients {args.clients}, {elapsed:.1f} s, {total} requests, {rate:.1f} requests/s")
    if latencies:
        points = [
            ("median", statistics.median(latencies)),
            ("p90", percentile(latencies, 0.90)),
            ("p95", percentile(latencies, 0.95)),
            ("p99", percentile(latencies, 0.99)),
            ("max", latencies[-1]),
        ]
        print("latency ms: " + ", ".join(f"{name} {value * 1000:.1f}" for name, value in points))
    print("statuses:", dict(sorted(stats.statuses.items(), key=str)))
    print("errors:", sum(stats.errors.values()), stats.errors or "")
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
