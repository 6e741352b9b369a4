"""The admin's "Auf der Website ansehen" shortcut (``/admin/r/<content type>/<id>/``), checked.

Django's own shortcut redirects any staff login to the public address of any record, drafts
and other organisations' records included. Here it answers only for records the user may see
in the admin, through the model admin's own scoped queryset and permission checks. A draft,
or a record with a change waiting for review, opens in the staff preview (gladbeck/preview.py)
instead of the public page, which would be a 404 or show the published version.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpResponseRedirect

from gladbeck import preview
from gladbeck.publishing import Publication
from gladbeck.review import open_change


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as missing:
        raise Http404 from missing
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    if hasattr(obj, "publication") and (
        obj.publication != Publication.PUBLISHED or open_change(obj) is not None
    ):
        return HttpResponseRedirect(preview.preview_url(obj))
    return shortcut(request, content_type_id, object_id)
