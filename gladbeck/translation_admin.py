"""The page "Übersetzen": one record in one language, the German original beside each field.

Every ContentAdmin whose model has translated fields (an ``i18n`` TranslationField) gets
``<pk>/uebersetzung/<language>/`` (URL name ``admin:<app>_<model>_translate``). The record is
loaded through the model admin's own ``get_object``, so a role's scope holds (a provider reaches
only its organisation's offers; another's is a 404). Whoever may view the record sees the page;
saving needs ``has_change_permission`` for it (else 403).

Providers translate their own offers under the same rule as any other change they make
(gladbeck/review.py): the translation of a published offer is not saved on it but waits for the
Redaktion's review (approving writes it, in the history with the provider's name); on a draft,
which is not public and waits for review as a whole, it is saved at once.

A save that would overwrite someone else's newer save of the record is refused as in the change
form (gladbeck/edit_conflicts.py): the form carries the history id it was opened on.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from gladbeck import edit_conflicts, review
from gladbeck.languages import html_lang, text_direction
from gladbeck.publishing import Publication
from gladbeck.translation_status import (
    State,
    field_state,
    fingerprint,
    is_translatable,
    language_name,
    record_state,
    set_translation,
    target_languages,
    translated_fields,
    translation_of,
)

CHECKED = "checked"


def translate_url(obj, language):
    opts = obj._meta
    try:
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_translate", args=[obj.pk, language]
        )
    except NoReverseMatch:
        return None


def language_states(obj):
    """For every target language of ``obj``: its code, name (in itself), ``lang`` attribute,
    the record's state in it and the address of its translation page."""
    return [
        {
            "code": code,
            "name": language_name(code),
            "lang": html_lang(code),
            "state": record_state(obj, code),
            "url": translate_url(obj, code),
        }
        for code in target_languages()
    ]


