"""Measure server time and SQL queries of every page type, as a ratio to a minimal view.

Requests go through Django's full middleware stack in-process (django.test.Client), so the
figures are server time without the network. Writes bench/results.json.
"""

import json
import statistics
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.plain import baselines
from measures.models import Measure
from monitoring.models import Indicator
from offers.models import Offer

RESULTS = Path(settings.BASE_DIR) / "bench" / "results.json"


def public_pages():
    measure = Measure.objects.published().order_by("-pk").first()
    offer = Offer.objects.published().order_by("-pk").first()
    indicator = Indicator.objects.filter(code="bev-auslaender").first() or Indicator.objects.first()
    return [
        ("minimal view", "/gesundheit/"),
        ("start", "/"),
        ("measures list", "/massnahmen/"),
        (
            "measures list, 3 filters",
            "/massnahmen/?handlungsfeld=sprache-und-bildung&stadtteil=brauck&status=geplant",
        ),
        ("measure detail", measure.get_absolute_url()),
        ("action field", "/handlungsfelder/sprache-und-bildung/"),
        ("offers list, filters", "/angebote/?stadtteil=brauck&kostenlos=ja&zielgruppe=frauen"),
        ("offers list, search", "/angebote/?q=Beratung"),
        ("offer detail", offer.get_absolute_url()),
        # The same pages in other languages: within the German pages' time and queries.
        (
            "offers list, filters, Turkish",
            "/tr/angebote/?stadtteil=brauck&kostenlos=ja&zielgruppe=frauen",
        ),
        ("measure detail, Arabic", "/ar" + measure.get_absolute_url()),
        ("district", "/stadtteile/brauck/"),
        ("search", "/suche/?q=Sprachkurse"),
        ("monitoring indicator", f"/monitoring/{indicator.code}/"),
        ("changes feed", "/aenderungen/feed/"),
        ("open data: measures csv", "/daten/massnahmen.csv"),
        ("open data: offers json", "/daten/angebote.json"),
        ("open data: observations csv", "/daten/messwerte.csv"),
        ("hsds services", "/api/hsds/services"),
    ]


STAFF_PAGES = [
    ("status report html", "/berichte/sachstand/", 5),
    ("status report xlsx", "/berichte/sachstand/?format=xlsx", 3),
    ("status report pdf", "/berichte/sachstand/?format=pdf", 3),
    ("admin: measures", "/admin/measures/measure/", 10),
    ("admin: offers", "/admin/offers/offer/", 10),
    ("admin: observations", "/admin/monitoring/observation/", 10),
    ("admin: organisations", "/admin/gladbeck/organisation/", 10),
]


def timed(client, url, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return response, statistics.median(timings), p95


def measure(client, url, repeat):
    """Queries and time as the server renders the page (page cache off), and the time a
    visitor waits as configured (anonymous pages come from the page cache)."""
    with override_settings(PUBLIC_PAGE_CACHE=False):
        client.get(url)  # warm-up
        reset_queries()  # the query log is capped; an old full log would hide new queries
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: later requests clear the log it reads from
        content = b"".join(response.streaming_content) if response.streaming else response.content
        _response, rendered_median, _p95 = timed(client, url, max(3, repeat // 2))
    client.get(url)  # fills the page cache where it applies
    response, median, p95 = timed(client, url, repeat)
    return {
        "status": response.status_code,
        "bytes": len(content),
        "queries": query_count,
        "uncached_median_ms": round(rendered_median, 2),
        "median_ms": round(median, 2),
        "p95_ms": round(p95, 2),
    }


def analyse():
    """Bring the planner's statistics up to date: right after the demo data is generated,
    PostgreSQL has none yet and picks plans a running portal would not (search took 130 ms
    before ANALYZE and 11 ms after)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def download_figures(client, url):
    """Time to the first byte, total time and the peak of memory Python allocated while a
    streamed download is read."""
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(url)
    first_byte = None
    size = 0
    for chunk in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - start
        size += len(chunk)
    total = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "download": url,
        "bytes": size,
        "first_byte_ms": round(first_byte * 1000, 1),
        "total_s": round(total, 2),
        "peak_mb": round(peak / 1e6, 1),
    }


DOWNLOADS = ["/daten/messwerte.csv", "/daten/massnahmen.csv", "/daten/angebote.json"]


class Command(BaseCommand):
    help = "Misst Antwortzeit und SQL-Abfragen jeder Seitenart; schreibt bench/results.json."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument(
            "--results", type=Path, default=RESULTS, help="Datei für die Ergebnisse (JSON)"
        )

    def handle(self, *args, repeat, results, **options):
        analyse()
        client = Client(HTTP_HOST="localhost")
        rows = []
        for page, url in public_pages():
            rows.append({"page": page, "url": url, **measure(client, url, repeat)})
        staff = Client(HTTP_HOST="localhost")
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        staff.force_login(user)
        for page, url, staff_repeat in STAFF_PAGES:
            rows.append(
                {"page": page, "url": url, **measure(staff, url, min(repeat, staff_repeat))}
            )
        baseline = rows[0]["median_ms"] or 0.01
        for row in rows:
            row["ratio"] = round(row["median_ms"] / baseline, 1)
        results.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        self.results = results
        self.print_table(rows)
        newest = Measure.objects.published().order_by("-pk").first()
        uncached = {row["page"]: row["uncached_median_ms"] for row in rows}
        self.stdout.write(
            "\nbaseline (rendered afresh)          median ms  page ms   page/baseline"
        )
        for name, page, baseline_ms in baselines(max(3, repeat // 2), newest.slug):
            page_ms = uncached[page]
            self.stdout.write(
                f"{name:34} {baseline_ms:>9.1f} {page_ms:>8.1f} {page_ms / baseline_ms:>10.1f}"
                f"  ({page})"
            )
        self.stdout.write(
            "\ndownload (streamed)               first byte ms  total s  peak MB (tracemalloc)"
        )
        for url in DOWNLOADS:
            figures = download_figures(client, url)
            self.stdout.write(
                f"{url:34} {figures['first_byte_ms']:>13.1f} {figures['total_s']:>8.2f} "
                f"{figures['peak_mb']:>8.1f}"
            )

    def print_table(self, rows):
        header = (
            f"{'page':32} {'status':>6} {'queries':>7} {'uncached ms':>11} "
            f"{'median ms':>10} {'p95 ms':>9} {'ratio':>7}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['page']:32} {row['status']:>6} {row['queries']:>7} "
                f"{row['uncached_median_ms']:>11.1f} "
                f"{row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} {row['ratio']:>7.1f}"
            )
        self.stdout.write(f"\n{connection.vendor}; results in {self.results}")
