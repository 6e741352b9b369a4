"""The status report for the steering group: a page, and the same content as PDF, XLSX, CSV."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from measures import report_builds, report_pdf, report_xlsx
from measures.models import ActionField, Status
from measures.reports import (
    ReportFilters,
    StatusReport,
    build_status_report,
    chart_svg,
    report_measures,
    stream_csv,
)

# Who may read the report: whoever may view all measures, drafts included – the roles
# Steuerungsgruppe and Redaktion (and superusers); not the role Anbieter.
REPORT_PERMISSION = "measures.view_measure"

DOWNLOADS = {
    "pdf": ("application/pdf", report_pdf.render_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_xlsx.render_xlsx,
    ),
}
CSV_TYPE = "text/csv; charset=utf-8"  # streamed: _csv()
# How often the page "Der Bericht wird erstellt …" asks again (SCALE=20: about 5 s to make).
PENDING_REFRESH_SECONDS = 5


class ReportFilterForm(forms.Form):
    handlungsfeld = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=ActionField.objects.order_by("number"),
        to_field_name="slug",
        required=False,
        empty_label=_("alle Handlungsfelder"),
        error_messages={
            "invalid_choice": _("Dieses Handlungsfeld gibt es nicht; es werden alle gezeigt.")
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("alle Status"))] + Status.choices,
        required=False,
        error_messages={
            "invalid_choice": _("Diesen Status gibt es nicht; es werden alle gezeigt.")
        },
    )
    geaendert_seit = forms.DateField(
        label=_("geändert seit"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("z. B. das Datum der letzten Sitzung"),
        error_messages={
            "invalid": _(
                "Bitte ein gültiges Datum angeben (TT.MM.JJJJ); bis dahin gilt kein Datum."
            )
        },
    )

    def filters(self):
        """The filters from the valid fields only: a bad value is explained and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ReportFilters(
            action_field=data.get("handlungsfeld"),
            status=data.get("status") or None,
            changed_since=data.get("geaendert_seit"),
        )


def _filename(filters, extension):
    return StatusReport(filters, timezone.now(), []).filename(extension)


def _csv(filters):
    """The CSV streamed: measures read in chunks, lines sent as they are written."""
    language = translation.get_language()

    def lines():
        with translation.override(language):  # the response is read after the view returned
            yield from stream_csv(filters)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filters, "csv")}"'
    return response


def _large_pdf(request, filters):
    """The PDF of a large report (measures/report_builds.py): the file made in the
    background if it is there, else a page that says it is being made and refreshes itself.
    None for a report small enough to be made here and now."""
    key = report_builds.key(filters)
    path = report_builds.PDFS.stored(key)
    if path is not None:
        # inline: the waiting page that refreshes itself turns into the PDF
        return FileResponse(
            path.open("rb"), content_type="application/pdf", filename=_filename(filters, "pdf")
        )
    count = report_measures(filters).count()
    if not report_builds.made_in_background(count):
        return None
    report_builds.start(filters)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "measures/report_pending.html",
        {
            "measure_count": count,
            "refresh_seconds": PENDING_REFRESH_SECONDS,
            "query": query.urlencode(),
            "crumbs": [
                (reverse("measures:status_report"), _("Sachstandsbericht")),
                (None, _("PDF")),
            ],
        },
        status=202,
    )


@never_cache  # behind a login: never in a shared cache
def status_report(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied

    form = ReportFilterForm(request.GET)
    filters = form.filters()
    requested = request.GET.get("format", "")
    if requested == "csv":
        response = _csv(filters)
    elif requested == "pdf" and (large := _large_pdf(request, filters)) is not None:
        response = large
    elif requested in DOWNLOADS:
        report = build_status_report(filters)
        content_type, render_file = DOWNLOADS[requested]
        response = HttpResponse(render_file(report), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{report.filename(requested)}"'
    else:
        report = build_status_report(filters)
        query = request.GET.copy()
        query.pop("format", None)
        response = render(
            request,
            "measures/report_status.html",
            {
                "report": report,
                "form": form,
                "chart": chart_svg(report) if report.total else "",
                "query": query.urlencode(),
                "unknown_format": bool(requested),
                "crumbs": [(None, _("Sachstandsbericht"))],
            },
        )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
