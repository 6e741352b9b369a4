"""The directory of existing offers: what, for whom, where, when, at what cost."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField

from gladbeck.history_records import HistoricalRecords
from gladbeck.models import (
    District,
    Organisation,
    SlugNaturalKeyManager,
    TargetGroup,
    Timestamped,
)
from gladbeck.open_data_ids import OpenDataIdField
from gladbeck.places import PlacedQuerySet
from gladbeck.publishing import Publication, PublishableQuerySet, publication_field
from gladbeck.translation_status import TranslationStatusField
from measures.models import ActionField


class Category(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    is_qualification = models.BooleanField(
        _("Berufsorientierung oder Qualifizierung"),
        default=False,
        help_text=_("Angebote dieser Kategorie berichten Qualitätsindikatoren (§4.4)."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    objects = SlugNaturalKeyManager()

    i18n = TranslationField(fields=("name", "description"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class LanguageManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Language(models.Model):
    code = models.SlugField(
        _("Sprachcode"), max_length=12, unique=True, help_text=_("ISO 639, z. B. „de“, „tr“.")
    )
    name = models.CharField(_("Name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    objects = LanguageManager()

    i18n = TranslationField(fields=("name",))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Cost(models.TextChoices):
    FREE = "kostenlos", _("kostenlos")
    FEE = "kostenpflichtig", _("kostenpflichtig")
    UNKNOWN = "unbekannt", _("keine Angabe")


class OfferQuerySet(PublishableQuerySet, PlacedQuerySet):
    pass


class OfferManager(SlugNaturalKeyManager.from_queryset(OfferQuerySet)):
    pass


class Offer(Timestamped):
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=200, unique=True)
    open_data_id = OpenDataIdField("service")
    open_data_place_id = OpenDataIdField(
        "service_at_location", verbose_name=_("Kennung des Orts in den offenen Daten")
    )
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("Anbieter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        help_text=_("Leer nur, solange der Träger nicht bekannt ist."),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    description_easy = models.TextField(_("Beschreibung in leichter Sprache"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("Kategorie"), on_delete=models.PROTECT, related_name="offers"
    )
    action_fields = models.ManyToManyField(
        ActionField, verbose_name=_("Handlungsfelder"), blank=True, related_name="offers"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="offers"
    )
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("Sprachen"),
        blank=True,
        related_name="offers",
        help_text=_("In denen das Angebot stattfindet oder beraten wird, Deutsch eingeschlossen."),
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("Stadtteile"), blank=True, related_name="offers"
    )
    citywide = models.BooleanField(_("gesamtstädtisch"), default=False)
    address = models.TextField(_("Ort und Anschrift"), blank=True)
    schedule = models.TextField(_("Zeiten"), blank=True)
    cost = models.CharField(_("Kosten"), max_length=20, choices=Cost.choices, default=Cost.UNKNOWN)
    fee = models.CharField(
        _("Gebühr"), max_length=200, blank=True, help_text=_("z. B. „5 € pro Termin“.")
    )
    registration_required = models.BooleanField(
        _("Anmeldung nötig"), null=True, blank=True, help_text=_("Leer: keine Angabe.")
    )
    childcare = models.BooleanField(
        _("Kinderbetreuung"), null=True, blank=True, help_text=_("Leer: keine Angabe.")
    )
    barrier_free = models.BooleanField(
        _("barrierefrei"), null=True, blank=True, help_text=_("Leer: keine Angabe.")
    )
    min_age = models.PositiveSmallIntegerField(
        _("Mindestalter"), null=True, blank=True, help_text=_("In Jahren; leer: keine Grenze.")
    )
    max_age = models.PositiveSmallIntegerField(
        _("Höchstalter"), null=True, blank=True, help_text=_("In Jahren; leer: keine Grenze.")
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    concept_section = models.CharField(_("Abschnitt im Konzept"), max_length=30, blank=True)
    publication = publication_field()
    internal_note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Wird nie öffentlich angezeigt.")
    )
    last_checked = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt geprüft von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[action_fields, target_groups, languages, districts])

    objects = OfferManager()

    i18n = TranslationField(fields=("title", "description", "schedule"))
    translation_status = TranslationStatusField()

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title"]
        permissions = [
            ("publish_offer", _("Kann Angebote veröffentlichen und zurückziehen")),
            ("manage_all_offers", _("Angebote aller Organisationen, nicht nur der eigenen")),
        ]
        # The public list's and the HSDS services' pages read their rows in this order
        # instead of sorting all offers.
        indexes = [models.Index(fields=["title", "slug"], name="offer_title_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="offer_max_age_not_below_min_age",
                violation_error_message=_("Das Höchstalter liegt unter dem Mindestalter."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="offer_valid_until_after_from",
                violation_error_message=_("„Gültig bis“ liegt vor „gültig ab“."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED
