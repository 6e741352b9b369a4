"""Admin building blocks shared by the apps: history with diffs and publication actions."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from gladbeck.publishing import Publication


class ContentAdmin(SimpleHistoryAdmin):
    """Base for every content model: history with field diffs, 50 rows a page."""

    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PublicationAdmin(ContentAdmin):
    """Publishing and withdrawing, in the form and as bulk actions, only with the permission
    named in ``publish_permission`` (checked here on the server, not just hidden)."""

    publish_permission = None  # "app_label.codename"
    actions = ["publish", "withdraw"]

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publication")
        return fields

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request) and not change:
            obj.publication = Publication.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Ausgewählte veröffentlichen"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_publication(request, queryset, Publication.PUBLISHED)

    @admin.action(
        description=_("Ausgewählte zurückziehen (wieder Entwurf)"), permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        self._set_publication(request, queryset, Publication.DRAFT)

    def _set_publication(self, request, queryset, state):
        changed = save_each(queryset.exclude(publication=state), publication=state)
        self.message_user(
            request,
            ngettext(
                "%(count)d Eintrag ist jetzt „%(state)s“.",
                "%(count)d Einträge sind jetzt „%(state)s“.",
                changed,
            )
            % {"count": changed, "state": state.label},
            messages.SUCCESS,
        )


def save_each(queryset, **values):
    """Set ``values`` on every row and save it singly, so each change is in the history
    (a queryset ``update()`` would bypass it). Returns the number of rows changed."""
    changed = 0
    for obj in queryset:
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
        changed += 1
    return changed
