"""Measure the staff import: rows per second of the preview and of the import, per file.

    python manage.py bench_import --rows 5000
    python manage.py bench_import --write /tmp/files --rows 50000   # files for a manual test

Each file (bench/imports.py) is uploaded as an import run and worked off in this process as
``manage.py run_import`` would (runs.work_on); everything is rolled back at the end, so the
database is as before. Prints wall-clock and CPU seconds (the CPU time does not depend on what
else runs on the machine) and the peak memory of this process so far.
"""

import resource
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from bench.imports import observations_csv, offers_csv
from gladbeck.staff_import import runs
from gladbeck.staff_import.files import pack
from gladbeck.staff_import.models import ImportRun
from monitoring.resources import ObservationResource
from offers.resources import OfferResource

FILES = {
    "offers": (OfferResource, "offers.offer", lambda n: offers_csv(n)),
    "offers-7-columns": (OfferResource, "offers.offer", lambda n: offers_csv(n, few=True)),
    "observations": (ObservationResource, "monitoring.observation", observations_csv),
}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_megabytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Misst, wie viele Zeilen je Sekunde der Import in Vorschau und Import schafft."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--files", default=",".join(FILES), help=", ".join(FILES))
        parser.add_argument("--write", metavar="DIR", help="Nur die Dateien schreiben.")

    def handle(self, *args, rows, files, write, **options):
        names = [name.strip() for name in files.split(",") if name.strip()]
        if write:
            folder = Path(write)
            folder.mkdir(parents=True, exist_ok=True)
            for name in names:
                path = folder / f"{name}-{rows}.csv"
                path.write_bytes(FILES[name][2](rows))
                self.stdout.write(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
            return
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        header = (
            f"{'file':18} {'rows':>7} {'MB':>6} {'preview s':>9} {'cpu s':>6} {'rows/s':>7} "
            f"{'import s':>8} {'cpu s':>6} {'rows/s':>7} {'peak MB':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name in names:
            resource_class, model, make = FILES[name]
            content = make(rows)
            try:
                with transaction.atomic():
                    self.measure(name, resource_class, model, content, rows, user)
                    raise Rollback
            except Rollback:
                pass

    def measure(self, name, resource_class, model, content, rows, user):
        run = ImportRun.objects.create(
            user=user,
            model=model,
            resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
            file_name=f"{name}.csv",
            file_format="csv",
            file_size=len(content),
            data=pack(ContentFile(content)),
        )
        timings = []
        for _step in ("preview", "import"):
            wall, cpu = time.perf_counter(), cpu_seconds()
            runs.work_on(run)
            timings.append((time.perf_counter() - wall, cpu_seconds() - cpu))
            if run.state != ImportRun.State.READY:
                break
            run.state = ImportRun.State.CONFIRMED
            ImportRun.objects.filter(pk=run.pk).update(state=run.state)
        if run.state != ImportRun.State.DONE:
            self.stderr.write(f"{name}: {run.get_state_display()} {run.errors[:3]}")
            return
        (preview, preview_cpu), (imported, imported_cpu) = timings
        self.stdout.write(
            f"{name:18} {rows:>7} {len(content) / 1e6:>6.1f} {preview:>9.2f} {preview_cpu:>6.2f} "
            f"{rows / preview:>7.0f} {imported:>8.2f} {imported_cpu:>6.2f} "
            f"{rows / imported:>7.0f} {peak_megabytes():>8.0f}"
        )
