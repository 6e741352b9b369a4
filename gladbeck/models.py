"""The shared vocabulary of the portal: districts, target groups, organisations, and the
concept's own texts. Every other app uses these; this app uses none of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from gladbeck.history_records import HistoricalRecords
from gladbeck.open_data_ids import OpenDataIdField
from gladbeck.translation_status import TranslationStatusField


class Timestamped(models.Model):
    """Created and updated times. Defaults rather than auto_now, so that records loaded from
    fixtures (raw saves, which skip auto_now) get the load time."""

    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


class SlugNaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug instead of by database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class District(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    description = models.TextField(_("Beschreibung"), blank=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    i18n = TranslationField(fields=("name", "description"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class TargetGroup(models.Model):
    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    description = models.TextField(_("Beschreibung"), blank=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    i18n = TranslationField(fields=("name", "description"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class OrganisationKind(models.TextChoices):
    ADMINISTRATION = "verwaltung", _("Verwaltung")
    WELFARE = "freier_traeger", _("freier Träger")
    MSO = "mso", _("Migrantenselbstorganisation (MSO)")
    SCHOOL = "schule", _("Schule")
    KITA = "kita", _("Kita")
    ASSOCIATION = "verein", _("Verein")
    CHURCH = "kirchengemeinde", _("Kirchen- und Religionsgemeinde")
    POLITICS = "politik", _("Politik")
    ECONOMY = "wirtschaft", _("Wirtschaft und Kammern")
    STATE = "land_bund", _("Kreis, Land und Bund")
    EDUCATION = "bildungstraeger", _("Bildungsträger")
    OTHER = "sonstige", _("Sonstige")


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=200, unique=True)
    open_data_id = OpenDataIdField("organization")
    short_name = models.CharField(
        _("Kurzname"), max_length=60, blank=True, help_text=_("z. B. „VHS“ oder „KI“.")
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnete Organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Für Ämter und Stellen der Stadtverwaltung: die Stadtverwaltung."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ConceptTextManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class ConceptText(Timestamped):
    """The concept's own prose (foreword, process, mission statement, conclusion) and the
    site's legal texts, all kept by staff in the admin."""

    class Key(models.TextChoices):
        FOREWORD = "vorwort", _("Vorwort des Bürgermeisters")
        PROCESS = "prozess", _("Einführung – der Prozess im Überblick")
        MISSION_ORIGIN = "leitbild-entstehung", _("Wie das Leitbild entstand (§3)")
        MISSION = "leitbild", _("Leitbild „Wir in Gladbeck“")
        MISSION_EASY = "leitbild-leichte-sprache", _("„Wir in Gladbeck“ in leichter Sprache")
        CONCLUSION = "fazit", _("Fazit")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        IMPRINT = "impressum", _("Impressum")

    key = models.SlugField(_("Art des Textes"), max_length=40, choices=Key.choices, unique=True)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"), help_text=_("Absätze durch eine Leerzeile trennen."))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    objects = ConceptTextManager()

    i18n = TranslationField(fields=("title", "body"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Konzepttext")
        verbose_name_plural = _("Konzepttexte")
        ordering = ["position"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class ProviderAccount(models.Model):
    """Ties a staff login of the role Anbieter to the one organisation whose offers it keeps."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer*in"),
        on_delete=models.CASCADE,
        related_name="provider_account",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="provider_accounts",
    )

    class Meta:
        verbose_name = _("Zugang für Anbieter")
        verbose_name_plural = _("Zugänge für Anbieter")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


# The import runs of the staff import live with its package; the model belongs to this app.
from gladbeck.review import PendingChange  # noqa: E402, F401
from gladbeck.staff_import.models import ImportRun  # noqa: E402, F401
from gladbeck.synonyms import SynonymGroup  # noqa: E402, F401
