from django.contrib import admin
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gladbeck.admin_helpers import ContentAdmin, PublicationAdmin
from gladbeck.roles import provider_organisation
from gladbeck.staff_import.admin import StaffImportExportMixin
from monitoring.models import (
    COMPETENCE_AREAS,
    Indicator,
    Observation,
    ProgrammeReport,
    QualitativeAssessment,
    sees_every_programme,
)
from monitoring.quality import Figures
from monitoring.resources import ObservationResource


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["reference_date", "district", "breakdown", "breakdown_value", "value", "note"]
    show_change_link = True


class AssessmentInline(admin.StackedInline):
    model = QualitativeAssessment
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ContentAdmin):
    list_display = ["code", "title", "action_field", "kind", "scope", "unit", "periodicity"]
    list_display_links = ["code", "title"]
    list_filter = ["action_field", "kind", "scope", "periodicity", "desired_direction"]
    list_select_related = ["action_field"]
    search_fields = ["code", "title", "definition", "source"]
    autocomplete_fields = ["responsible", "challenges", "measures"]
    inlines = [AssessmentInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "action_field", "kind", "scope", "definition"]}),
        (
            _("Erhebung"),
            {"fields": ["unit", "source", "periodicity", "responsible", "concept_section"]},
        ),
        (
            _("Ausgangswert und Ziel"),
            {
                "fields": [
                    "desired_direction",
                    ("baseline_value", "baseline_year"),
                    ("target_value", "target_year"),
                ]
            },
        ),
        (_("Bezüge"), {"fields": ["challenges", "measures", "position"]}),
    ]


