"""Review before publication (the Redaktion's moderation of providers' changes).

Who may not publish a model (a login of the role Anbieter) does not change what is public:

- a change to a published record is not saved on the record; it is kept as a
  ``PendingChange`` holding only the fields that differ from the published version (as JSON,
  many-to-many fields as lists of ids). The public pages keep showing the record as it is.
- a new record, or a change to a record that is not public, is saved as a draft and the
  record waits for review as a whole (``Kind.NEW``).

The Redaktion (whoever may publish the model and change pending changes) sees the change
field by field, approves it (the values are written in one transaction and the save is in
the record's history) or rejects it with a message. The Redaktion is told by e-mail of a
new submission, the author of the decision; logins without an e-mail address are skipped.

This module knows no app by name: it works for every model with a ``publication`` field
and a ``publish_<model>`` permission (``PublicationAdmin`` in gladbeck/admin_helpers.py).
"""

import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mass_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from gladbeck.history_saves import merge_save
from gladbeck.publishing import Publication
from gladbeck.roles import EDITORS

logger = logging.getLogger(__name__)


class PendingChange(models.Model):
    class Kind(models.TextChoices):
        NEW = "neu", _("neuer Eintrag")
        CHANGE = "aenderung", _("Änderung")

    class State(models.TextChoices):
        PENDING = "wartet", _("wartet auf Prüfung")
        APPROVED = "freigegeben", _("freigegeben")
        REJECTED = "zurueckgewiesen", _("zurückgewiesen")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Datenart"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("Nummer des Eintrags"))
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("Eintrag"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    values = models.JSONField(
        _("vorgeschlagene Werte"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    message = models.TextField(_("Nachricht an den Anbieter"), blank=True)

    class Meta:
        verbose_name = _("Änderung zur Prüfung")
        verbose_name_plural = _("Änderungen zur Prüfung")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="wartet"),
                name="one_pending_change_per_record",
                violation_error_message=_("Für diesen Eintrag wartet schon eine Änderung."),
            )
        ]

    def __str__(self):
        return f"{self.object_repr} ({self.get_kind_display()}, {self.get_state_display()})"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    def target_record(self):
        return self.content_type.model_class()._default_manager.filter(pk=self.object_id).first()

    def diff(self, target=None):
        """The change field by field: [(label, published value, proposed value)], values
        as German text (choice labels, names of related records, "ja"/"nein")."""
        target = target or self.target_record()
        if target is None:
            return []
        if self.kind == self.Kind.NEW:
            names = [name for name in self.values or shown_fields(target) if name]
            return [
                (label(target, name), "–", shown(target, name, stored_value(target, name)))
                for name in names
                if not empty(stored_value(target, name))
            ]
        return [
            (
                label(target, name),
                shown(target, name, stored_value(target, name)),
                shown(target, name, value),
            )
            for name, value in self.values.items()
            if normal(value) != normal(stored_value(target, name))
            and name != "translation_status"  # bookkeeping of the translations, not content
        ]

    def form_initial(self, target):
        """The proposed values as a form's initial data (so the author sees what waits)."""
        initial = {}
        for name, value in self.values.items():
            field = target._meta.get_field(name)
            initial[name] = value if field.many_to_many else field.to_python(value)
        return initial


# Values: what a field holds, as JSON, and as German text


