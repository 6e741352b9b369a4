"""Content in the visitor's language: `{{ measure|tr:"title" }}` gives the translation, or the
German text where there is none; `{% fallback_lang measure "title" %}` marks the element that
shows German text on a page in another language (` lang="de"`), `{{ x|tr_inline:"title" }}`
does both for inline text; `{% translation_notice measure %}` tells the visitor when the
translation is missing, outdated or not checked yet."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gladbeck import translation_status
from gladbeck.languages import path_in_language
from gladbeck.translation_status import SOURCE_LANGUAGE, State

register = template.Library()


def _language():
    return get_language() or SOURCE_LANGUAGE


def shows_german(record, field):
    language = _language()
    if language == SOURCE_LANGUAGE or record is None:
        return False
    if not hasattr(record, "i18n"):
        return True
    return not translation_status.translation_of(record, field, language).strip()


@register.filter
def tr(record, field):
    if record is None:
        return ""
    if shows_german(record, field) or _language() == SOURCE_LANGUAGE:
        return getattr(record, field)
    return translation_status.translation_of(record, field, _language())


# German inside a page in another language: its language, and its direction on Arabic and
# Persian pages (full stops and brackets at the right end).
GERMAN = ' lang="de" dir="ltr"'


@register.filter
def tr_inline(record, field):
    text = tr(record, field)
    if shows_german(record, field):
        return format_html('<span lang="de" dir="ltr">{}</span>', text)
    return text


@register.simple_tag
def fallback_lang(record, field):
    return mark_safe(GERMAN) if shows_german(record, field) else ""


@register.simple_tag
def german_text():
    """For text that exists only in German (an offer's description in easy German)."""
    return mark_safe(GERMAN) if _language() != SOURCE_LANGUAGE else ""


@register.filter
def has_translation(record, field):
    return _language() != SOURCE_LANGUAGE and not shows_german(record, field)


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, record):
    language = _language()
    if language == SOURCE_LANGUAGE or record is None or not hasattr(record, "i18n"):
        return {"state": None}
    request = context.get("request")
    german_url = path_in_language(request.path_info, SOURCE_LANGUAGE) if request else None
    return {"state": translation_status.record_state(record, language), "german_url": german_url}


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def german_only_notice(context):
    """For content kept only in German (the concept document, the status report)."""
    if _language() == SOURCE_LANGUAGE:
        return {"state": None}
    request = context.get("request")
    german_url = path_in_language(request.path_info, SOURCE_LANGUAGE) if request else None
    return {"state": State.MISSING, "german_url": german_url, "german_only": True}
