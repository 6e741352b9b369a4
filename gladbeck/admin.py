from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from gladbeck.admin_helpers import ContentAdmin
from gladbeck.models import ConceptText, District, Organisation, ProviderAccount, TargetGroup
from gladbeck.resources import OrganisationResource
from gladbeck.staff_import.admin import StaffImportExportMixin
from gladbeck.synonyms import SynonymGroup
from gladbeck.unsaved_preview import UnsavedPreviewMixin
from gladbeck.views import concept_text_page


@admin.register(District)
class DistrictAdmin(ContentAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(ContentAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(StaffImportExportMixin, ContentAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "short_name", "kind", "parent", "description"]}),
        (_("Kontakt"), {"fields": ["website", "email", "phone", "address"]}),
    ]


@admin.register(SynonymGroup)
class SynonymGroupAdmin(ContentAdmin):
    list_display = ["__str__", "note"]
    search_fields = ["words", "note"]
    fields = ["words", "note"]


@admin.register(ConceptText)
class ConceptTextAdmin(UnsavedPreviewMixin, ContentAdmin):
    list_display = ["title", "key", "position", "updated_at"]
    search_fields = ["title", "body"]

    def preview_page_url(self, obj):
        return concept_text_page(obj.key)


class ProviderAccountInline(admin.StackedInline):
    model = ProviderAccount
    can_delete = True
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("Organisation (nur für die Rolle Anbieter)")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [ProviderAccountInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]


# The Redaktion's review queue (registered in its own module).
from gladbeck import review_admin  # noqa: E402, F401
