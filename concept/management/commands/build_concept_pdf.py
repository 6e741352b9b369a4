"""Make a PDF of the concept that is too large to make within a request (see
concept/pdf_builds.py): started by the request that asked for it, gone when done."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from concept import pdf_builds, snapshot
from concept.editions import edition_pdf, pdf_context
from concept.models import Edition
from concept.pdf import render_pdf


class Command(BaseCommand):
    help = "Erstellt ein großes PDF des Konzepts (aktuelle Fassung oder eine Ausgabe)."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--key", help="die aktuelle Fassung, abgelegt unter diesem Schlüssel")
        target.add_argument("--ausgabe", type=int, help="die Ausgabe mit dieser Nummer")
        parser.add_argument("--base-url", required=True, help="die Adresse des Portals")

    def handle(self, *args, key=None, ausgabe=None, base_url, **options):
        if ausgabe is not None:
            self.build_edition(ausgabe, base_url)
        else:
            self.build_current(key, base_url)

    def build_current(self, key, base_url):
        try:
            content = render_pdf(
                "concept/document_pdf.html", pdf_context(snapshot.build(), current=True), base_url
            )
            pdf_builds.store(key, content)
        finally:
            pdf_builds.finished(key)
        self.stdout.write(f"PDF der aktuellen Fassung erstellt ({len(content)} Bytes).")

    def build_edition(self, number, base_url):
        key = pdf_builds.edition_key(number)
        try:
            edition = Edition.objects.filter(number=number).first()
            if edition is None:
                raise CommandError(f"Ausgabe {number} gibt es nicht.")
            if not edition.pdf:
                content = edition_pdf(edition, base_url)
                # Only the empty PDF is filled: a frozen edition is never changed otherwise.
                Edition.objects.filter(pk=edition.pk, pdf=b"").update(pdf=content)
        finally:
            pdf_builds.finished(key)
        self.stdout.write(f"PDF der Ausgabe {number} erstellt ({timezone.now():%H:%M:%S}).")
