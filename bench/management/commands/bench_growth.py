"""Print how each page's time grows with the data, from the results of `bench` at several
scales (`make bench SCALES="1 20 50"` writes one file per scale)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Zeigt, wie die Zeit jeder Seite mit der Datenmenge wächst (aus bench-Ergebnissen)."

    def add_arguments(self, parser):
        parser.add_argument("results", nargs="+", help="SCALE=Datei, z. B. 1=bench/results-1.json")

    def handle(self, *args, results, **options):
        scales = []
        for item in results:
            scale, _sep, path = item.partition("=")
            rows = json.loads(Path(path).read_text())
            scales.append((scale, {row["page"]: row for row in rows}))
        first_scale, first = scales[0]
        header = f"{'page (rendered afresh, ms)':32}" + "".join(
            f"{'SCALE ' + scale:>12}" for scale, _rows in scales
        )
        header += f"{'growth':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page, row in first.items():
            times = [rows[page]["uncached_median_ms"] for _scale, rows in scales if page in rows]
            growth = times[-1] / row["uncached_median_ms"] if row["uncached_median_ms"] else 0
            self.stdout.write(
                f"{page:32}" + "".join(f"{t:>12.1f}" for t in times) + f"{growth:>8.1f}×"
            )
        self.stdout.write(f"\ngrowth: the last scale's time divided by SCALE {first_scale}'s")
