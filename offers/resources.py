"""Import and export of offers for staff (conventions: gladbeck/staff_import/).

The Redaktion imports offers of every provider. A login of the role Anbieter imports and
exports only the offers of its own organisation: a row naming another provider, or the
Kürzel of another provider's offer, is an error; an empty "Anbieter" means its own
organisation. It sees neither the internal note nor who checked an offer.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gladbeck.models import District, Organisation, TargetGroup
from gladbeck.publishing import Publication
from gladbeck.roles import provider_organisation
from gladbeck.staff_import.resources import StaffResource
from gladbeck.staff_import.widgets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NamesWidget,
    NameWidget,
    YesNoWidget,
    column,
)
from measures.models import ActionField
from offers.models import Category, Cost, Language, Offer

FIELDS = (
    "slug",
    "title",
    "provider",
    "category",
    "description",
    "description_easy",
    "action_fields",
    "target_groups",
    "min_age",
    "max_age",
    "languages",
    "citywide",
    "districts",
    "address",
    "schedule",
    "cost",
    "fee",
    "registration_required",
    "childcare",
    "barrier_free",
    "valid_from",
    "valid_until",
    "contact_name",
    "email",
    "phone",
    "website",
    "concept_section",
    "publication",
    "last_checked",
    "internal_note",
)


class OfferResource(StaffResource):
    publish_permission = "offers.publish_offer"

    slug = column("slug", gettext_lazy("Kürzel"))
    title = column("title", gettext_lazy("Titel"))
    provider = column("provider", gettext_lazy("Anbieter"), NameWidget(Organisation))
    category = column("category", gettext_lazy("Kategorie"), NameWidget(Category))
    description = column("description", gettext_lazy("Beschreibung"))
    description_easy = column("description_easy", gettext_lazy("Beschreibung in leichter Sprache"))
    action_fields = column(
        "action_fields", gettext_lazy("Handlungsfelder"), NamesWidget(ActionField, "title")
    )
    target_groups = column("target_groups", gettext_lazy("Zielgruppen"), NamesWidget(TargetGroup))
    min_age = column("min_age", gettext_lazy("Mindestalter"), IntegerWidget())
    max_age = column("max_age", gettext_lazy("Höchstalter"), IntegerWidget())
    languages = column("languages", gettext_lazy("Sprachen"), NamesWidget(Language))
    citywide = column("citywide", gettext_lazy("gesamtstädtisch"), YesNoWidget())
    districts = column("districts", gettext_lazy("Stadtteile"), NamesWidget(District))
    address = column("address", gettext_lazy("Ort und Anschrift"))
    schedule = column("schedule", gettext_lazy("Zeiten"))
    cost = column("cost", gettext_lazy("Kosten"), ChoiceWidget(Cost.choices))
    fee = column("fee", gettext_lazy("Gebühr"))
    registration_required = column(
        "registration_required", gettext_lazy("Anmeldung nötig"), YesNoWidget(nullable=True)
    )
    childcare = column("childcare", gettext_lazy("Kinderbetreuung"), YesNoWidget(nullable=True))
    barrier_free = column("barrier_free", gettext_lazy("barrierefrei"), YesNoWidget(nullable=True))
    valid_from = column("valid_from", gettext_lazy("gültig ab"), DateWidget())
    valid_until = column("valid_until", gettext_lazy("gültig bis"), DateWidget())
    contact_name = column("contact_name", gettext_lazy("Ansprechperson"))
    email = column("email", gettext_lazy("E-Mail"))
    phone = column("phone", gettext_lazy("Telefon"))
    website = column("website", gettext_lazy("Website"))
    concept_section = column("concept_section", gettext_lazy("Abschnitt im Konzept"))
    publication = column(
        "publication", gettext_lazy("Veröffentlichung"), ChoiceWidget(Publication.choices)
    )
    last_checked = column("last_checked", gettext_lazy("zuletzt geprüft am"), DateWidget())
    internal_note = column("internal_note", gettext_lazy("interne Notiz"))

    class Meta(StaffResource.Meta):
        model = Offer
        name = gettext_lazy("Angebote")
        fields = FIELDS

    @staticmethod
    def with_related(queryset):
        return queryset.select_related("provider", "category").prefetch_related(
            "action_fields", "target_groups", "languages", "districts"
        )

    def get_queryset(self):
        return self.with_related(Offer.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.with_related(queryset)

    def manages_all(self):
        return bool(self.user and self.user.has_perm("offers.manage_all_offers"))

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored_provider_id = None if new else instance.provider_id
        instance._stored_last_checked = None if new else instance.last_checked

    def import_extra(self, instance, row, **kwargs):
        if self.manages_all():
            return
        own = provider_organisation(self.user)
        errors = {}
        if instance._stored_provider_id is not None or instance.pk:
            if instance._stored_provider_id != getattr(own, "pk", None):
                errors[self.fields["slug"].column_name] = _(
                    "Dieses Angebot gehört einer anderen Organisation; Sie können nur Angebote "
                    "von „%(own)s“ ändern."
                ) % {"own": own}
        if instance.provider_id is None and own is not None:
            instance.provider = own
        elif own is None or instance.provider_id != own.pk:
            errors[self.fields["provider"].column_name] = _(
                "Sie können nur Angebote von „%(own)s“ importieren."
            ) % {"own": own}
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.last_checked != getattr(instance, "_stored_last_checked", None):
            instance.last_checked_by = self.user if self.user and self.user.pk else None


class ProviderOfferResource(OfferResource):
    """What a login of the role Anbieter imports and exports: no internal note."""

    class Meta(OfferResource.Meta):
        fields = tuple(name for name in FIELDS if name != "internal_note")
