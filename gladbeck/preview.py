"""Staff preview of drafts and waiting changes in the public design.

A public detail page asks for its record through ``visible()``: for everyone that is
``published()``. With ``?vorschau=1`` a staff login gets the records the admin shows it (the
model admin's own scoped queryset: a provider previews only its organisation's drafts), and
``with_waiting_change()`` shows a record as it would be after approving its waiting change,
in memory only (nothing is saved). A preview page carries the banner "Vorschau – nicht
veröffentlicht" and ``noindex`` (base.html reads ``request.preview``) and is never cached.
Anonymous visitors asking for a preview get the public page, so a draft is a 404 for them.
"""

from django.contrib import admin
from django.utils.cache import add_never_cache_headers

from gladbeck.review import open_change

PARAMETER = "vorschau"


def preview_url(obj):
    return f"{obj.get_absolute_url()}?{PARAMETER}=1"


def asked(request):
    user = request.user
    return request.GET.get(PARAMETER) == "1" and user.is_authenticated and user.is_staff


def visible(request, queryset):
    """The public door to one record: published ones, or in a staff preview what the admin
    lets this login see (drafts included)."""
    model_admin = admin.site._registry.get(queryset.model)
    if asked(request) and model_admin is not None and model_admin.has_view_permission(request):
        request.preview = True
        scoped = model_admin.get_queryset(request).values("pk")
        return queryset.filter(pk__in=scoped)
    return queryset.published()


def with_waiting_change(request, obj):
    """In a preview: ``obj`` with the values of its waiting change applied, in memory."""
    if not getattr(request, "preview", False):
        return obj
    pending = open_change(obj)
    request.preview_pending = pending
    if pending is None:
        return obj
    return apply_values(obj, pending.values)


def apply_values(obj, values):
    """``obj`` with ``values`` ({field name: stored value; many-to-many: a list of keys})
    set in memory only; nothing is saved."""
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            related = field.related_model._default_manager.filter(pk__in=value)
            list(related)  # evaluated: the page reads it as if prefetched
            obj._prefetched_objects_cache = getattr(obj, "_prefetched_objects_cache", {})
            obj._prefetched_objects_cache[field.name] = related
        else:
            setattr(obj, field.attname, field.to_python(value))
            if field.is_relation and field.is_cached(obj):
                field.delete_cached_value(obj)
    return obj


def mark(request, response):
    """A preview answer is never cached and never indexed."""
    if getattr(request, "preview", False):
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response
