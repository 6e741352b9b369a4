"""One import run: a file one login uploaded, its preview and, once confirmed, its import.

The uploaded file is kept (compressed) in the run, bound to the login that uploaded it: only
that login sees the run, confirms it or discards it. The file is removed once the import ran
or failed, or when the preview was not confirmed within an hour (``ImportRun.objects
.clean_up()``, called on every upload). The run itself stays as the record of who imported
what, when, and with which result.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: A preview not confirmed within this time expires, and its file is removed.
KEEP_UNCONFIRMED = datetime.timedelta(hours=1)
#: A run whose process has not reported for this long is taken as dead (killed, restarted).
SILENT_FOR = datetime.timedelta(minutes=10)


class ImportRunQuerySet(models.QuerySet):
    def of(self, user, model):
        return self.filter(user=user, model=model._meta.label_lower)

    def running(self):
        """Runs a process is working on, with a sign of life."""
        return self.filter(
            state__in=[ImportRun.State.CHECKING, ImportRun.State.IMPORTING],
            heartbeat__gte=timezone.now() - SILENT_FOR,
        )

    def clean_up(self, now=None):
        """Remove the files of runs that expired, and give up on runs whose process died.
        Returns the number of runs changed."""
        now = now or timezone.now()
        State = ImportRun.State
        expired = self.filter(
            Q(state=State.READY, checked_at__lt=now - KEEP_UNCONFIRMED)
            | Q(state=State.QUEUED, created_at__lt=now - KEEP_UNCONFIRMED)
        ).update(state=State.EXPIRED, data=None, finished_at=now)
        dead = self.filter(
            Q(state__in=[State.CHECKING, State.IMPORTING], heartbeat__lt=now - SILENT_FOR)
            | Q(state=State.CONFIRMED, confirmed_at__lt=now - KEEP_UNCONFIRMED)
        ).update(state=State.FAILED, data=None, finished_at=now)
        leftover = (
            self.exclude(data=None)
            .filter(state__in=[State.INVALID, State.DONE, State.FAILED, State.EXPIRED])
            .update(data=None)
        )
        return expired + dead + leftover


class ImportRunManager(models.Manager.from_queryset(ImportRunQuerySet)):
    def get_queryset(self):
        # The file is read only by the process that imports it (ImportRun.read_data()).
        return super().get_queryset().defer("data")


class ImportRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("wartet auf Prüfung")
        CHECKING = "checking", _("wird geprüft")
        READY = "ready", _("geprüft, wartet auf Bestätigung")
        INVALID = "invalid", _("fehlerhaft, nichts gespeichert")
        CONFIRMED = "confirmed", _("bestätigt, wartet auf den Import")
        IMPORTING = "importing", _("wird importiert")
        DONE = "done", _("importiert")
        FAILED = "failed", _("abgebrochen, nichts gespeichert")
        EXPIRED = "expired", _("nicht bestätigt, verfallen")

    WORKING = (State.QUEUED, State.CHECKING, State.CONFIRMED, State.IMPORTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    model = models.CharField(_("Datenart"), max_length=100, help_text=_("z. B. „offers.offer“"))
    resource = models.CharField(_("Importregeln"), max_length=200)
    file_name = models.CharField(_("Datei"), max_length=255)
    file_format = models.CharField(_("Format"), max_length=10)
    file_size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    data = models.BinaryField(_("Datei (komprimiert)"), null=True, editable=False)
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.QUEUED, db_index=True
    )
    rows_total = models.PositiveIntegerField(_("Zeilen"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("Zeilen bearbeitet"), default=0)
    new = models.PositiveIntegerField(_("neu"), default=0)
    updated = models.PositiveIntegerField(_("geändert"), default=0)
    skipped = models.PositiveIntegerField(_("unverändert"), default=0)
    invalid = models.PositiveIntegerField(_("fehlerhafte Zeilen"), default=0)
    errors = models.JSONField(
        _("Fehler"),
        default=list,
        blank=True,
        help_text=_("[Zeile, Spalte, Meldung]; Zeile leer für die Datei als Ganzes."),
    )
    error_count = models.PositiveIntegerField(_("Fehler insgesamt"), default=0)
    preview = models.JSONField(_("Vorschau"), default=dict, blank=True)
    created_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now, db_index=True)
    heartbeat = models.DateTimeField(_("letztes Lebenszeichen"), null=True, blank=True)
    checked_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    objects = ImportRunManager()

    class Meta:
        app_label = "gladbeck"
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def working(self):
        return self.state in self.WORKING

    @property
    def percent(self):
        if not self.rows_total:
            return None
        return min(100, round(100 * self.rows_done / self.rows_total))

    def read_data(self):
        data = type(self).objects.filter(pk=self.pk).values_list("data", flat=True).first()
        return None if data is None else bytes(data)