class TranslationForm(forms.Form):
    """One input per translated field, the German original beside it; one "checked" box."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, record, language, *args, read_only=False, **kwargs):
        self.record, self.language = record, language
        initial = {name: translation_of(record, name, language) for name in self.names}
        initial[CHECKED] = self.all_checked()
        initial[edit_conflicts.FIELD] = edit_conflicts.latest_version(record) or 0
        super().__init__(*args, initial=initial, **kwargs)
        attrs = {"lang": html_lang(language)}
        if text_direction(language) == "rtl":
            attrs["dir"] = "rtl"
        for name in self.names:
            source = record._meta.get_field(name)
            if isinstance(source, models.TextField):
                field = forms.CharField(widget=forms.Textarea(attrs={**attrs, "rows": 6}))
            else:
                field = forms.CharField(
                    max_length=source.max_length, widget=forms.TextInput(attrs=dict(attrs))
                )
            field.required, field.strip = False, False
            field.label = str(source.verbose_name)
            self.fields[name] = field
        self.fields[CHECKED] = forms.BooleanField(
            label=_("Übersetzung geprüft"),
            required=False,
            help_text=_(
                "Ankreuzen, wenn ein Mensch die Übersetzung mit dem deutschen Text verglichen "
                "hat. Nicht angekreuzt: maschinelle Übersetzung oder erster Entwurf "
                "(„ungeprüft“). Unveränderte veraltete Felder bleiben veraltet, bis Sie sie "
                "bearbeiten oder die Übersetzung als geprüft speichern."
            ),
        )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @property
    def names(self):
        return translated_fields(self.record)

    def all_checked(self):
        entries = (self.record.translation_status or {}).get(self.language, {})
        return bool(entries) and all(entry.get("checked") for entry in entries.values())

    def clean(self):
        cleaned = super().clean()
        for name in self.names:
            cleaned[name] = (cleaned.get(name) or "").replace("\r\n", "\n")
        opened = str(cleaned.get(edit_conflicts.FIELD) or "").strip()
        newest = edit_conflicts.latest_version(self.record)
        if opened and newest is not None and opened != str(newest):
            self.data = self.data.copy()
            self.data[self.add_prefix(edit_conflicts.FIELD)] = str(newest)
            visible = [*self.names, "i18n"]
            raise ValidationError(
                edit_conflicts.conflict_message(self.record, opened, visible),
                code="edit_conflict",
            )
        return cleaned

    def apply(self):
        """set_translation for each field whose text changed, and for every field when the
        box says checked or was changed (a field left alone keeps its state: outdated stays
        outdated). Returns whether anything changed."""
        before = (dict(self.record.i18n or {}), self.record.translation_status)
        confirm = self.cleaned_data[CHECKED] or CHECKED in self.changed_data
        for name in self.names:
            text = self.cleaned_data[name]
            if text.strip() != translation_of(self.record, name, self.language).strip() or (
                confirm and text.strip()
            ):
                set_translation(
                    self.record, name, self.language, text, checked=self.cleaned_data[CHECKED]
                )
        return (self.record.i18n or {}, self.record.translation_status) != before

    def rows(self):
        """Per field: the German original, the input, its state and, when outdated, the
        German text the translation was made from."""
        for name in self.names:
            state = field_state(self.record, name, self.language)
            yield {
                "german": getattr(self.record, name) or "",
                "field": self[name],
                "state": state,
                "state_label": State(state).label if state else _("nichts zu übersetzen"),
                "outdated": state == State.OUTDATED,
                "earlier": _earlier(self.record, name, self.language)
                if state == State.OUTDATED
                else None,
            }


def _earlier(record, name, language):
    entry = (record.translation_status or {}).get(language, {}).get(name) or {}
    if not entry.get("source") or not hasattr(record, "history"):
        return None
    texts = record.history.order_by("-history_date", "-history_id").values_list(name, flat=True)
    return next((text for text in texts[:200] if fingerprint(text) == entry["source"]), None)


class TranslationAdminMixin:
    """Adds the page "Übersetzen" and the box "Übersetzungen" on the change form of
    translatable models (see the module's docstring)."""

    translate_template = "admin/gladbeck/translate.html"

    def get_urls(self):
        urls = super().get_urls()
        if not is_translatable(self.model):
            return urls
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/uebersetzung/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name=f"{opts.app_label}_{opts.model_name}_translate",
            ),
            *urls,
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and is_translatable(self.model):
            context["translations"] = language_states(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def translate_view(self, request, object_id, language):
        if language not in target_languages():
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        may_change = self.has_change_permission(request, obj)
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        under_review = self._translation_under_review(request, obj)
        if under_review is not None:
            _show_pending(obj, under_review)
            if request.method == "GET":
                messages.info(
                    request,
                    _(
                        "Ihre Änderung wartet auf Prüfung durch die Redaktion. Die Seite zeigt "
                        "Ihre eingereichte Übersetzung, die Website bis zur Freigabe die "
                        "veröffentlichte."
                    ),
                )
        form = TranslationForm(
            obj,
            language,
            request.POST if request.method == "POST" else None,
            read_only=not may_change,
            prefix="t",
        )
        if request.method == "POST" and form.is_valid():
            if form.apply():
                self._save_translation(request, obj, language)
            else:
                messages.info(request, _("Die Übersetzung ist unverändert."))
            return redirect(request.path)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Übersetzen: „%(object)s“ (%(language)s)")
            % {"object": obj, "language": language_name(language)},
            "opts": opts,
            "original": obj,
            "form": form,
            "language": language,
            "language_label": language_name(language),
            "languages": language_states(obj),
            "may_change": may_change,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, self.translate_template, context)

    def _needs_review(self, request):
        may_publish = getattr(self, "has_publish_permission", None)
        return may_publish is not None and not may_publish(request)

    def _translation_under_review(self, request, obj):
        if not self._needs_review(request):
            return None
        pending = review.open_change(obj)
        if pending is None or pending.kind != review.PendingChange.Kind.CHANGE:
            return None
        return pending

    def _save_translation(self, request, obj, language):
        reason = _("Übersetzung (%(language)s)") % {"language": language}
        stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("publication", flat=True)
        if self._needs_review(request) and stored.first() == Publication.PUBLISHED:
            values = {"i18n": obj.i18n, "translation_status": obj.translation_status}
            review.submit_values(request, obj, values)
            messages.success(
                request,
                _(
                    "Ihre Übersetzung wurde zur Prüfung eingereicht. Bis zur Freigabe zeigt "
                    "die Website die veröffentlichte Fassung."
                ),
            )
            return
        with transaction.atomic():
            obj._change_reason = reason
            obj.save()
            if self._needs_review(request):
                review.submit_new(request, obj)
        messages.success(
            request,
            _("Die Übersetzung (%(language)s) wurde gespeichert.")
            % {"language": language_name(language)},
        )


def _show_pending(obj, pending):
    """The author sees the translation waiting for review, not the published one."""
    for name in ("i18n", "translation_status"):
        if name in (pending.values or {}):
            setattr(obj, name, pending.values[name])
