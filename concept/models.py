"""Editions of the concept document: frozen snapshots that later edits never change."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EditionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-number")


class Edition(models.Model):
    """One frozen edition ("Fortschreibung") of the concept. Made only by ``freeze()`` in
    concept/editions.py and never changed afterwards: the admin shows it read-only."""

    number = models.PositiveIntegerField(_("Nummer"), unique=True, editable=False)
    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("z. B. „Fortschreibung 2026“.")
    )
    date = models.DateField(_("Datum"), default=timezone.localdate)
    council_decision = models.CharField(
        _("Ratsbeschluss"),
        max_length=250,
        blank=True,
        help_text=_("Optional: der Beschluss, mit dem der Rat diese Ausgabe angenommen hat."),
    )
    snapshot = models.JSONField(_("festgeschriebener Inhalt"), editable=False)
    fingerprint = models.CharField(_("Prüfsumme des Inhalts"), max_length=64, editable=False)
    pdf = models.BinaryField(
        _("PDF"),
        editable=False,
        blank=True,
        default=b"",
        help_text=_("Leer, solange ein großes PDF noch erstellt wird (concept/pdf_builds.py)."),
    )
    created_at = models.DateTimeField(_("festgeschrieben am"), default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["snapshot", "pdf"])

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausgabe des Konzepts")
        verbose_name_plural = _("Ausgaben des Konzepts")
        ordering = ["number"]

    def __str__(self):
        return _("Ausgabe %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self):
        return reverse("concept:edition", args=[self.number])

    @property
    def measure_count(self):
        return sum(len(field["measures"]) for field in self.snapshot["action_fields"])

    def pdf_filename(self):
        return f"konzept-ausgabe-{self.number}.pdf"
