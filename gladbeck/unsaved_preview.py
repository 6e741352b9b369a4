"""Preview of unsaved input, for records without a draft state (action fields, concept texts).

Their changes go live when saved, so the change form offers "Vorschau (nicht speichern)": the
input, when valid, is kept in the login's session instead of being saved, and the public page
shows it to this login with ``?vorschau=1`` (banner, ``noindex``, never cached; see
gladbeck/preview.py). Nobody else sees it, and nothing is written to the record.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from gladbeck import preview

SESSION_KEY = "vorschau_ungespeichert"
BUTTON = "_vorschau"


def _key(obj):
    return f"{obj._meta.label_lower}:{obj.pk}"


def _stored(field, obj):
    """The field's value as the session keeps it (JSON); None stays None, not "None"."""
    if field.value_from_object(obj) is None:
        return None
    return field.value_to_string(obj)


class UnsavedPreviewMixin:
    """For a ModelAdmin: the change form's preview button. ``preview_page_url(obj)`` names the
    public page that shows the record (its ``get_absolute_url`` by default)."""

    def preview_page_url(self, obj):
        return obj.get_absolute_url()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and BUTTON in request.POST and object_id:
            answer = self._preview(request, object_id)
            if answer is not None:
                return answer
        extra_context = {**(extra_context or {}), "unsaved_preview": object_id is not None}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _preview(self, request, object_id):
        """Keep valid input for the preview and go to the page; invalid input falls through
        to the form, which shows the errors (and saves nothing, as it is invalid)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=True)
        form = form_class(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return None
        candidate = form.save(commit=False)  # in memory only
        values = {
            field.name: _stored(field, candidate)
            for field in candidate._meta.concrete_fields
            if field.name in form.cleaned_data and not field.primary_key
        }
        kept = request.session.get(SESSION_KEY, {})
        kept[_key(obj)] = values
        request.session[SESSION_KEY] = kept
        return HttpResponseRedirect(f"{self.preview_page_url(obj)}?{preview.PARAMETER}=1")


def with_unsaved_input(request, obj):
    """On a public page in a staff preview: ``obj`` with the input this login kept for it,
    in memory; the page then carries the preview banner. Otherwise ``obj`` unchanged."""
    if obj is None or not preview.asked(request):
        return obj
    values = request.session.get(SESSION_KEY, {}).get(_key(obj))
    model_admin = admin.site._registry.get(type(obj))
    if values is None or model_admin is None or not model_admin.has_change_permission(request, obj):
        return obj
    request.preview = True
    request.preview_unsaved = True
    return preview.apply_values(obj, values)
