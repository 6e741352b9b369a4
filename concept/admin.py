"""Editions in the admin: the Redaktion freezes one through the add form; afterwards it is
read-only for everyone, and only a superuser may delete one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concept.editions import FreezeRefused, check_changed, check_not_running, freeze
from concept.models import Edition
from concept.snapshot import build
from gladbeck.admin_helpers import ContentAdmin


@admin.register(Edition)
class EditionAdmin(ContentAdmin):
    """ContentAdmin: its version pages refuse a revert to whoever may not change the record,
    and nobody may change an edition."""

    list_display = ["number", "title", "date", "council_decision", "created_at"]
    list_display_links = ["title"]
    search_fields = ["title", "council_decision"]
    fields = ["title", "date", "council_decision"]
    readonly_fields = ["number", "created_at", "links"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            fields = ["number", "title", "date", "council_decision", "created_at", "links"]
            return [(None, {"fields": fields})]
        description = _(
            "Schreibt den veröffentlichten Stand des Konzepts als neue Ausgabe fest, mit ihrem "
            "PDF. Eine Ausgabe lässt sich danach nicht mehr ändern; spätere Änderungen an "
            "Maßnahmen ändern nur die aktuelle Fassung."
        )
        return [(None, {"fields": self.fields, "description": description})]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot", "pdf")

    @admin.display(description=_("öffentlich"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?format=pdf">{}</a>',
            obj.get_absolute_url(),
            _("Seite"),
            obj.get_absolute_url(),
            _("PDF"),
        )

    def has_change_permission(self, request, obj=None):
        return False  # frozen: nobody changes an edition

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            return form_class

        class FreezeForm(form_class):
            """Says before saving why a freeze would be refused."""

            def clean(self):
                cleaned = super().clean()
                try:
                    check_not_running()
                    check_changed(build())
                except FreezeRefused as refused:
                    raise ValidationError(str(refused)) from None
                return cleaned

        return FreezeForm

    def save_model(self, request, obj, form, change):
        """The add form's values go to freeze(), which makes the edition in one transaction."""
        if change:
            raise PermissionDenied  # an edition is never changed, by no path of the admin
        frozen = freeze(
            obj.title,
            date=obj.date,
            council_decision=obj.council_decision,
            base_url=request.build_absolute_uri("/"),
        )
        obj.pk, obj.number, obj.created_at = frozen.pk, frozen.number, frozen.created_at
        obj._state.adding = False
        obj._state.db = frozen._state.db

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except FreezeRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:concept_edition_changelist"))
