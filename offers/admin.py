from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gladbeck.admin_helpers import ContentAdmin, PublicationAdmin
from gladbeck.roles import provider_organisation
from gladbeck.staff_import.admin import StaffImportExportMixin
from gladbeck.staff_import.widgets import german_slug
from offers.models import Category, Language, Offer
from offers.resources import OfferResource, ProviderOfferResource


def unique_slug(model, title):
    """A free web address from ``title``, transliterated as the loaded content is (ä → ae)."""
    base = german_slug(title) or "angebot"
    candidate, n = base, 2
    while model._default_manager.filter(slug=candidate).exists():
        candidate, n = f"{base[:75]}-{n}", n + 1
    return candidate


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["name", "is_qualification", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(ContentAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(Offer)
class OfferAdmin(StaffImportExportMixin, PublicationAdmin):
    """Editors see all offers; a login of the role Anbieter sees, adds and edits only the
    offers of its own organisation. The scope is applied to the queryset and to every
    object permission, so that a guessed URL does not reach another provider's offer."""

    publish_permission = "offers.publish_offer"
    # Fits 1280 px without scrolling sideways; cost and the rest are filters.
    list_display = ["title", "provider", "category", "publication", "last_checked"]
    list_filter = [
        "category",
        "publication",
        "cost",
        "childcare",
        "barrier_free",
        "action_fields",
        "districts",
        "target_groups",
        "languages",
    ]
    list_select_related = ["provider", "category"]
    search_fields = ["title", "description", "provider__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider"]
    filter_horizontal = ["action_fields", "target_groups", "languages", "districts"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "provider", "category", "description"]}),
        (_("Leichte Sprache"), {"fields": ["description_easy"]}),
        (
            _("Für wen und wo"),
            {
                "fields": [
                    "target_groups",
                    ("min_age", "max_age"),
                    "languages",
                    ("citywide", "districts"),
                    "address",
                    "schedule",
                    "action_fields",
                ]
            },
        ),
        (
            _("Bedingungen"),
            {
                "fields": [
                    ("cost", "fee"),
                    "registration_required",
                    "childcare",
                    "barrier_free",
                    ("valid_from", "valid_until"),
                ]
            },
        ),
        (_("Kontakt"), {"fields": ["contact_name", "email", "phone", "website"]}),
        (
            _("Pflege"),
            {
                "fields": [
                    "publication",
                    ("last_checked", "last_checked_by"),
                    "internal_note",
                    "concept_section",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    def manages_all(self, request):
        return request.user.has_perm("offers.manage_all_offers")

    def get_resource_classes(self, request):
        # Providers neither see nor import the internal note.
        return [OfferResource if self.manages_all(request) else ProviderOfferResource]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.manages_all(request):
            return queryset
        return queryset.filter(provider=provider_organisation(request.user), provider__isnull=False)

    def _owns(self, request, obj):
        return self.manages_all(request) or (
            obj.provider_id is not None and obj.provider == provider_organisation(request.user)
        )

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return self.manages_all(request) or provider_organisation(request.user) is not None

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._owns(request, obj))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._owns(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._owns(request, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.manages_all(request):
            fields += ["provider", "last_checked_by", "internal_note"]
        return fields

    def get_exclude(self, request, obj=None):
        if self.manages_all(request):
            return super().get_exclude(request, obj)
        return ["internal_note"]

    # The Redaktion's fields, which a provider neither sees nor sets: the web address is made
    # from the title, the concept section and the last check are the Redaktion's record.
    EDITORS_FIELDS = {"internal_note", "slug", "concept_section", "last_checked", "last_checked_by"}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.manages_all(request):
            return fieldsets
        shown = []
        for name, opts in fieldsets:
            fields = []
            for entry in opts["fields"]:
                if isinstance(entry, tuple):
                    kept = tuple(f for f in entry if f not in self.EDITORS_FIELDS)
                    if kept:
                        fields.append(kept if len(kept) > 1 else kept[0])
                elif entry not in self.EDITORS_FIELDS:
                    fields.append(entry)
            shown.append((name, {**opts, "fields": fields}))
        return shown

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if self.manages_all(request) else {}

    def save_model(self, request, obj, form, change):
        if not self.manages_all(request):
            obj.provider = provider_organisation(request.user)
            if not change:
                obj.slug = unique_slug(Offer, obj.title)
        if "last_checked" in form.changed_data:
            obj.last_checked_by = request.user
        super().save_model(request, obj, form, change)
