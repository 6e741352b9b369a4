"""Make the PDF of a large status report (see measures/report_builds.py): started by the
request that asked for it, gone when done."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from measures import report_builds
from measures.models import ActionField, Status
from measures.report_pdf import render_pdf
from measures.reports import ReportFilters, build_status_report


class Command(BaseCommand):
    help = "Erstellt das PDF eines großen Sachstandsberichts im Hintergrund."

    def add_arguments(self, parser):
        parser.add_argument("--key", required=True, help="abgelegt unter diesem Schlüssel")
        parser.add_argument("--handlungsfeld", help="das Handlungsfeld (Webname)")
        parser.add_argument("--status", choices=Status.values, help="der Status")
        parser.add_argument("--geaendert-seit", type=datetime.date.fromisoformat, help="JJJJ-MM-TT")

    def handle(self, *args, key, handlungsfeld=None, status=None, geaendert_seit=None, **options):
        with report_builds.PDFS.heartbeat(key):
            action_field = None
            if handlungsfeld:
                action_field = ActionField.objects.filter(slug=handlungsfeld).first()
                if action_field is None:
                    raise CommandError(f"Das Handlungsfeld „{handlungsfeld}“ gibt es nicht.")
            filters = ReportFilters(
                action_field=action_field, status=status, changed_since=geaendert_seit
            )
            content = render_pdf(build_status_report(filters))
            report_builds.PDFS.store(key, content)
        self.stdout.write(f"Sachstandsbericht als PDF erstellt ({len(content)} Bytes).")
