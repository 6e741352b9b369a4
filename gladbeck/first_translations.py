"""The translations the portal ships with (fixtures/translations/<language>.json), loaded with
the concept and marked unchecked: written for day one, not yet read by a person the city
chose. Each file: {"language": "tr", "items": [{"model": "gladbeck.concepttext",
"key": "leitbild", "fields": {"title": "…", "body": "…"}}, …]}; "key" is the record's
natural key (its slug, code or key).
"""

import json
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings

from gladbeck.translation_status import set_translation, target_languages

TRANSLATIONS_DIR = Path(settings.BASE_DIR) / "fixtures" / "translations"


def translation_files():
    return sorted(TRANSLATIONS_DIR.glob("*.json"))


def read(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["language"] not in target_languages():
        raise ValueError(f"{path.name}: {data['language']!r} is not a language of the portal")
    return data


def load_first_translations():
    """Apply every file to the loaded records; returns the number of translated fields."""
    changed = defaultdict(dict)  # model → {pk: record}
    count = 0
    for path in translation_files():
        data = read(path)
        for item in data["items"]:
            model = apps.get_model(item["model"])
            records = changed[model]
            record = model._default_manager.get_by_natural_key(item["key"])
            record = records.setdefault(record.pk, record)
            for field, text in item["fields"].items():
                set_translation(record, field, data["language"], text, checked=False)
                count += 1
    for model, records in changed.items():
        model._default_manager.bulk_update(records.values(), ["i18n", "translation_status"])
    return count
