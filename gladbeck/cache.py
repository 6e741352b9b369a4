"""Whole-page cache for anonymous visitors, invalidated by any content change.

Every cached page is stored under the current *content version*, read when the request
arrives. Saving or deleting any record of the content apps (in the admin, an import or the
shell) bumps the version once the change is committed, so the next request renders afresh and
a published change shows at once. Bumping inside the transaction would let a visitor who
arrives before the commit render the old data and store it under the new version. The cache
backend must be shared by all server processes (settings: files on one machine, Redis
when REDIS_URL is set).
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "content-version"
PAGE_TIMEOUT = 600  # seconds; a backstop, the version makes pages stale at once


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def bump_after_commit(using=None, **kwargs):
    """Signal receiver: bump once the surrounding transaction commits (at once without one)."""
    transaction.on_commit(bump_content_version, using=using, robust=True)


def page_key(request):
    # The host and scheme are part of the key: some pages carry absolute links.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{content_version()}:{path}"


def invalidate_pages_on_change(app_config, unseen=()):
    """Register a content app (called from its AppConfig.ready()): any change to one of its
    models bumps the version. This module knows no app by name; each app that public pages
    show registers itself. Bulk updates that bypass signals (queryset.update, bulk_create)
    must call bump_content_version() themselves, as load_concept and generate_demo_data do.
    ``unseen`` names models of the app that no public page shows."""
    for model in app_config.get_models():
        if model.__name__ in unseen:
            continue
        uid = f"content-version:{model._meta.label}"
        post_save.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_after_commit,
                sender=field.remote_field.through,
                dispatch_uid=uid + field.name,
            )