def normal(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def stored_value(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    return normal(field.value_from_object(obj))


def empty(value):
    return value is None or value == "" or value == []


def label(obj, name):
    return str(obj._meta.get_field(name).verbose_name)


def shown(obj, name, value):
    """``value`` of field ``name`` as staff read it, never shortened."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        names = [str(o) for o in field.related_model._default_manager.filter(pk__in=value or [])]
        return ", ".join(sorted(names)) or "–"
    if isinstance(field, models.BooleanField) or field.get_internal_type() == "BooleanField":
        return {True: _g("ja"), False: _g("nein")}.get(value, _g("keine Angabe"))
    if empty(value):
        return "–"
    if isinstance(value, dict):  # the translations (i18n): one line per language and field
        return "\n".join(f"{key}: {text}" for key, text in sorted(value.items()))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    python = field.to_python(value)
    if hasattr(python, "year") or hasattr(python, "as_tuple"):
        return formats.localize(python)
    return str(python)


def shown_fields(obj):
    return [
        f.name
        for f in obj._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and f.editable
        and not f.primary_key
        and f.name not in ("publication", "internal_note")
    ]


def changed_values(stored, obj, form):
    """The fields of ``form`` (editable ones) whose values on the unsaved ``obj`` (and the
    form's many-to-many choices) differ from the ``stored`` record, as JSON."""
    values = {}
    for name in form.fields:
        try:
            field = obj._meta.get_field(name)
        except Exception:  # a form field that is no model field (e.g. the edit version)
            continue
        if field.many_to_many:
            proposed = sorted(o.pk for o in form.cleaned_data.get(name) or [])
        elif field.concrete and not field.primary_key:
            proposed = normal(field.value_from_object(obj))
        else:
            continue
        if proposed != stored_value(stored, name):
            values[name] = proposed
    return values


# The workflow


def content_type_of(obj):
    return ContentType.objects.get_for_model(type(obj))


def open_change(obj):
    return PendingChange.objects.filter(
        content_type=content_type_of(obj), object_id=obj.pk, state=PendingChange.State.PENDING
    ).first()


def may_review(user, model):
    """Approving and rejecting: whoever may change pending changes and publish the model."""
    opts = model._meta
    return user.has_perm("gladbeck.change_pendingchange") and user.has_perm(
        f"{opts.app_label}.publish_{opts.model_name}"
    )


def submit_change(request, obj, form):
    """Keep the change of published ``obj`` (not saved) for review. Returns the pending
    change, or None when the form holds the published values (an open one is then dropped)."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    values = changed_values(stored, obj, form)
    pending = open_change(obj)
    if pending is not None and pending.kind == PendingChange.Kind.CHANGE:
        # What the form does not hold (a translation submitted on its own page) stays.
        kept = {name: value for name, value in pending.values.items() if name not in form.fields}
        values = {**kept, **values}
    return _keep_for_review(request, obj, stored, pending, values)


def submit_values(request, obj, values):
    """Keep ``values`` (field name to value, e.g. a translation's ``i18n``) for published
    ``obj`` for review, added to its open change. Returns the pending change or None."""
    stored = type(obj)._default_manager.get(pk=obj.pk)
    pending = open_change(obj)
    merged = dict(pending.values) if pending and pending.kind == PendingChange.Kind.CHANGE else {}
    for name, value in values.items():
        if normal(value) != stored_value(stored, name):
            merged[name] = normal(value)
        else:
            merged.pop(name, None)
    return _keep_for_review(request, obj, stored, pending, merged)


def _keep_for_review(request, obj, stored, pending, values):
    if not values:
        if pending is not None and pending.kind == PendingChange.Kind.CHANGE:
            pending.delete()
        return None
    created = pending is None
    if created:
        pending = PendingChange(
            content_type=content_type_of(obj), object_id=obj.pk, kind=PendingChange.Kind.CHANGE
        )
    pending.values = values
    pending.object_repr = str(stored)[:200]
    pending.author = request.user
    pending.submitted_at = timezone.now()
    pending.save()
    if created:
        notify_editors(request, pending)
    return pending


def submit_new(request, obj):
    """The draft ``obj`` (new or changed) waits for review as a whole."""
    pending = open_change(obj)
    if pending is None:
        pending = PendingChange.objects.create(
            content_type=content_type_of(obj),
            object_id=obj.pk,
            kind=PendingChange.Kind.NEW,
            object_repr=str(obj)[:200],
            author=request.user,
        )
        notify_editors(request, pending)
    else:
        pending.object_repr = str(obj)[:200]
        pending.save(update_fields=["object_repr"])
    return pending


def queue_imported(records, user):
    """Drafts a provider imported wait for review like those it saves in the form (no e-mail:
    an import runs outside a request, the inbox shows them)."""
    records = [record for record in records if record.pk is not None]
    if not records:
        return
    content_type = ContentType.objects.get_for_model(type(records[0]))
    waiting = set(
        PendingChange.objects.filter(
            content_type=content_type,
            object_id__in=[record.pk for record in records],
            state=PendingChange.State.PENDING,
        ).values_list("object_id", flat=True)
    )
    PendingChange.objects.bulk_create(
        PendingChange(
            content_type=content_type,
            object_id=record.pk,
            kind=PendingChange.Kind.NEW,
            object_repr=str(record)[:200],
            author=user,
        )
        for record in records
        if record.pk not in waiting
    )


def approve(request, pending):
    """Write the change (or publish the new record) in one transaction, in the history with
    the author's name. Raises ValidationError when the values no longer fit the record."""
    with transaction.atomic():
        pending = PendingChange.objects.select_for_update().get(
            pk=pending.pk, state=PendingChange.State.PENDING
        )
        model = pending.content_type.model_class()
        target = model._default_manager.select_for_update().get(pk=pending.object_id)
        many = {}
        for name, value in pending.values.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = value
            else:
                setattr(target, field.attname, field.to_python(value))
        if pending.kind == PendingChange.Kind.NEW:
            target.publication = Publication.PUBLISHED
        target.full_clean()
        author = pending.author.get_username() if pending.author else _g("jemand")
        target._change_reason = _g("Von %(author)s eingereicht, von der Redaktion freigegeben") % {
            "author": author
        }
        started = timezone.now()
        target.save()
        for name, ids in many.items():
            getattr(target, name).set(ids)
        merge_save(target, started)
        pending.state = PendingChange.State.APPROVED
        pending.reviewed_by = request.user
        pending.reviewed_at = timezone.now()
        pending.object_repr = str(target)[:200]
        pending.save()
        notify_author(request, pending)
    return pending


def reject(request, pending, message):
    updated = PendingChange.objects.filter(pk=pending.pk, state=PendingChange.State.PENDING).update(
        state=PendingChange.State.REJECTED,
        message=message,
        reviewed_by=request.user,
        reviewed_at=timezone.now(),
    )
    if updated:
        pending.refresh_from_db()
        notify_author(request, pending)
    return updated


def annotate_review_state(queryset):
    """Adds ``review_state``, ``review_kind`` and ``review_message`` of each record's latest
    pending change (one subquery each, whatever the number of rows)."""
    opts = queryset.model._meta
    latest = PendingChange.objects.filter(
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
        object_id=OuterRef("pk"),
    ).order_by("-submitted_at", "-pk")
    return queryset.annotate(
        review_state=Subquery(latest.values("state")[:1]),
        review_kind=Subquery(latest.values("kind")[:1]),
        review_message=Subquery(latest.values("message")[:1]),
    )


def review_state_text(obj):
    """What the author reads in the list: "veröffentlicht", "Änderung wartet auf Prüfung",
    "zurückgewiesen: <Nachricht>"."""
    state = getattr(obj, "review_state", None)
    if state == PendingChange.State.PENDING:
        if getattr(obj, "review_kind", None) == PendingChange.Kind.NEW:
            return _g("Neu, wartet auf Prüfung")
        return _g("Änderung wartet auf Prüfung")
    if state == PendingChange.State.REJECTED:
        return _g("zurückgewiesen: %(message)s") % {"message": obj.review_message}
    return obj.get_publication_display()


# E-mail


def review_url(request, pending):
    url = reverse("admin:gladbeck_pendingchange_change", args=[pending.pk])
    return request.build_absolute_uri(url)


def editor_addresses():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITORS)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def notify_editors(request, pending):
    author = pending.author.get_username() if pending.author else _g("jemand")
    subject = _g("Zu prüfen: %(kind)s „%(object)s“") % {
        "kind": pending.get_kind_display(),
        "object": pending.object_repr,
    }
    body = _g(
        "%(author)s hat „%(object)s“ (%(type)s) zur Prüfung eingereicht.\n\n"
        "Prüfen und freigeben oder zurückweisen:\n%(url)s\n"
    ) % {
        "author": author,
        "object": pending.object_repr,
        "type": pending.content_type.model_class()._meta.verbose_name,
        "url": review_url(request, pending),
    }
    sender = settings.DEFAULT_FROM_EMAIL
    send_after_commit([(subject, body, sender, [address]) for address in editor_addresses()])


def notify_author(request, pending):
    if pending.author is None or not pending.author.email or not pending.author.is_active:
        return
    if pending.state == PendingChange.State.APPROVED:
        subject = _g("Freigegeben: „%(object)s“") % {"object": pending.object_repr}
        body = _g(
            "Die Redaktion hat Ihre Eingabe zu „%(object)s“ geprüft und freigegeben. "
            "Sie ist jetzt auf der Website zu sehen.\n"
        ) % {"object": pending.object_repr}
    else:
        subject = _g("Zurückgewiesen: „%(object)s“") % {"object": pending.object_repr}
        body = _g(
            "Die Redaktion hat Ihre Eingabe zu „%(object)s“ nicht freigegeben.\n\n"
            "Nachricht der Redaktion:\n%(message)s\n"
        ) % {"object": pending.object_repr, "message": pending.message}
    send_after_commit([(subject, body, settings.DEFAULT_FROM_EMAIL, [pending.author.email])])


def send_after_commit(messages):
    """Send once the decision is saved; a mail server that fails is logged, never an error
    page (the submission or decision stands, the inbox shows it)."""

    def send():
        try:
            send_mass_mail(messages)
        except Exception:
            logger.exception("Sending %d review e-mail(s) failed", len(messages))

    if messages:
        transaction.on_commit(send)
