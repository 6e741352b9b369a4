"""Indicators of the monitoring system (§1), their observations over time and by district or
other breakdown, qualitative assessments, and the quality reports that providers of
qualification programmes give per programme and period (§4.4)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gladbeck.models import District, Organisation, Timestamped
from gladbeck.publishing import PublishableQuerySet, publication_field
from measures.models import ActionField, Challenge, Measure

# Paths under /monitoring/ that are pages of their own, so no indicator may take them as code.
RESERVED_CODES = {"qualitaet"}


class IndicatorQuerySet(models.QuerySet):
    def with_latest(self):
        """Annotate the two latest city-wide values without breakdown (the headline series),
        the latest reference date of any value, whether there are district values, and the
        latest qualitative rating: one query for any number of indicators and observations."""
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

SCORE_MIN = 1
SCORE_MAX = 5

# The four competence areas §4.4 names for the pre/post measurement: (field prefix, label).
COMPETENCE_AREAS = [
    ("language", _("Sprache")),
    ("social", _("soziale und interkulturelle Kompetenz")),
    ("vocational", _("berufliche Fähigkeiten")),
    ("autonomy", _("Selbstständigkeit, Eigenverantwortung und Selbstorganisation")),
]


def _score_field(label):
    return models.DecimalField(
        label,
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("Mittelwert auf der Skala 1 (gering) bis 5 (sehr hoch); leer: nicht gemessen."),
    )


def _scores_in_range():
    condition = Q()
    for area, _label in COMPETENCE_AREAS:
        for when in ("pre", "post"):
            name = f"{area}_{when}"
            condition &= Q(**{f"{name}__isnull": True}) | (
                Q(**{f"{name}__gte": SCORE_MIN}) & Q(**{f"{name}__lte": SCORE_MAX})
            )
    return condition


def _scores_paired():
    condition = Q()
    for area, _label in COMPETENCE_AREAS:
        condition &= Q(**{f"{area}_pre__isnull": True, f"{area}_post__isnull": True}) | Q(
            **{f"{area}_pre__isnull": False, f"{area}_post__isnull": False}
        )
    return condition


def _no_scores():
    return Q(**{f"{area}_pre__isnull": True for area, _label in COMPETENCE_AREAS})


class ProgrammeReportQuerySet(PublishableQuerySet):
    def of_organisation(self, organisation):
        return self.filter(offer__provider=organisation, offer__provider__isnull=False)

    def in_year(self, year):
        """Reports whose period ends in ``year``."""
        return self.filter(period_end__year=year)


class ProgrammeReport(Timestamped):
    """What a provider reports for one qualification programme (an offer of its own
    organisation) and one period: counts, not rates. The portal computes the rates
    (monitoring/quality.py) and protects every figure that rests on fewer than 5 people."""

    offer = models.ForeignKey(
        "offers.Offer",
        verbose_name=_("Programm"),
        on_delete=models.PROTECT,
        related_name="quality_reports",
        limit_choices_to={"category__is_qualification": True},
        help_text=_(
            "Ein Angebot der eigenen Organisation aus einer Kategorie der Berufsorientierung "
            "oder Qualifizierung."
        ),
    )
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    entrants = models.PositiveIntegerField(
        _("Eintritte"), help_text=_("Personen, die im Zeitraum in das Programm eingetreten sind.")
    )
    completers = models.PositiveIntegerField(
        _("reguläre Abschlüsse"),
        help_text=_("Personen, die das Programm im Zeitraum regulär beendet haben."),
    )
    dropouts = models.PositiveIntegerField(
        _("Abbrüche"),
        help_text=_("Personen, die das Programm im Zeitraum vorzeitig verlassen haben."),
    )
    placements_work = models.PositiveIntegerField(
        _("Vermittlungen in Arbeit"),
        help_text=_("Von den Austritten (Abschluss oder Abbruch): Personen, die in Arbeit gingen."),
    )
    placements_training = models.PositiveIntegerField(
        _("Vermittlungen in Ausbildung"),
        help_text=_("Von den Austritten: Personen, die eine Ausbildung begonnen haben."),
    )
    total_days = models.PositiveIntegerField(
        _("Teilnahmetage insgesamt"),
        help_text=_(
            "Summe der Tage im Programm über alle Personen, die im Zeitraum ausgetreten sind "
            "(Abschluss oder Abbruch)."
        ),
    )
    assessed = models.PositiveIntegerField(
        _("Personen mit Vorher-Nachher-Messung"),
        null=True,
        blank=True,
        help_text=_(
            "Personen, deren Kompetenzen zu Beginn und am Ende gemessen wurden; höchstens so "
            "viele wie Austritte."
        ),
    )
    language_pre = _score_field(_("Sprache vorher"))
    language_post = _score_field(_("Sprache nachher"))
    social_pre = _score_field(_("soziale und interkulturelle Kompetenz vorher"))
    social_post = _score_field(_("soziale und interkulturelle Kompetenz nachher"))
    vocational_pre = _score_field(_("berufliche Fähigkeiten vorher"))
    vocational_post = _score_field(_("berufliche Fähigkeiten nachher"))
    autonomy_pre = _score_field(
        _("Selbstständigkeit, Eigenverantwortung, Selbstorganisation vorher")
    )
    autonomy_post = _score_field(
        _("Selbstständigkeit, Eigenverantwortung, Selbstorganisation nachher")
    )
    feedback_summary = models.TextField(
        _("Feedback der Teilnehmenden"),
        blank=True,
        help_text=_("Kurze Zusammenfassung, ohne Namen oder andere Angaben zu einzelnen Personen."),
    )
    publication = publication_field()
    history = HistoricalRecords()

    objects = ProgrammeReportQuerySet.as_manager()

    # What a provider reports about people: whoever may not see the raw counts may neither
    # see, filter, sort nor search on these (the computed figures are shown protected).
    RAW_FIGURES = (
        "entrants",
        "completers",
        "dropouts",
        "placements_work",
        "placements_training",
        "total_days",
        "assessed",
        *(f"{area}_{when}" for area, _label in COMPETENCE_AREAS for when in ("pre", "post")),
    )

    class Meta:
        verbose_name = _("Qualitätsbericht")
        verbose_name_plural = _("Qualitätsberichte")
        ordering = ["offer__provider__name", "offer__title", "-period_end"]
        permissions = [
            (
                "publish_programmereport",
                _("Kann Qualitätsberichte für die öffentliche Gesamtauswertung freigeben"),
            ),
            (
                "manage_all_programmereports",
                _("Qualitätsberichte aller Organisationen, nicht nur der eigenen"),
            ),
            (
                "view_programme_figures",
                _("Geschützte Kennzahlen aller Programme sehen (Steuerungsgruppe)"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "period_start", "period_end"],
                name="programmereport_unique_period",
                violation_error_message=_(
                    "Für dieses Programm gibt es schon einen Bericht über diesen Zeitraum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="programmereport_period_end_after_start",
                violation_error_message=_("Das Ende des Zeitraums liegt vor seinem Beginn."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    models.F("placements_work") + models.F("placements_training"),
                    models.F("completers") + models.F("dropouts"),
                ),
                name="programmereport_placements_within_leavers",
                violation_error_message=_(
                    "Es sind mehr Vermittlungen angegeben als Austritte (Abschlüsse und "
                    "Abbrüche): vermittelt werden können nur Personen, die ausgetreten sind."
                ),
            ),
            models.CheckConstraint(
                condition=Q(total_days=0) | ~Q(completers=0) | ~Q(dropouts=0),
                name="programmereport_days_need_leavers",
                violation_error_message=_(
                    "Teilnahmetage zählen nur für Personen, die ausgetreten sind; es sind aber "
                    "keine Abschlüsse oder Abbrüche angegeben."
                ),
            ),
            models.CheckConstraint(
                condition=Q(assessed__isnull=True)
                | LessThanOrEqual(
                    models.F("assessed"), models.F("completers") + models.F("dropouts")
                ),
                name="programmereport_assessed_within_leavers",
                violation_error_message=_(
                    "Es sind mehr Personen gemessen als ausgetreten: die Messung „nachher“ "
                    "gibt es nur für Personen, die das Programm beendet oder verlassen haben."
                ),
            ),
            models.CheckConstraint(
                condition=_scores_in_range(),
                name="programmereport_scores_1_to_5",
                violation_error_message=_("Kompetenzwerte liegen zwischen 1 und 5."),
            ),
            models.CheckConstraint(
                condition=_scores_paired(),
                name="programmereport_scores_pre_and_post",
                violation_error_message=_(
                    "Ein Kompetenzbereich braucht beide Werte: vorher und nachher."
                ),
            ),
            models.CheckConstraint(
                condition=_no_scores() | Q(assessed__isnull=False, assessed__gte=1),
                name="programmereport_scores_need_assessed",
                violation_error_message=_(
                    "Bitte angeben, wie viele Personen vorher und nachher gemessen wurden."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.offer} {self.period_label}"

    @property
    def period_label(self):
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    @property
    def leavers(self):
        return self.completers + self.dropouts

    @property
    def placements(self):
        return self.placements_work + self.placements_training

    def scores(self):
        """(area, label, pre, post) for the four competence areas."""
        return [
            (area, label, getattr(self, f"{area}_pre"), getattr(self, f"{area}_post"))
            for area, label in COMPETENCE_AREAS
        ]

    def clean(self):
        super().clean()
        if self.offer_id and not self.offer.category.is_qualification:
            raise ValidationError(
                {
                    "offer": _(
                        "Qualitätsberichte gibt es nur für Angebote der Berufsorientierung "
                        "und Qualifizierung."
                    )
                }
            )
