"""Where each translation of a record stands.

The texts themselves live in the record's `i18n` field (django-modeltrans: one JSON column, so
lists need no extra query in any language). Next to it, `translation_status` keeps per language
and field the fingerprint of the German text the translation was made from and whether a person
checked it: {"tr": {"title": {"source": "3f2a…", "checked": false}}}. A translation is
outdated as soon as the German text no longer has that fingerprint, without anyone marking it.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslatedVirtualField, TranslationField
from modeltrans.utils import build_localized_fieldname

SOURCE_LANGUAGE = "de"


class TranslationStatusField(models.JSONField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Stand der Übersetzungen"))
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs


def keep_translations_out_of_model_forms():
    """modeltrans's virtual fields (title_i18n, title_tr …) would otherwise join every model
    form built from all fields (the admin's, the import's) and overwrite the German text with
    the value the form was opened with. Translations are edited on their own page."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, TranslatedVirtualField):
                field.editable = False


class State(models.TextChoices):
    CURRENT = "current", _("aktuell")
    UNCHECKED = "unchecked", _("ungeprüft")
    OUTDATED = "outdated", _("veraltet")
    MISSING = "missing", _("fehlt")


def target_languages():
    """Every language of the public pages except the German source, in the switch's order."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def language_name(code):
    return dict(settings.LANGUAGES)[code]


def is_translatable(model):
    try:
        return isinstance(model._meta.get_field("i18n"), TranslationField)
    except FieldDoesNotExist:
        return False


def translatable_models():
    """Every model with translated fields, in the order of the apps and their models (not
    their history models, which copy the column but are no content of their own)."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in apps.get_models()
        if is_translatable(model) and not issubclass(model, HistoricalChanges)
    ]


def public_records(model):
    """What visitors can see of a translatable model: its published records where it has a
    publication state (measures, offers), all records otherwise."""
    from gladbeck.publishing import Publication

    records = model._default_manager.all()
    if any(field.name == "publication" for field in model._meta.concrete_fields):
        records = records.filter(publication=Publication.PUBLISHED)
    return records


def translated_fields(model):
    return tuple(model._meta.get_field("i18n").fields)


def fingerprint(text):
    """Whitespace at the ends and line-ending style do not make a translation outdated."""
    normalised = (text or "").replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode()).hexdigest()[:16]


def translation_of(record, field, language):
    return (record.i18n or {}).get(build_localized_fieldname(field, language)) or ""


def field_state(record, field, language):
    """None when the German field is empty (nothing to translate)."""
    german = getattr(record, field) or ""
    if not german.strip():
        return None
    if not translation_of(record, field, language).strip():
        return State.MISSING
    entry = (record.translation_status or {}).get(language, {}).get(field)
    if not entry or entry.get("source") != fingerprint(german):
        return State.OUTDATED if entry else State.UNCHECKED
    return State.CURRENT if entry.get("checked") else State.UNCHECKED


def field_states(record, language):
    states = {field: field_state(record, field, language) for field in translated_fields(record)}
    return {field: state for field, state in states.items() if state is not None}


_SEVERITY = [State.MISSING, State.OUTDATED, State.UNCHECKED, State.CURRENT]


def record_state(record, language):
    """The state a visitor is told about: the worst of the record's fields, except that a
    record whose every text is missing counts as missing and one with a few gaps as outdated
    (part of it shows German)."""
    states = set(field_states(record, language).values())
    if not states:
        return State.CURRENT
    if states == {State.MISSING}:
        return State.MISSING
    if State.MISSING in states:
        return State.OUTDATED
    return next(state for state in _SEVERITY if state in states)


def set_translation(record, field, language, text, *, checked):
    """Store a translation made from the record's current German text (not saved yet)."""
    if language == SOURCE_LANGUAGE or field not in translated_fields(record):
        raise ValueError(f"{field!r} in {language!r} is not a translation of {record!r}")
    record.i18n = dict(record.i18n or {})
    key = build_localized_fieldname(field, language)
    text = (text or "").strip()
    status = {lang: dict(fields) for lang, fields in (record.translation_status or {}).items()}
    if text:
        record.i18n[key] = text
        status.setdefault(language, {})[field] = {
            "source": fingerprint(getattr(record, field)),
            "checked": bool(checked),
        }
    else:
        record.i18n.pop(key, None)
        status.get(language, {}).pop(field, None)
    record.translation_status = {lang: fields for lang, fields in status.items() if fields}