@admin.register(Observation)
class ObservationAdmin(StaffImportExportMixin, ContentAdmin):
    """Observations, also imported from a tidy CSV or XLSX file (monitoring/resources.py):
    preview first, every error by row and column, nothing saved while there are errors."""

    resource_classes = [ObservationResource]
    formfield_overrides = {
        **ContentAdmin.formfield_overrides,
        models.DecimalField: {"localize": True},
    }
    list_display = [
        "indicator",
        "reference_date",
        "district",
        "breakdown",
        "breakdown_value",
        "value",
    ]
    list_filter = ["indicator__action_field", "breakdown", "district", "reference_date"]
    list_select_related = ["indicator", "district"]
    search_fields = ["indicator__code", "indicator__title", "breakdown_value", "note"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "reference_date"


@admin.register(QualitativeAssessment)
class QualitativeAssessmentAdmin(ContentAdmin):
    list_display = ["indicator", "date", "rating"]
    list_filter = ["rating", "indicator__action_field"]
    list_select_related = ["indicator"]
    search_fields = ["text", "indicator__title"]
    autocomplete_fields = ["indicator"]


def _figures_table(figures, protect):
    rows = format_html_join(
        "",
        "<tr><th scope='row'>{}</th><td>{}</td></tr>",
        ((label, figure.text(protect=protect)) for label, figure in figures.columns()),
    )
    return format_html("<table>{}</table>", rows)


@admin.register(ProgrammeReport)
class ProgrammeReportAdmin(PublicationAdmin):
    """Quality reports of qualification programmes (§4.4).

    A login of the role Anbieter sees, adds and edits only the reports of its own
    organisation's programmes, with every figure in full (its own view). Whoever may see all
    programmes without editing them (the steering group) sees no raw counts: only the computed
    figures, each resting on fewer than 5 people shown as "< 5", and no history (which would
    show the counts). Editors manage all reports and publish them for the public aggregate.
    """

    publish_permission = "monitoring.publish_programmereport"
    # Providers type scores as "2,5".
    formfield_overrides = {
        **PublicationAdmin.formfield_overrides,
        models.DecimalField: {"localize": True},
    }
    list_filter = [
        "publication",
        "period_end",
        ("offer__provider", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["offer__provider"]
    search_fields = ["offer__title", "offer__provider__name"]
    date_hierarchy = "period_end"
    readonly_fields = ["own_figures", "protected_figures", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["offer", ("period_start", "period_end")]}),
        (
            _("Teilnahme und Verbleib (Anzahl Personen)"),
            {
                "fields": [
                    "entrants",
                    ("completers", "dropouts"),
                    ("placements_work", "placements_training"),
                    "total_days",
                ]
            },
        ),
        (
            _("Kompetenzen vorher und nachher (Mittelwerte, Skala 1 bis 5)"),
            {
                "fields": ["assessed"]
                + [(f"{area}_pre", f"{area}_post") for area, _label in COMPETENCE_AREAS]
            },
        ),
        (_("Feedback"), {"fields": ["feedback_summary"]}),
        (_("Berechnete Kennzahlen"), {"fields": ["own_figures"]}),
        (_("Veröffentlichung"), {"fields": ["publication", ("created_at", "updated_at")]}),
    ]
    protected_fieldsets = [
        (None, {"fields": ["offer", ("period_start", "period_end")]}),
        (
            _("Kennzahlen (geschützt: „< 5“ bei weniger als 5 Personen)"),
            {"fields": ["protected_figures"]},
        ),
        (_("Feedback"), {"fields": ["feedback_summary"]}),
        (_("Veröffentlichung"), {"fields": ["publication"]}),
    ]

    # Who sees what

    def manages_all(self, request):
        return request.user.has_perm("monitoring.manage_all_programmereports")

    def sees_all(self, request):
        return sees_every_programme(request.user)

    def _owns(self, request, obj):
        organisation = provider_organisation(request.user)
        return organisation is not None and obj.offer.provider_id == organisation.pk

    def sees_raw(self, request, obj=None):
        """Full counts: editors, and a provider for its own reports."""
        if self.manages_all(request):
            return True
        if obj is None:
            return provider_organisation(request.user) is not None and not self.sees_all(request)
        return self._owns(request, obj)

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).select_related("offer__provider", "offer__category")
        )
        if self.sees_all(request):
            return queryset
        return queryset.of_organisation(provider_organisation(request.user))

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return self.manages_all(request) or provider_organisation(request.user) is not None

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.manages_all(request) or self._owns(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.manages_all(request) or self._owns(request, obj))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.sees_all(request) or self._owns(request, obj))

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return self.sees_raw(
            request, obj
        ) and super().has_view_history_or_change_history_permission(request, obj)

    # Forms and lists

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.sees_raw(request, obj):
            return self.protected_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.sees_raw(request, obj):
            fields += ["offer", "period_start", "period_end", "feedback_summary", "publication"]
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering on raw counts for whoever sees them protected: trying ``?entrants=3``
        would reveal what "< 5" hides."""
        field = lookup.split(LOOKUP_SEP)[0]
        if field in ProgrammeReport.RAW_FIGURES and not self.manages_all(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        figures = "own_summary" if self.sees_raw(request) else "protected_summary"
        return ["offer", "organisation", "period", figures, "review_column"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "offer":
            offers = db_field.related_model.objects.filter(
                category__is_qualification=True
            ).select_related("provider")
            if not self.manages_all(request):
                offers = offers.filter(
                    provider=provider_organisation(request.user), provider__isnull=False
                )
            kwargs["queryset"] = offers
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Organisation"), ordering="offer__provider__name")
    def organisation(self, obj):
        return obj.offer.provider

    @admin.display(description=_("Zeitraum"), ordering="period_end")
    def period(self, obj):
        return obj.period_label

    @admin.display(description=_("Vermittlungsquote · Abbruchquote · Verweildauer"))
    def own_summary(self, obj):
        figures = Figures.of([obj])
        return " · ".join(
            f.text(protect=False)
            for f in (figures.placement_rate, figures.dropout_rate, figures.mean_stay)
        )

    @admin.display(description=_("Vermittlungsquote · Abbruchquote · Verweildauer (geschützt)"))
    def protected_summary(self, obj):
        figures = Figures.of([obj])
        return " · ".join(
            f.text() for f in (figures.placement_rate, figures.dropout_rate, figures.mean_stay)
        )

    @admin.display(description=_("Kennzahlen dieses Berichts"))
    def own_figures(self, obj):
        if obj is None or obj.pk is None:
            return _("Werden nach dem Speichern berechnet.")
        return _figures_table(Figures.of([obj]), protect=False)

    @admin.display(description=_("Kennzahlen"))
    def protected_figures(self, obj):
        return _figures_table(Figures.of([obj]), protect=True)
