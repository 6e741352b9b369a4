"""The Redaktion's queue of providers' submissions: a diff per submission, approve or reject
with a message (gladbeck/review.py). Approving needs the model's publish permission as well,
checked here on the server: neither a provider nor the steering group can approve."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from gladbeck import preview, review
from gladbeck.review import PendingChange


class RejectForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an den Anbieter"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Warum die Eingabe nicht freigegeben wird; der Anbieter liest sie."),
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["object_repr", "content_type", "kind", "state", "author", "submitted_at"]
    list_filter = ["state", "kind", "content_type"]
    list_select_related = ["content_type", "author"]
    search_fields = ["object_repr", "message"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pending = self.get_object(request, unquote(object_id))
        if pending is None:
            raise Http404
        if not self.has_view_or_change_permission(request, pending):
            raise PermissionDenied
        model = pending.content_type.model_class()
        may_decide = pending.is_pending and review.may_review(request.user, model)
        reject_form = RejectForm()
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if "_approve" in request.POST:
                return self._approve(request, pending)
            reject_form = RejectForm(request.POST)
            if reject_form.is_valid():
                review.reject(request, pending, reject_form.cleaned_data["message"])
                self.message_user(
                    request,
                    _g("„%(object)s“ wurde zurückgewiesen; der Anbieter wird benachrichtigt.")
                    % {"object": pending.object_repr},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._changelist())
        target = pending.target_record()
        opts = model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _g("Prüfen: %(object)s") % {"object": pending.object_repr},
            "subtitle": None,
            "pending": pending,
            "target": target,
            "target_opts": opts,
            "diff": pending.diff(target),
            "may_decide": may_decide,
            "reject_form": reject_form,
            "preview_url": target is not None
            and hasattr(target, "get_absolute_url")
            and preview.preview_url(target),
            "target_url": target
            and reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]),
        }
        return TemplateResponse(request, "admin/gladbeck/pendingchange_review.html", context)

    def _approve(self, request, pending):
        try:
            review.approve(request, pending)
        except ValidationError as error:
            self.message_user(
                request,
                _g("Nicht freigegeben: %(errors)s") % {"errors": " ".join(error.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        except ObjectDoesNotExist:
            self.message_user(
                request,
                _g(
                    "Nicht freigegeben: die Eingabe ist schon entschieden oder der Eintrag "
                    "existiert nicht mehr (dann bitte zurückweisen)."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _g("„%(object)s“ wurde freigegeben und ist veröffentlicht.")
            % {"object": pending.object_repr},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._changelist())

    def _changelist(self):
        return reverse("admin:gladbeck_pendingchange_changelist") + "?state__exact=wartet"
