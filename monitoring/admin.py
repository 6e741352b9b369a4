from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gladbeck.admin_helpers import ContentAdmin
from monitoring.models import Indicator, Observation, QualitativeAssessment


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
class ObservationAdmin(ContentAdmin):
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
