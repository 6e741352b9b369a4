"""Admin building blocks shared by the apps: history with diffs and publication actions."""

import copy
import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from gladbeck import edit_conflicts, review
from gladbeck.history_display import GermanHistoryHelper
from gladbeck.history_saves import inline_changes, merge_save
from gladbeck.publishing import Publication
from gladbeck.translation_admin import TranslationAdminMixin


class ContentAdmin(TranslationAdminMixin, SimpleHistoryAdmin):
    """Base for every content model: history with field diffs, 50 rows a page.

    A change form carries the version it was opened on, and a save over someone else's newer
    change is refused with what changed in between (gladbeck/edit_conflicts.py).

    django-simple-history's version page saves any POST from whoever may view the object, and
    its diffs list every field. Here a version is shown read-only to whoever may not change
    the object, a revert is refused unless the user may change it, a revert changes only the
    fields the user's own form holds (so neither the publication state nor an internal note
    comes back through an old version), and the history shows a role only the fields of its
    form.

    Translatable models get the page "Übersetzen" per language (gladbeck/translation_admin.py).
    """

    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/gladbeck/change_form.html"  # carries the opened version
    object_history_form_template = "admin/gladbeck/object_history_form.html"
    object_history_list_template = "admin/gladbeck/object_history_list.html"

    # History: who may see and revert what

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        may_revert = self.has_change_permission(request, current)
        if request.method == "POST" and not may_revert:
            raise PermissionDenied
        request.history_current = current
        request.history_read_only = not may_revert
        # django-simple-history reads the class's prepopulated_fields; a role whose form
        # lacks the address field (a provider) needs its own, on a copy for this request.
        view_admin = copy.copy(self)
        view_admin.prepopulated_fields = self.get_prepopulated_fields(request, current)
        return super(ContentAdmin, view_admin).history_form_view(
            request, object_id, version_id, extra_context
        )

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return _("Frühere Fassung von „%(object)s“") % {"object": obj}
        return _("Frühere Fassung von „%(object)s“ wiederherstellen") % {"object": obj}

    def revert_disabled(self, request, obj=None):
        current = getattr(request, "history_current", obj)
        return super().revert_disabled(request, obj) or not self.has_change_permission(
            request, current
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        # fields=None: the admin asks which fields the form has; the guard's own field is none.
        asks_for_fields = "fields" in kwargs and kwargs["fields"] is None
        if obj is not None and not asks_for_fields and not hasattr(request, "history_current"):
            return edit_conflicts.guard(
                form_class, lambda: self.history_visible_fields(request, obj)
            )
        if not getattr(request, "history_read_only", False):
            return form_class

        class ReadOnlyVersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return ReadOnlyVersionForm

    def save_form(self, request, form, change):
        """A revert writes the old version's values of the fields in the user's form only;
        every other field keeps its current value."""
        obj = super().save_form(request, form, change)
        current = getattr(request, "history_current", None)
        if current is not None and change:
            for field in obj._meta.concrete_fields:
                if not field.primary_key and field.name not in form.fields:
                    setattr(obj, field.attname, getattr(current, field.attname))
        return obj

    # One save, one entry in the history (gladbeck/history_saves.py)

    def save_model(self, request, obj, form, change):
        request.history_save_started = timezone.now()
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._merge_history(request, obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._merge_history(request, obj, message)
        return super().log_change(request, obj, message)

    def _merge_history(self, request, obj, message):
        since = getattr(request, "history_save_started", None)
        if since is not None and hasattr(obj, "history"):
            merge_save(obj, since, inline_changes(message))

    def history_visible_fields(self, request, obj):
        """Names of the model fields this user's form shows for ``obj``."""
        shown = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
        return shown - set(self.get_exclude(request, obj) or [])

    def get_historical_record_context_helper(self, request, historical_record):
        return GermanHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        if not records:
            return
        visible = self.history_visible_fields(request, records[0].instance)
        tracked = {field.name for field in records[0].tracked_fields}
        tracked |= {field.name for field in records[0]._history_m2m_fields}
        hidden = tracked - visible
        for previous, current in zip(records, records[1:], strict=False):
            delta = previous.diff_against(
                current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
            )
            # A browser sends a text area's line breaks as CR LF: no change for a reader.
            changes = [change for change in delta.changes if not same_text(change)]
            delta = dataclasses.replace(delta, changes=changes)
            helper = self.get_historical_record_context_helper(request, previous)
            previous.history_delta_changes = helper.context_for_delta_changes(delta)


class PublicationAdmin(ContentAdmin):
    """Publishing and withdrawing, in the form and as bulk actions, only with the permission
    named in ``publish_permission`` (checked here on the server, not just hidden).

    Whoever lacks it (a provider) changes nothing public: a change to a published record is
    kept for the Redaktion's review and a new or unpublished record waits for review as a
    draft (gladbeck/review.py). The list shows each record's state of review."""

    publish_permission = None  # "app_label.codename"
    actions = ["publish", "withdraw"]

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission)

    def get_queryset(self, request):
        return review.annotate_review_state(super().get_queryset(request))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return ["review_column" if c == "publication" else c for c in columns]

    @admin.display(description=_("Veröffentlichung"), ordering="publication")
    def review_column(self, obj):
        return review.review_state_text(obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publication")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        pending = getattr(request, "review_open_change", None)
        if pending is None or pending.kind != review.PendingChange.Kind.CHANGE:
            return form_class
        initial = pending.form_initial(obj)

        class WithPendingChange(form_class):
            """Shows the author the values that wait for review, not the published ones."""

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return WithPendingChange

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and not self.has_publish_permission(request):
            request.review_open_change = review.open_change(obj)
            if request.method == "GET":
                self._tell_review_state(request, obj, request.review_open_change)
        elif obj is not None and request.method == "GET":
            pending = review.open_change(obj)
            if pending is not None and review.may_review(request.user, self.model):
                messages.info(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Für diesen Eintrag wartet eine Eingabe auf Prüfung."),
                        reverse("admin:gladbeck_pendingchange_change", args=[pending.pk]),
                        _("Jetzt prüfen"),
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _tell_review_state(self, request, obj, pending):
        if pending is not None and pending.kind == review.PendingChange.Kind.CHANGE:
            messages.info(
                request,
                _(
                    "Ihre Änderung wartet auf Prüfung durch die Redaktion. Das Formular zeigt "
                    "Ihre eingereichte Fassung, die Website bis zur Freigabe die veröffentlichte."
                ),
            )
        elif pending is not None:
            messages.info(request, _("Dieser Eintrag wartet auf Prüfung durch die Redaktion."))
        else:
            latest = (
                review.PendingChange.objects.filter(
                    content_type=review.content_type_of(obj), object_id=obj.pk
                )
                .order_by("-submitted_at", "-pk")
                .first()
            )
            if latest is not None and latest.state == review.PendingChange.State.REJECTED:
                messages.warning(
                    request,
                    _("Zurückgewiesen von der Redaktion: %(message)s")
                    % {"message": latest.message},
                )

    def save_model(self, request, obj, form, change):
        """Without the publish permission a new record is a draft and a changed one keeps its
        stored state, whatever the form or an old version says; a change to a published
        record is not saved but kept for review."""
        if self.has_publish_permission(request):
            super().save_model(request, obj, form, change)
            return
        stored = None
        if change:
            stored = type(obj).objects.filter(pk=obj.pk).values_list("publication", flat=True)
            stored = stored.first()
        obj.publication = stored or Publication.DRAFT
        if stored == Publication.PUBLISHED:
            request.review_kept = True
            request.review_note = (
                _(
                    "Ihre Änderung an „%(object)s“ wurde zur Prüfung eingereicht. Die Redaktion "
                    "prüft sie; bis zur Freigabe zeigt die Website die veröffentlichte Fassung."
                )
                if review.submit_change(request, obj, form)
                else _("„%(object)s“ ist unverändert; es wartet keine Änderung auf Prüfung.")
            ) % {"object": obj}
            return
        super().save_model(request, obj, form, change)
        review.submit_new(request, obj)
        request.review_note = _(
            "„%(object)s“ wurde als Entwurf gespeichert. Die Redaktion prüft ihn und "
            "veröffentlicht ihn nach der Freigabe."
        ) % {"object": obj}

    def save_related(self, request, form, formsets, change):
        if getattr(request, "review_kept", False):
            return  # nothing of a change under review is written to the record
        super().save_related(request, form, formsets, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        note = getattr(request, "review_note", None)
        if note and level == messages.SUCCESS:
            message = note
        super().message_user(request, message, level, *args, **kwargs)

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


def same_text(change):
    """True when a change of a text differs only in its line endings."""
    if not (isinstance(change.old, str) and isinstance(change.new, str)):
        return False
    return change.old.replace("\r\n", "\n") == change.new.replace("\r\n", "\n")


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
