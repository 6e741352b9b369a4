"""Small builders for test records; they take the real action fields and categories."""

import itertools

from gladbeck.models import Organisation
from gladbeck.publishing import Publication
from measures.models import ActionField, Challenge, Measure
from offers.models import Category, Offer

_counter = itertools.count(1)


def make_measure(**fields):
    n = next(_counter)
    fields.setdefault("title", f"Testmaßnahme {n}")
    fields.setdefault("slug", f"testmassnahme-{n}")
    fields.setdefault("action_field", ActionField.objects.get(number=1))
    fields.setdefault("publication", Publication.PUBLISHED)
    return Measure.objects.create(**fields)


def make_offer(**fields):
    n = next(_counter)
    fields.setdefault("title", f"Testangebot {n}")
    fields.setdefault("slug", f"testangebot-{n}")
    fields.setdefault("category", Category.objects.first())
    return Offer.objects.create(**fields)


def make_organisation(**fields):
    n = next(_counter)
    fields.setdefault("name", f"Testorganisation {n}")
    fields.setdefault("slug", f"testorganisation-{n}")
    return Organisation.objects.create(**fields)


def make_challenge(**fields):
    n = next(_counter)
    fields.setdefault("wording", f"Testherausforderung {n}")
    fields.setdefault("slug", f"testherausforderung-{n}")
    fields.setdefault("action_field", ActionField.objects.get(number=1))
    return Challenge.objects.create(**fields)


def bulk_create_with_relations(model, objects, **relations):
    """Many records at once, as the public pages see them: the rows, a first history entry
    each, and for every many-to-many field named in ``relations`` the given related objects
    on every record. Much faster than saving one by one (no signals: the page cache is off
    in tests)."""
    created = model.objects.bulk_create(objects)
    model.history.bulk_history_create(created)
    for name, targets in relations.items():
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": obj.pk, f"{target}_id": related.pk})
            for obj in created
            for related in targets
        )
    return created
