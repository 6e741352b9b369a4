"""The admin pages for the XLIFF exchange (gladbeck/xliff.py): export and import, for the
Redaktion only (superusers too); every other login gets 403."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gladbeck import xliff
from gladbeck.roles import works_for_the_redaktion
from gladbeck.translation_status import State, language_name, target_languages


def max_bytes():
    return getattr(settings, "XLIFF_MAX_BYTES", 10_000_000)


def _require_editor(request):
    if not works_for_the_redaktion(request.user):
        raise PermissionDenied


def _language_choices():
    return [
        (code, f"{language_name(code)} ({xliff.language_tag(code)})") for code in target_languages()
    ]


def _kind_choices():
    return [
        (model._meta.label_lower, str(model._meta.verbose_name_plural))
        for model in xliff.translatable_models()
    ]


class ExportForm(forms.Form):
    sprache = forms.ChoiceField(label=gettext_lazy("Zielsprache"), choices=_language_choices)
    stand = forms.MultipleChoiceField(
        label=gettext_lazy("Welche Texte"),
        choices=[(state.value, state.label) for state in xliff.EXPORT_STATES],
        widget=forms.CheckboxSelectMultiple,
        initial=[state.value for state in xliff.DEFAULT_STATES],
        required=False,
        help_text=gettext_lazy(
            "Voreingestellt (und ohne Auswahl): alles, was fehlt oder veraltet ist. Für eine "
            "vollständige Übersetzung gewählter Inhaltsarten alle vier Stände ankreuzen."
        ),
    )
    arten = forms.MultipleChoiceField(
        label=gettext_lazy("Inhaltsarten"),
        choices=_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "Keine Auswahl: alle Inhaltsarten. Maßnahmen und Angebote nur, wenn veröffentlicht."
        ),
    )

    def models(self):
        wanted = set(self.cleaned_data["arten"])
        found = xliff.translatable_models()
        return [m for m in found if not wanted or m._meta.label_lower in wanted]


def export_view(request):
    _require_editor(request)
    form = ExportForm(request.GET if "sprache" in request.GET else None)
    if form.is_bound and form.is_valid():
        language = form.cleaned_data["sprache"]
        states = [State(value) for value in form.cleaned_data["stand"]] or xliff.DEFAULT_STATES
        name = f"gladbeck-uebersetzung-{language}-{timezone.localdate():%Y-%m-%d}.xlf"
        response = StreamingHttpResponse(
            (piece.encode() for piece in xliff.write_xliff(language, form.models(), states)),
            content_type="application/x-xliff+xml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        **admin.site.each_context(request),
        "title": _("Übersetzungen als XLIFF exportieren"),
        "form": form,
    }
    return TemplateResponse(request, "admin/gladbeck/xliff_export.html", context)


class ImportForm(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("XLIFF-Datei (.xlf, .xliff)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlf,.xliff,.xml"}),
    )

    def clean_datei(self):
        upload = self.cleaned_data["datei"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Die Datei ist %(size)s MB groß; höchstens %(limit)s MB sind möglich. "
                    "Bitte exportieren Sie weniger Inhaltsarten auf einmal."
                )
                % {"size": round(upload.size / 1_000_000, 1), "limit": limit // 1_000_000}
            )
        return upload


def import_view(request):
    _require_editor(request)
    problems = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            language, translations, problems = xliff.read(form.cleaned_data["datei"].read())
            if not problems:
                counts = xliff.save_units(language, translations)
        if not problems:
            messages.success(request, _imported_message(language, counts))
            return redirect("admin-xliff-import")
    context = {
        **admin.site.each_context(request),
        "title": _("Übersetzungen aus XLIFF importieren"),
        "form": form,
        "problems": problems,
        "max_megabytes": max_bytes() // 1_000_000,
    }
    return TemplateResponse(request, "admin/gladbeck/xliff_import.html", context)


def _imported_message(language, counts):
    parts = ", ".join(
        f"{model._meta.verbose_name_plural}: {count}" for model, count in counts.items()
    )
    message = _(
        "XLIFF-Import (%(language)s): %(total)s Einheiten übernommen und als aktuell markiert "
        "(%(parts)s)."
    )
    return message % {
        "language": language_name(language),
        "total": sum(counts.values()),
        "parts": parts,
    }
