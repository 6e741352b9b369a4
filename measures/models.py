"""Action fields, their challenges and the measures that answer them."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, When
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from gladbeck.choice_labels import choice_label
from gladbeck.history_records import HistoricalRecords
from gladbeck.models import (
    District,
    Organisation,
    SlugNaturalKeyManager,
    TargetGroup,
    Timestamped,
)
from gladbeck.places import PlacedQuerySet
from gladbeck.publishing import Publication, PublishableQuerySet, publication_field
from gladbeck.translation_status import TranslationStatusField
from measures.choices import ACTIVITY_ORDER, Level, Status  # noqa: F401 (their home for the app)
from measures.ranking import check_shared_rank


class ActionField(models.Model):
    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    title = models.CharField(_("Titel"), max_length=150, unique=True)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=150, unique=True)
    short_description = models.TextField(_("Kurzbeschreibung"), blank=True)
    background = models.TextField(
        _("Hintergrund"), blank=True, help_text=_("Absätze durch eine Leerzeile trennen.")
    )
    concept_sections = models.CharField(
        _("Abschnitte im Konzept"), max_length=50, blank=True, help_text=_("z. B. „§2.5, §4.2“")
    )
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    i18n = TranslationField(fields=("title", "short_description", "background"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["number"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class SubArea(models.Model):
    action_field = models.ForeignKey(
        ActionField,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="sub_areas",
    )
    title = models.CharField(_("Titel"), max_length=150)
    slug = models.SlugField(_("Kürzel"), max_length=150, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    i18n = TranslationField(fields=("title", "description"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Teilbereich")
        verbose_name_plural = _("Teilbereiche")
        ordering = ["action_field__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_field", "title"], name="subarea_unique_title_per_field"
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


# A prioritised challenge is one the workshops ranked (§4.1) or the steering group named as
# central (Wohnen, §4.6); the analysis (§2.5–§2.9) adds the others.
PRIORITISED = Q(rank__isnull=False) | Q(is_central=True)


class ChallengeQuerySet(models.QuerySet):
    def ranked(self):
        """The challenges with a workshop rank, in rank order."""
        return self.filter(rank__isnull=False).order_by("action_field__number", "rank", "position")

    def unranked(self):
        """The challenges the analysis adds: neither ranked nor central."""
        return self.exclude(PRIORITISED)

    def with_shared_rank(self):
        """Annotate ``shares_rank``: another challenge of the field holds the same rank (ties
        are ties, §4.1, §4.4: see measures/ranking.py)."""
        others = Challenge.objects.filter(
            action_field=OuterRef("action_field"), rank=OuterRef("rank")
        ).exclude(pk=OuterRef("pk"))
        return self.annotate(shares_rank=Exists(others))


class ChallengeManager(SlugNaturalKeyManager.from_queryset(ChallengeQuerySet)):
    pass


class Challenge(models.Model):
    action_field = models.ForeignKey(
        ActionField,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    sub_area = models.ForeignKey(
        SubArea,
        verbose_name=_("Teilbereich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=150, unique=True)
    wording = models.TextField(
        _("Wortlaut"), help_text=_("Die Herausforderung im Wortlaut des Konzepts.")
    )
    goal = models.TextField(_("Ziel"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("Rang im Workshop"),
        null=True,
        blank=True,
        help_text=_(
            "Platz in der Priorisierung (§4.1); leer, wenn nicht priorisiert. Gleich viele "
            "Stimmen oder gleich gewichtet heißt gleicher Rang (1, 2, 2, 4)."
        ),
    )
    votes = models.PositiveSmallIntegerField(
        _("Stimmen"),
        null=True,
        blank=True,
        help_text=_("Punkte aus dem Expert*innenworkshop; leer, wenn nicht abgestimmt."),
    )
    is_central = models.BooleanField(
        _("zentrale Herausforderung"),
        default=False,
        help_text=_("Vom Gremium als zentrale Herausforderung benannt, ohne Abstimmung."),
    )
    concept_section = models.CharField(_("Abschnitt im Konzept"), max_length=30, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="challenges"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("Stadtteile"), blank=True, related_name="challenges"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords(m2m_fields=[target_groups, districts])

    objects = ChallengeManager()

    i18n = TranslationField(fields=("wording", "goal"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Herausforderung")
        verbose_name_plural = _("Herausforderungen")
        ordering = ["action_field__number", models.F("rank").asc(nulls_last=True), "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes__isnull=True) | Q(votes__gte=0),
                name="challenge_votes_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="challenge_rank_positive"
            ),
        ]

    def __str__(self):
        text = self.short_wording(90)
        if self.rank:
            return f"{self.action_field.title} {self.rank}: {text}"
        return text

    def clean(self):
        check_shared_rank(self, Challenge.objects.exclude(pk=self.pk))

    @property
    def is_prioritised(self):
        """Ranked in a workshop or named central (see PRIORITISED)."""
        return self.rank is not None or self.is_central

    def short_wording(self, length):
        """The wording cut to ``length`` characters at most, for lists and labels."""
        return Truncator(self.wording).chars(length)

    def natural_key(self):
        return (self.slug,)


class MeasureQuerySet(PublishableQuerySet, PlacedQuerySet):
    def with_leads(self, *only):
        """Prefetch the lead stakeholders (federführend), by name, into ``measure.leads``;
        ``only``: read just these fields of them (e.g. "organisation__name")."""
        leads = (
            Stakeholder.objects.filter(role=Role.LEAD)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        if only:
            leads = leads.only("measure", "organisation", *only)
        return self.prefetch_related(Prefetch("stakeholders", queryset=leads, to_attr="leads"))

    def with_status_order(self):
        """Annotate ``status_order``: the position of the status from Idee to verworfen."""
        return self.annotate(
            status_order=Case(
                *[When(status=status, then=n) for n, status in enumerate(Status.values)],
                output_field=IntegerField(),
            )
        )

    def in_action_field(self, action_field):
        """The measures of an action field: those it is the main field of and those that name
        it as a further field. Every count of "measures in this field" counts this set."""
        return self.filter(
            Q(action_field=action_field) | Q(further_action_fields=action_field)
        ).distinct()

    def counts_by_action_field(self):
        """{action field id: {status: count}} over the set in_action_field() selects, for all
        fields in two queries."""
        main = self.order_by().values_list("action_field", "status").annotate(n=Count("pk"))
        further = self.counts_as_further_field("actionfield", "measure__status")
        counts = {}
        for field_id, status, n in [*main, *further]:
            by_status = counts.setdefault(field_id, {})
            by_status[status] = by_status.get(status, 0) + n
        return counts

    def counts_as_further_field(self, *keys):
        """Rows of (``keys``..., n), ``keys`` being paths from the link table ("actionfield",
        "measure__status"): how many of these measures name a further action field that is not
        their main one (that counts with the main field). A link names a field once a measure."""
        through = self.model.further_action_fields.through
        return (
            through.objects.filter(measure__in=self.values("pk"))
            .exclude(actionfield=F("measure__action_field"))
            .values_list(*keys)
            .annotate(n=Count("pk"))
            .order_by()
        )


class MeasureManager(SlugNaturalKeyManager.from_queryset(MeasureQuerySet)):
    pass


class Measure(Timestamped):
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=200, unique=True)
    summary = models.TextField(
        _("Kurzfassung"), blank=True, help_text=_("Ein bis zwei Sätze für Listen und Suche.")
    )
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Was getan wird, wie und mit wem.")
    )
    goal = models.TextField(_("Ziel"), blank=True, help_text=_("Was damit erreicht werden soll."))
    action_field = models.ForeignKey(
        ActionField,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    further_action_fields = models.ManyToManyField(
        ActionField,
        verbose_name=_("weitere Handlungsfelder"),
        blank=True,
        related_name="related_measures",
    )
    challenges = models.ManyToManyField(
        Challenge,
        verbose_name=_("bearbeitete Herausforderungen"),
        blank=True,
        related_name="measures",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="measures"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("Stadtteile"), blank=True, related_name="measures"
    )
    citywide = models.BooleanField(
        _("gesamtstädtisch"), default=False, help_text=_("Gilt für alle Stadtteile.")
    )
    level = models.CharField(
        _("Ebene"),
        max_length=10,
        choices=Level.choices,
        default=Level.CITY,
        help_text=_("Wo gehandelt wird: vor Ort oder als Anliegen an Kreis, Land oder Bund."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.IDEA, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in %"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 bis 100."),
    )
    planned_start = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    planned_end = models.DateField(_("geplantes Ende"), null=True, blank=True)
    actual_start = models.DateField(_("tatsächlicher Beginn"), null=True, blank=True)
    actual_end = models.DateField(_("tatsächliches Ende"), null=True, blank=True)
    resources = models.TextField(_("benötigte Ressourcen"), blank=True)
    funding = models.TextField(_("Finanzierung"), blank=True)
    concept_section = models.CharField(_("Abschnitt im Konzept"), max_length=30, blank=True)
    publication = publication_field()
    internal_note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Wird nie öffentlich angezeigt.")
    )
    history = HistoricalRecords(
        m2m_fields=[further_action_fields, challenges, target_groups, districts]
    )

    objects = MeasureManager()

    i18n = TranslationField(fields=("title", "summary", "description", "goal"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["action_field__number", "title"]
        permissions = [("publish_measure", _("Kann Maßnahmen veröffentlichen und zurückziehen"))]
        # The public list's first page reads 20 rows in this order instead of sorting all.
        indexes = [models.Index(fields=["title"], name="measure_title_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="measure_progress_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="measure_planned_end_after_start",
                violation_error_message=_("Das geplante Ende liegt vor dem geplanten Beginn."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="measure_actual_end_after_start",
                violation_error_message=_("Das tatsächliche Ende liegt vor dem Beginn."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    # Lists show these for every row: see gladbeck/choice_labels.py for why not Django's.
    def get_status_display(self):
        return choice_label(Status, self.status)

    def get_level_display(self):
        return choice_label(Level, self.level)

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED


class MeasureStepManager(models.Manager):
    def get_by_natural_key(self, measure_slug, position):
        return self.get(measure__slug=measure_slug, position=position)


class MeasureStep(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    text = models.TextField(_("Schritt"))
    done = models.BooleanField(_("erledigt"), default=False)
    history = HistoricalRecords()

    objects = MeasureStepManager()

    class Meta:
        verbose_name = _("erster Schritt")
        verbose_name_plural = _("erste Schritte")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "position"], name="step_unique_position_per_measure"
            )
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (self.measure.slug, self.position)

    natural_key.dependencies = ["measures.measure"]


class Role(models.TextChoices):
    LEAD = "federfuehrend", _("federführend")
    PARTNER = "beteiligt", _("beteiligt")
    TO_INVOLVE = "einzubinden", _("einzubinden")


class StakeholderManager(models.Manager):
    def get_by_natural_key(self, measure_slug, organisation_slug):
        return self.get(measure__slug=measure_slug, organisation__slug=organisation_slug)


class Stakeholder(models.Model):
    """An organisation's role in one measure."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="measure_roles",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    note = models.CharField(_("Anmerkung"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = StakeholderManager()

    class Meta:
        verbose_name = _("Akteur*in")
        verbose_name_plural = _("Akteur*innen")
        ordering = ["measure", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organisation"], name="stakeholder_once_per_measure"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    def natural_key(self):
        return (self.measure.slug, self.organisation.slug)

    natural_key.dependencies = ["measures.measure", "gladbeck.organisation"]


class ProgressEntry(models.Model):
    """A dated step on a measure's timeline."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        related_name="progress_entries",
    )
    date = models.DateField(_("Datum"))
    text = models.TextField(_("Was ist geschehen?"))
    status = models.CharField(_("Status danach"), max_length=20, choices=Status.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingetragen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("eingetragen am"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Fortschrittseintrag")
        verbose_name_plural = _("Fortschrittseinträge")
        ordering = ["measure", "-date", "-id"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.text[:60]}"
