"""The Redaktion's view of how far each language is translated (/admin/uebersetzungen/).

Counted are the items a visitor can see: the published records of models with a publication
state (measures, offers), every record of the other translatable models. Each item counts once
per language with its ``record_state`` (gladbeck/translation_status.py). Every translatable
model is found through its ``i18n`` field, so this module names no app; each model's records
are loaded once, with only the fields the states need, whatever the number of records.

Only the Redaktion and superusers see it; the steering group sees the states of each record
on its pages, but the work list is the Redaktion's.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse

from gladbeck.languages import html_lang
from gladbeck.roles import works_for_the_redaktion
from gladbeck.translation_admin import translate_url
from gladbeck.translation_status import (
    State,
    language_name,
    public_records,
    record_state,
    target_languages,
    translatable_models,
    translated_fields,
)

PER_PAGE = 50
STATES = [State.CURRENT, State.UNCHECKED, State.OUTDATED, State.MISSING]
TO_DO = (State.OUTDATED, State.MISSING)


def visible_records(model):
    """The records a visitor can see, with only the fields their states need."""
    fields = translated_fields(model)
    return list(public_records(model).only("pk", *fields, "i18n", "translation_status"))


def count_row(states):
    """{state: (count, percent)} and the total for a list of states."""
    total = len(states)
    counts = {state: states.count(state) for state in STATES}
    return {
        "total": total,
        "cells": [
            (state, counts[state], round(100 * counts[state] / total) if total else 0)
            for state in STATES
        ],
    }


def coverage(records_by_model, language):
    """Per content kind: counts for ``language`` and its outdated and missing records."""
    kinds = []
    for model, records in records_by_model:
        states = [record_state(record, language) for record in records]
        to_do = [
            {
                "kind": model._meta.verbose_name,
                "label": truncatechars(getattr(record, translated_fields(model)[0]) or "–", 80),
                "state": state,
                "url": translate_url(record, language),
            }
            for record, state in zip(records, states, strict=True)
            if state in TO_DO
        ]
        kinds.append(
            {"name": model._meta.verbose_name_plural, "row": count_row(states), "to_do": to_do}
        )
    return kinds


def coverage_view(request):
    if not works_for_the_redaktion(request.user):
        raise PermissionDenied
    records_by_model = [(model, visible_records(model)) for model in translatable_models()]
    languages = target_languages()
    rows = []
    for code in languages:
        states = [
            record_state(record, code) for _model, records in records_by_model for record in records
        ]
        rows.append(
            {
                "code": code,
                "name": language_name(code),
                "lang": html_lang(code),
                **count_row(states),
            }
        )
    chosen = request.GET.get("sprache")
    chosen = chosen if chosen in languages else languages[0]
    kinds = coverage(records_by_model, chosen)
    to_do = [item for kind in kinds for item in kind["to_do"]]
    page = Paginator(to_do, PER_PAGE).get_page(request.GET.get("seite"))
    context = {
        **admin.site.each_context(request),
        "title": "Übersetzungen: Stand je Sprache",
        "states": STATES,
        "rows": rows,
        "languages": [(code, language_name(code), html_lang(code)) for code in languages],
        "chosen": chosen,
        "chosen_name": language_name(chosen),
        "chosen_lang": html_lang(chosen),
        "kinds": kinds,
        "page": page,
    }
    return TemplateResponse(request, "admin/gladbeck/translation_coverage.html", context)
