"""Observations of an indicator over time, by district or another breakdown, and qualitative
assessments."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gladbeck.models import District
from monitoring.models.indicators import Indicator


class Breakdown(models.TextChoices):
    NONE = "", _("keine Aufschlüsselung")
    ORIGIN_REGION = "herkunftsregion", _("Herkunftsregion")
    AGE_GROUP = "altersgruppe", _("Altersgruppe")
    RESIDENCE_STATUS = "aufenthaltsstatus", _("Aufenthaltsstatus")
    NATIONALITY = "staatsangehoerigkeit", _("Staatsangehörigkeit")
    SEX = "geschlecht", _("Geschlecht")
    RESPONDENTS = "befragtengruppe", _("Befragtengruppe")
    ANSWER = "antwort", _("Antwort")


class ObservationManager(models.Manager):
    def get_by_natural_key(self, code, reference_date, district_slug, breakdown, breakdown_value):
        return self.get(
            indicator__code=code,
            reference_date=reference_date,
            district__slug=district_slug,
            breakdown=breakdown,
            breakdown_value=breakdown_value,
        )


class Observation(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("Indikator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    reference_date = models.DateField(_("Stichtag"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text=_("Leer: ganze Stadt."),
    )
    breakdown = models.CharField(
        _("Aufschlüsselung nach"), max_length=25, choices=Breakdown.choices, blank=True, default=""
    )
    breakdown_value = models.CharField(
        _("Ausprägung"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("z. B. „Naher Osten“ oder „26 bis 65 Jahre“."),
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    source = models.CharField(_("Quelle"), max_length=250, blank=True)
    history = HistoricalRecords()

    objects = ObservationManager()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["indicator", "reference_date", "district__position", "breakdown", "id"]
        # A district page finds each indicator's latest value there from this index alone,
        # instead of reading all the district's observations.
        indexes = [
            models.Index(
                fields=["district", "indicator", "reference_date"],
                condition=Q(breakdown=""),
                name="observation_district_latest",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "reference_date", "breakdown", "breakdown_value"],
                condition=Q(district__isnull=True),
                name="observation_unique_citywide",
                violation_error_message=_(
                    "Für diesen Indikator, Stichtag und diese Aufschlüsselung gibt es schon einen "
                    "Wert für die Gesamtstadt."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "reference_date", "district", "breakdown", "breakdown_value"],
                condition=Q(district__isnull=False),
                name="observation_unique_per_district",
                violation_error_message=_(
                    "Für diesen Indikator, Stichtag, Stadtteil und diese Aufschlüsselung gibt es "
                    "schon einen Wert."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(breakdown="") & Q(breakdown_value=""))
                | (~Q(breakdown="") & ~Q(breakdown_value="")),
                name="observation_breakdown_complete",
                violation_error_message=_(
                    "Eine Aufschlüsselung braucht beides: wonach (z. B. Altersgruppe) und die "
                    "Ausprägung (z. B. „0 bis 6 Jahre“)."
                ),
            ),
        ]

    def __str__(self):
        where = self.district.name if self.district_id else _("Gesamtstadt")
        return f"{self.indicator.code} {self.reference_date:%d.%m.%Y} {where}: {self.value}"

    def natural_key(self):
        district_slug = self.district.slug if self.district_id else None
        return (
            self.indicator.code,
            self.reference_date.isoformat(),
            district_slug,
            self.breakdown,
            self.breakdown_value,
        )

    natural_key.dependencies = ["monitoring.indicator", "gladbeck.district"]


class QualitativeAssessment(models.Model):
    class Rating(models.IntegerChoices):
        VERY_GOOD = 5, _("sehr positiv")
        GOOD = 4, _("eher positiv")
        MIXED = 3, _("gemischt")
        POOR = 2, _("eher negativ")
        VERY_POOR = 1, _("sehr negativ")

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("Indikator"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    date = models.DateField(_("Datum"))
    text = models.TextField(_("Einschätzung"))
    rating = models.PositiveSmallIntegerField(
        _("Bewertung"), choices=Rating.choices, null=True, blank=True
    )
    source = models.CharField(_("Quelle"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualitative Einschätzung")
        verbose_name_plural = _("qualitative Einschätzungen")
        ordering = ["indicator", "-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="assessment_rating_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.date:%d.%m.%Y}"


# Quality reporting of qualification programmes (§4.4)
