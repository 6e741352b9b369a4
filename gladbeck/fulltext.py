"""The German full-text document of a row, on PostgreSQL.

The site search (portal/search.py) matches against ``search_vector(fields)``; each app's
migration indexes its own table with ``search_index_operation`` over the same expression, so
that the GIN index serves the query. On SQLite both do nothing (the search falls back to
substring matching there).
"""

from django.db import migrations
from django.db.models import Q


def search_vector(fields):
    """The first field (the title) weighs more than the others."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(fields[0], weight="A", config="german") + SearchVector(
        *fields[1:], weight="B", config="german"
    )


def search_index_operation(app_label, model_name, fields, name):
    """A migration operation adding the GIN index of ``search_vector(fields)`` (kept if it is
    there already: it used to be created by one migration for all apps)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        from django.contrib.postgres.indexes import GinIndex

        model = apps.get_model(app_label, model_name)
        statement = str(GinIndex(search_vector(fields), name=name).create_sql(model, schema_editor))
        schema_editor.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, drop)


# PostgreSQL's text search configurations for the portal's languages; `simple` (no stemming)
# where PostgreSQL has none (Polish, Bulgarian, Ukrainian, Persian).
SEARCH_CONFIGS = {
    "de": "german",
    "leichte-sprache": "german",
    "en": "english",
    "tr": "turkish",
    "ar": "arabic",
    "ro": "romanian",
}


def search_config(language):
    return SEARCH_CONFIGS.get(language, "simple")


def translation_lookups(model, fields):
    """The lookups of the active language's translations of ``fields`` (those the model
    translates), e.g. ["title_tr"]: modeltrans's virtual fields, which its query set turns
    into the key of the i18n column; none on German pages."""
    from django.utils.translation import get_language
    from modeltrans.utils import build_localized_fieldname

    language = get_language() or "de"
    if language == "de" or not hasattr(model, "i18n"):
        return []
    translated = model._meta.get_field("i18n").fields
    return [build_localized_fieldname(field, language) for field in fields if field in translated]


def with_translations(model, fields):
    """``fields`` and their translations into the active language: a visitor on /tr/ finds
    content by its Turkish text and still by German words."""
    return [*fields, *translation_lookups(model, fields)]


def words_q(terms, fields):
    """Every word must appear in one of the fields (case-insensitive): the search on SQLite
    and the text filters of the lists."""
    query = Q()
    for word in terms.split()[:10]:
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__icontains": word})
        query &= word_q
    return query


def phrasings(terms):
    """``terms`` and its alternatives from the synonym groups (one query)."""
    from gladbeck.synonyms import SynonymGroup, alternatives

    return [terms, *alternatives(terms, SynonymGroup.objects.all())]


def text_q(terms, fields):
    """``words_q`` for the terms or any of their synonymous phrasings."""
    query = Q()
    for phrasing in phrasings(terms):
        query |= words_q(phrasing, fields)
    return query
