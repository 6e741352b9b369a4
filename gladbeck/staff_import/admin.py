"""Import and export in the admin with the rules of the house (see the package docstring).

The import has three pages: the form (``import/``), the page of one run (``import/<id>/``:
progress, preview, errors or result) and the confirmation (``process_import/``, POST). A run is
found only together with the login that uploaded it; any other id is refused like an unknown
one.
"""

import os

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm, SelectableFieldsExportForm

from gladbeck.staff_import import runs
from gladbeck.staff_import.files import max_bytes, pack
from gladbeck.staff_import.models import ImportRun
from gladbeck.staff_import.widgets import german_slug

State = ImportRun.State


class ExportForm(SelectableFieldsExportForm):
    """The export form, with the columns named as in the file."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class StaffImportForm(ImportForm):
    """The import form, refusing files above settings.IMPORT_MAX_BYTES before they are read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Die Datei ist %(size)s MB groß; höchstens %(limit)s MB sind möglich. "
                    "Bitte teilen Sie sie auf."
                )
                % {"size": round(upload.size / 1_000_000, 1), "limit": limit // 1_000_000}
            )
        return upload


class ConfirmForm(forms.Form):
    run = forms.UUIDField(widget=forms.HiddenInput)


class StaffImportExportMixin(ImportExportMixin):
    """Import and export in the admin: CSV, XLSX and JSON; import only for who may add and
    change (checked on the server), export for who may view; a preview before anything is
    saved, errors by row and column in German, nothing saved unless the whole file is right."""

    formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
    import_template_name = "admin/gladbeck/import.html"
    import_run_template_name = "admin/gladbeck/import_run.html"
    import_form_class = StaffImportForm
    export_form_class = ExportForm
    from_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        kwargs = super().get_resource_kwargs(request, *args, **kwargs)
        kwargs.pop("form", None)
        kwargs["user"] = request.user
        return kwargs

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if isinstance(file_format, base_formats.CSV):
            # With a byte order mark, spreadsheet programs recognise UTF-8 (umlauts).
            kwargs["encoding"] = "utf-8-sig"
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def get_export_filename(self, request, queryset, file_format):
        """A German name with the date, e.g. massnahmen-2026-11-30.xlsx (the library's would
        be Measure-2026-11-30.xlsx)."""
        name = german_slug(self.model._meta.verbose_name_plural)
        date = f"{timezone.localdate():%Y-%m-%d}"
        return f"{name}-{date}.{file_format.get_extension()}"

    def get_urls(self):
        info = self.get_model_info()
        run_page = path(
            "import/<uuid:run_id>/",
            self.admin_site.admin_view(self.import_run_view),
            name="{}_{}_import_run".format(*info),
        )
        return [run_page, *super().get_urls()]

    def _url(self, name, *args):
        return reverse("admin:{}_{}_{}".format(*self.get_model_info(), name), args=args)

    def _own_run(self, request, run_id):
        return ImportRun.objects.of(request.user, self.model).filter(pk=run_id).first()

    def _refuse_unknown_run(self, request):
        messages.error(
            request,
            _(
                "Diesen Import gibt es nicht, oder er gehört nicht zu Ihrer Anmeldung. Bitte "
                "laden Sie die Datei erneut hoch."
            ),
        )
        return HttpResponseRedirect(self._url("import"))

    # The form

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            run = self.create_run(request, form)
            return HttpResponseRedirect(self._url("import_run", run.pk))
        return TemplateResponse(
            request, [self.import_template_name], self.import_form_context(request, form)
        )

    def import_form_context(self, request, form):
        resources = [
            resource_class(**self.get_import_resource_kwargs(request))
            for resource_class in self.get_import_resource_classes(request)
        ]
        return {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [
                (resource.get_display_name(), [f.column_name for f in resource.get_import_fields()])
                for resource in resources
            ],
            "recent_runs": ImportRun.objects.of(request.user, self.model)[:5],
            "max_megabytes": max_bytes() // 1_000_000,
        }

    def create_run(self, request, form):
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        resource_class = self.choose_import_resource_class(form, request)
        upload = form.cleaned_data["import_file"]
        try:
            ImportRun.objects.clean_up()
        except DatabaseError:  # e.g. SQLite, while another process imports
            pass
        run = ImportRun.objects.create(
            user=request.user,
            model=self.model._meta.label_lower,
            resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
            file_name=os.path.basename(upload.name or "")[:255] or _("Datei"),
            file_format=file_format().get_title(),
            file_size=upload.size,
            data=pack(upload),
        )
        runs.start(run)
        return run

    # The page of a run

    def import_run_view(self, request, run_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        run = self._own_run(request, run_id)
        if run is None:
            return self._refuse_unknown_run(request)
        runs.revive(run)
        preview = run.preview or {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import: %(file)s") % {"file": run.file_name},
            "opts": self.model._meta,
            "run": run,
            "preview_headers": preview.get("headers", []),
            "preview_rows": preview.get("rows", []),
            "unchanged_rows": preview.get("unchanged", []),
            "file_errors": [message for line, _column, message in run.errors if line is None],
            "row_errors": [error for error in run.errors if error[0] is not None],
            "unlisted_errors": max(0, run.error_count - len(run.errors)),
            "seconds": int((timezone.now() - (run.confirmed_at or run.created_at)).total_seconds()),
            "refresh": 2 if run.working else None,
            "confirm_form": ConfirmForm(initial={"run": run.pk})
            if run.state == State.READY
            else None,
            "changelist_url": self._url("changelist"),
            "import_url": self._url("import"),
        }
        return TemplateResponse(request, [self.import_run_template_name], context)

    # The confirmation

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmForm(request.POST)
        run = self._own_run(request, form.cleaned_data["run"]) if form.is_valid() else None
        if run is None:
            return self._refuse_unknown_run(request)
        if "discard" in request.POST:
            return self.discard(request, run)
        confirmed = ImportRun.objects.filter(pk=run.pk, state=State.READY).update(
            state=State.CONFIRMED, confirmed_at=timezone.now()
        )
        run.refresh_from_db()
        if not confirmed:
            return self.refuse_confirmation(request, run)
        runs.start(run)
        run.refresh_from_db()
        if run.state == State.DONE:
            messages.success(request, self.result_message(run))
            return HttpResponseRedirect(self._url("changelist"))
        return HttpResponseRedirect(self._url("import_run", run.pk))

    def refuse_confirmation(self, request, run):
        if run.state in (State.CONFIRMED, State.IMPORTING, State.DONE):
            messages.warning(
                request,
                _(
                    "Dieser Import ist schon bestätigt. Er wird nur einmal ausgeführt; es wird "
                    "nichts doppelt gespeichert."
                ),
            )
            return HttpResponseRedirect(self._url("import_run", run.pk))
        if run.state == State.EXPIRED:
            messages.error(
                request,
                _(
                    "Die Vorschau ist abgelaufen (nach einer Stunde ohne Bestätigung) und die "
                    "Datei gelöscht. Bitte laden Sie sie erneut hoch."
                ),
            )
            return HttpResponseRedirect(self._url("import"))
        messages.error(
            request,
            _("Dieser Import kann nicht bestätigt werden (Stand: %(state)s).")
            % {"state": run.get_state_display()},
        )
        return HttpResponseRedirect(self._url("import_run", run.pk))

    def discard(self, request, run):
        ImportRun.objects.filter(pk=run.pk, state=State.READY).update(
            state=State.EXPIRED, data=None, finished_at=timezone.now()
        )
        messages.info(request, _("Die Vorschau wurde verworfen, die Datei gelöscht."))
        return HttpResponseRedirect(self._url("import"))

    def result_message(self, run):
        return _(
            "Import abgeschlossen: %(new)s neu, %(updated)s geändert, %(skipped)s unverändert "
            "(%(model)s)."
        ) % {
            "new": run.new,
            "updated": run.updated,
            "skipped": run.skipped,
            "model": self.model._meta.verbose_name_plural,
        }


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Every login sees its own imports (superusers all): file, state and result, with a link
    to the page of the run. Runs are made by uploading a file, never here."""

    list_display = ["created_at", "file_name", "kind", "user", "state", "new", "updated", "page"]
    list_filter = ["state", "model"]
    list_select_related = ["user"]
    exclude = ["preview", "errors", "resource"]
    readonly_fields = ["page"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Daten"))
    def kind(self, run):
        from django.apps import apps

        try:
            return apps.get_model(run.model)._meta.verbose_name_plural
        except LookupError:
            return run.model

    @admin.display(description=gettext_lazy("Seite des Imports"))
    def page(self, run):
        app_label, model_name = run.model.split(".", 1)
        try:
            url = reverse(f"admin:{app_label}_{model_name}_import_run", args=[run.pk])
        except NoReverseMatch:
            return ""
        return format_html('<a href="{}">{}</a>', url, _("öffnen"))
