"""The quality reports that providers of qualification programmes give per programme and
period (§4.4)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gladbeck.models import Timestamped
from gladbeck.publishing import PublishableQuerySet, publication_field

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


def sees_every_programme(user):
    """Whoever may see the (protected) figures of every organisation's programmes: the
    Redaktion, which manages them all, and the steering group."""
    return user.has_perm("monitoring.manage_all_programmereports") or user.has_perm(
        "monitoring.view_programme_figures"
    )
