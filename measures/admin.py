from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gladbeck.admin_helpers import ContentAdmin, PublicationAdmin, save_each
from gladbeck.staff_import.admin import StaffImportExportMixin
from gladbeck.unsaved_preview import UnsavedPreviewMixin
from measures.inbox import due_for_follow_up
from measures.models import (
    ActionField,
    Challenge,
    Measure,
    MeasureStep,
    ProgressEntry,
    Stakeholder,
    Status,
    SubArea,
)
from measures.resources import ChallengeResource, MeasureResource


class SubAreaInline(admin.TabularInline):
    model = SubArea
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ActionField)
class ActionFieldAdmin(UnsavedPreviewMixin, ContentAdmin):
    list_display = ["number", "title", "concept_sections"]
    list_display_links = ["title"]
    search_fields = ["title", "background"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SubAreaInline]


@admin.register(SubArea)
class SubAreaAdmin(ContentAdmin):
    list_display = ["title", "action_field", "position"]
    list_filter = ["action_field"]
    list_select_related = ["action_field"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Challenge)
class ChallengeAdmin(StaffImportExportMixin, ContentAdmin):
    resource_classes = [ChallengeResource]
    list_display = ["short_wording", "action_field", "rank", "votes", "is_central"]
    list_filter = ["action_field", "is_central", "target_groups", "districts"]
    list_select_related = ["action_field"]
    search_fields = ["wording", "goal"]
    autocomplete_fields = ["sub_area"]
    filter_horizontal = ["target_groups", "districts"]
    prepopulated_fields = {"slug": ["wording"]}

    @admin.display(description=_("Wortlaut"), ordering="wording")
    def short_wording(self, obj):
        return obj.short_wording(100)


class NumberedStepsFormSet(BaseInlineFormSet):
    """First steps number themselves: a step without a position, or with one another step of
    the form already has, gets the next number after the highest (so a second step no longer
    collides with the first at position 0)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["position"].required = False
        form.fields["position"].help_text = _("Leer: wird als nächster Schritt angehängt.")
        if form.instance.pk is None:
            form.initial["position"] = None

    def clean(self):
        taken, unnumbered = set(), []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not form.has_changed() and not form.instance.pk:
                continue
            position = data.get("position")
            if position is None or position in taken:
                unnumbered.append(form)
            else:
                taken.add(position)
        following = max(taken, default=0) + 1
        for form in unnumbered:
            form.cleaned_data["position"] = form.instance.position = following
            following += 1
        super().clean()


class MeasureStepInline(admin.TabularInline):
    model = MeasureStep
    formset = NumberedStepsFormSet
    extra = 1
    fields = ["position", "text", "done"]


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 1
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "note"]


class ProgressEntryInline(admin.StackedInline):
    model = ProgressEntry
    extra = 0
    fields = ["date", "status", "text"]


class FollowUpFilter(admin.SimpleListFilter):
    """The inbox's "Wiedervorlage" as a filter (measures/inbox.py)."""

    title = _("Wiedervorlage")
    parameter_name = "wiedervorlage"

    def lookups(self, request, model_admin):
        return [("ja", _("fällig: 6 Monate ohne Fortschrittseintrag"))]

    def queryset(self, request, queryset):
        return due_for_follow_up(queryset) if self.value() == "ja" else queryset


def _status_action(status):
    def set_status(modeladmin, request, queryset):
        changed = save_each(queryset.exclude(status=status), status=status)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d Maßnahme hat jetzt den Status „%(status)s“.",
                "%(count)d Maßnahmen haben jetzt den Status „%(status)s“.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    set_status.__name__ = f"set_status_{status.value.replace('-', '_')}"
    return admin.action(
        description=_("Status setzen: %(status)s") % {"status": status.label},
        permissions=["change"],
    )(set_status)


@admin.register(Measure)
class MeasureAdmin(StaffImportExportMixin, PublicationAdmin):
    resource_classes = [MeasureResource]
    publish_permission = "measures.publish_measure"
    list_display = [
        "title",
        "action_field",
        "status",
        "publication",
        "updated_at",
    ]  # fits 1280 px without scrolling sideways; level and the rest are filters
    list_filter = [
        "action_field",
        "status",
        "publication",
        FollowUpFilter,
        "level",
        "citywide",
        "districts",
        "target_groups",
    ]
    list_select_related = ["action_field"]
    search_fields = ["title", "summary", "description", "goal"]
    date_hierarchy = "updated_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["challenges"]
    filter_horizontal = ["further_action_fields", "target_groups", "districts"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MeasureStepInline, StakeholderInline, ProgressEntryInline]
    actions = PublicationAdmin.actions + [_status_action(status) for status in Status]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "goal", "description"]}),
        (
            _("Einordnung"),
            {
                "fields": [
                    "action_field",
                    "further_action_fields",
                    "challenges",
                    "target_groups",
                    ("citywide", "districts"),
                    "level",
                    "concept_section",
                ]
            },
        ),
        (
            _("Stand der Umsetzung"),
            {
                "fields": [
                    ("status", "progress"),
                    ("planned_start", "planned_end"),
                    ("actual_start", "actual_end"),
                    "resources",
                    "funding",
                ]
            },
        ),
        (
            _("Veröffentlichung"),
            {"fields": ["publication", "internal_note", ("created_at", "updated_at")]},
        ),
    ]

    def save_formset(self, request, form, formset, change):
        entries = formset.save(commit=False)
        for entry in entries:
            if isinstance(entry, ProgressEntry) and entry.created_by_id is None:
                entry.created_by = request.user
            entry.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Stakeholder)
class StakeholderAdmin(ContentAdmin):
    list_display = ["organisation", "role", "measure"]
    list_filter = ["role", "measure__action_field"]
    list_select_related = ["organisation", "measure"]
    search_fields = ["organisation__name", "measure__title"]
    autocomplete_fields = ["measure", "organisation"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ContentAdmin):
    list_display = ["date", "measure", "status", "created_by"]
    list_filter = ["status", "measure__action_field"]
    list_select_related = ["measure", "created_by"]
    search_fields = ["text", "measure__title"]
    autocomplete_fields = ["measure"]
    date_hierarchy = "date"
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MeasureStep)
class MeasureStepAdmin(ContentAdmin):
    list_display = ["text", "measure", "position", "done"]
    list_filter = ["done", "measure__action_field"]
    list_select_related = ["measure"]
    search_fields = ["text", "measure__title"]
    autocomplete_fields = ["measure"]
