"""Indicators of the monitoring system (§1), with their trend and their progress from baseline
toward target."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DecimalField, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from gladbeck.history_records import HistoricalRecords
from gladbeck.models import Organisation
from gladbeck.translation_status import TranslationStatusField
from measures.models import ActionField, Challenge, Measure

# Paths under /monitoring/ that are pages of their own, so no indicator may take them as code.
RESERVED_CODES = {"qualitaet"}


class IndicatorQuerySet(models.QuerySet):
    def with_latest(self):
        """Annotate the two latest city-wide values without breakdown (the headline series),
        the latest reference date of any value, whether there are district values, and the
        latest qualitative rating: one query for any number of indicators and observations."""
        from monitoring.models.observations import Observation, QualitativeAssessment

        headline = Observation.objects.filter(
            indicator=OuterRef("pk"), district__isnull=True, breakdown=""
        ).order_by("-reference_date")
        any_value = Observation.objects.filter(indicator=OuterRef("pk")).order_by("-reference_date")
        assessments = QualitativeAssessment.objects.filter(indicator=OuterRef("pk")).order_by(
            "-date", "-id"
        )
        value_field = DecimalField(max_digits=14, decimal_places=2)
        return self.annotate(
            latest_value=Subquery(headline.values("value")[:1], output_field=value_field),
            latest_date=Subquery(headline.values("reference_date")[:1]),
            previous_value=Subquery(headline.values("value")[1:2], output_field=value_field),
            previous_date=Subquery(headline.values("reference_date")[1:2]),
            last_observed=Subquery(any_value.values("reference_date")[:1]),
            has_district_values=Exists(
                Observation.objects.filter(indicator=OuterRef("pk"), district__isnull=False)
            ),
            latest_rating=Subquery(assessments.values("rating")[:1]),
            latest_assessment_date=Subquery(assessments.values("date")[:1]),
        )


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitativ", _("quantitativ")
        QUALITATIVE = "qualitativ", _("qualitativ")

    class Scope(models.TextChoices):
        CITY = "stadt", _("städtisches Monitoring")
        PROGRAMME = "programm", _("Qualitätsindikator für Qualifizierungsangebote (§4.4)")

    class Periodicity(models.TextChoices):
        ONCE = "einmalig", _("einmalig")
        MONTHLY = "monatlich", _("monatlich")
        QUARTERLY = "vierteljaehrlich", _("vierteljährlich")
        HALF_YEARLY = "halbjaehrlich", _("halbjährlich")
        YEARLY = "jaehrlich", _("jährlich")
        PER_PROGRAMME = "je-durchgang", _("je Maßnahmedurchgang")
        IRREGULAR = "unregelmaessig", _("unregelmäßig")

    class Direction(models.TextChoices):
        UP = "steigend", _("steigend")
        DOWN = "fallend", _("fallend")
        STABLE = "gleichbleibend", _("gleichbleibend")
        NONE = "keine", _("keine Zielrichtung")

    code = models.SlugField(
        _("Kennung"), max_length=30, unique=True, help_text=_("Kurz und dauerhaft, z. B. „B-02“.")
    )
    title = models.CharField(_("Titel"), max_length=250)
    action_field = models.ForeignKey(
        ActionField,
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Leer: Rahmendaten, die alle Handlungsfelder betreffen."),
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("Herausforderungen"), blank=True, related_name="indicators"
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("Maßnahmen"), blank=True, related_name="indicators"
    )
    kind = models.CharField(
        _("Art"), max_length=12, choices=Kind.choices, default=Kind.QUANTITATIVE
    )
    scope = models.CharField(_("Bereich"), max_length=10, choices=Scope.choices, default=Scope.CITY)
    definition = models.TextField(_("Definition"), blank=True)
    unit = models.CharField(_("Einheit"), max_length=50, blank=True)
    source = models.CharField(_("Quelle"), max_length=250, blank=True)
    periodicity = models.CharField(
        _("Erhebungsrhythmus"), max_length=20, choices=Periodicity.choices, blank=True
    )
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("verantwortliche Stelle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    desired_direction = models.CharField(
        _("gewünschte Entwicklung"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.NONE,
    )
    baseline_value = models.DecimalField(
        _("Ausgangswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("Jahr des Ausgangswerts"), null=True, blank=True
    )
    target_value = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    concept_section = models.CharField(_("Abschnitt im Konzept"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords(m2m_fields=[challenges, measures])

    objects = IndicatorManager()

    i18n = TranslationField(fields=("title", "definition", "unit"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("monitoring:indicator", args=[self.code])

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        if self.code in RESERVED_CODES:
            raise ValidationError(
                {"code": _("„%(code)s“ ist eine eigene Seite im Monitoring.") % {"code": self.code}}
            )

    @property
    def is_quantitative(self):
        return self.kind == self.Kind.QUANTITATIVE

    @property
    def is_programme_indicator(self):
        return self.scope == self.Scope.PROGRAMME

    def trend(self, latest, previous):
        """How the latest value moved against the one before it, judged by the desired
        direction; None without two values."""
        if latest is None or previous is None:
            return None
        return Trend(change=latest - previous, direction=self.desired_direction)

    def progress(self, value, reference_date):
        """Change of ``value`` since the baseline and whether it keeps to the straight path
        from baseline to target; None when there is no baseline or the value is not newer."""
        if (
            not self.is_quantitative
            or value is None
            or self.baseline_value is None
            or self.baseline_year is None
            or reference_date.year <= self.baseline_year
        ):
            return None
        return Progress(
            value=value,
            year=reference_date.year,
            baseline=self.baseline_value,
            baseline_year=self.baseline_year,
            target=self.target_value,
            target_year=self.target_year,
            direction=self.desired_direction,
        )


def _desired(change, direction):
    """True if ``change`` goes the desired way, False if against it, None if no way is set."""
    if direction == Indicator.Direction.UP:
        return change > 0
    if direction == Indicator.Direction.DOWN:
        return change < 0
    return None


@dataclass(frozen=True)
class Trend:
    change: Decimal
    direction: str

    @property
    def label(self):
        if self.change > 0:
            return _("gestiegen")
        if self.change < 0:
            return _("gesunken")
        return _("unverändert")

    @property
    def symbol(self):
        return "↑" if self.change > 0 else "↓" if self.change < 0 else "→"

    @property
    def desired(self):
        return None if self.change == 0 else _desired(self.change, self.direction)


@dataclass(frozen=True)
class Progress:
    """A value measured against the indicator's baseline and, if set, its target. The target
    path is the straight line from the baseline year to the target year."""

    value: Decimal
    year: int
    baseline: Decimal
    baseline_year: int
    target: Decimal | None
    target_year: int | None
    direction: str

    @property
    def change(self):
        return self.value - self.baseline

    @property
    def change_percent(self):
        if not self.baseline:
            return None
        return (self.change / abs(self.baseline) * 100).quantize(Decimal("0.1"))

    @property
    def desired(self):
        return None if self.change == 0 else _desired(self.change, self.direction)

    @property
    def has_target(self):
        return (
            self.target is not None
            and self.target_year is not None
            and self.target_year > self.baseline_year
            and self.target != self.baseline
        )

    @property
    def expected(self):
        """Where the value should be in ``year`` on the way to the target."""
        if not self.has_target:
            return None
        if self.year >= self.target_year:
            return self.target
        share = Decimal(self.year - self.baseline_year) / (self.target_year - self.baseline_year)
        return (self.baseline + (self.target - self.baseline) * share).quantize(Decimal("0.01"))

    @property
    def on_track(self):
        """True if at or beyond the target path (the target itself from the target year on)."""
        if not self.has_target:
            return None
        if self.target > self.baseline:
            return self.value >= self.expected
        return self.value <= self.expected

    @property
    def target_due(self):
        return self.has_target and self.year >= self.target_year

    @property
    def status(self):
        if self.on_track is None:
            return None
        if self.target_due:
            return _("Ziel erreicht") if self.on_track else _("Ziel nicht erreicht")
        return _("auf Kurs zum Ziel") if self.on_track else _("nicht auf Kurs zum Ziel")
