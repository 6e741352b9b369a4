"""Every admin changelist opens, and costs the same number of queries with 200 more rows:
no changelist runs a query per row."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.models import Edition
from gladbeck.models import ConceptText, District, Organisation, TargetGroup
from gladbeck.review import PendingChange
from gladbeck.staff_import.models import ImportRun
from gladbeck.synonyms import SynonymGroup
from measures.models import (
    ActionField,
    Challenge,
    Measure,
    MeasureStep,
    ProgressEntry,
    Stakeholder,
    SubArea,
)
from monitoring.models import Indicator, Observation, ProgrammeReport, QualitativeAssessment
from offers.models import Category, Language, Offer

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _seq(prefix, start, count):
    return range(start, start + count)


def _field():
    return ActionField.objects.order_by("number").first()


def _measures(start, count):
    field = _field()
    return Measure.objects.bulk_create(
        Measure(title=f"Maßnahme {i}", slug=f"m-{i}", action_field=field)
        for i in _seq("m", start, count)
    )


def _orgs(start, count):
    parent = Organisation.objects.get(slug="stadtverwaltung-gladbeck")
    return Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {i}", slug=f"o-{i}", parent=parent)
        for i in range(start, start + count)
    )


def _indicators(start, count):
    field = _field()
    return Indicator.objects.bulk_create(
        Indicator(code=f"i-{i}", title=f"Indikator {i}", action_field=field)
        for i in range(start, start + count)
    )


def make_rows(model, start, count):
    """Create ``count`` rows of ``model`` with their related rows, numbered from ``start``."""
    rng = range(start, start + count)
    if model is District:
        District.objects.bulk_create(District(name=f"Bezirk {i}", slug=f"d-{i}") for i in rng)
    elif model is TargetGroup:
        TargetGroup.objects.bulk_create(TargetGroup(name=f"Gruppe {i}", slug=f"g-{i}") for i in rng)
    elif model is Organisation:
        _orgs(start, count)
    elif model is ConceptText:
        ConceptText.objects.bulk_create(
            ConceptText(key=f"text-{i}", title=f"Text {i}", body="…") for i in rng
        )
    elif model is ActionField:
        ActionField.objects.bulk_create(
            ActionField(number=100 + i, title=f"Feld {i}", slug=f"f-{i}") for i in rng
        )
    elif model is SubArea:
        field = _field()
        SubArea.objects.bulk_create(
            SubArea(action_field=field, title=f"Teilbereich {i}", slug=f"s-{i}") for i in rng
        )
    elif model is Challenge:
        field = _field()
        sub_area = SubArea.objects.create(
            action_field=field, title=f"TB {start}", slug=f"tb-{start}"
        )
        Challenge.objects.bulk_create(
            Challenge(action_field=field, sub_area=sub_area, wording=f"H {i}", slug=f"c-{i}")
            for i in rng
        )
    elif model is Measure:
        _measures(start, count)
    elif model is MeasureStep:
        MeasureStep.objects.bulk_create(
            MeasureStep(measure=m, text=f"Schritt {m.pk}") for m in _measures(start, count)
        )
    elif model is Stakeholder:
        Stakeholder.objects.bulk_create(
            Stakeholder(measure=m, organisation=o, role="beteiligt")
            for m, o in zip(_measures(start, count), _orgs(start, count), strict=True)
        )
    elif model is ProgressEntry:
        user = User.objects.create_user(f"autor-{start}")
        ProgressEntry.objects.bulk_create(
            ProgressEntry(measure=m, date=datetime.date(2026, 1, 1), text="…", created_by=user)
            for m in _measures(start, count)
        )
    elif model is Category:
        Category.objects.bulk_create(Category(name=f"Kategorie {i}", slug=f"k-{i}") for i in rng)
    elif model is Language:
        Language.objects.bulk_create(Language(code=f"x{i}", name=f"Sprache {i}") for i in rng)
    elif model is Offer:
        category = Category.objects.first()
        Offer.objects.bulk_create(
            Offer(title=f"Angebot {i}", slug=f"a-{i}", provider=o, category=category)
            for i, o in zip(rng, _orgs(start, count), strict=True)
        )
    elif model is Indicator:
        _indicators(start, count)
    elif model is Observation:
        district = District.objects.first()
        Observation.objects.bulk_create(
            Observation(
                indicator=ind, reference_date=datetime.date(2030, 1, 1), value=1, district=district
            )
            for ind in _indicators(start, count)
        )
    elif model is QualitativeAssessment:
        QualitativeAssessment.objects.bulk_create(
            QualitativeAssessment(indicator=ind, date=datetime.date(2030, 1, 1), text="…", rating=3)
            for ind in _indicators(start, count)
        )
    elif model is ProgrammeReport:
        category = Category.objects.filter(is_qualification=True).first()
        offers = Offer.objects.bulk_create(
            Offer(title=f"Programm {i}", slug=f"p-{i}", provider=o, category=category)
            for i, o in zip(rng, _orgs(start, count), strict=True)
        )
        ProgrammeReport.objects.bulk_create(
            ProgrammeReport(
                offer=offer,
                period_start=datetime.date(2030, 1, 1),
                period_end=datetime.date(2030, 12, 31),
                entrants=10,
                completers=8,
                dropouts=2,
                placements_work=3,
                placements_training=1,
                total_days=900,
            )
            for offer in offers
        )
    elif model is User:
        User.objects.bulk_create(User(username=f"nutzer-{i}") for i in rng)
    elif model is SynonymGroup:
        SynonymGroup.objects.bulk_create(SynonymGroup(words=f"Wort {i}\nBegriff {i}") for i in rng)
    elif model is ImportRun:
        user = User.objects.create_user(f"importiert-{start}")
        ImportRun.objects.bulk_create(
            ImportRun(
                user=user,
                model="offers.offer",
                resource="offers.resources.OfferResource",
                file_name=f"angebote-{i}.csv",
                file_format="csv",
                file_size=1000,
            )
            for i in rng
        )
    elif model is Edition:
        Edition.objects.bulk_create(
            Edition(number=100 + i, title=f"Ausgabe {i}", snapshot={}, fingerprint=str(i))
            for i in rng
        )
    elif model is PendingChange:
        user = User.objects.create_user(f"anbieter-{start}")
        category = Category.objects.first()
        offers = Offer.objects.bulk_create(
            Offer(title=f"Eingereicht {i}", slug=f"e-{i}", category=category) for i in rng
        )
        PendingChange.objects.bulk_create(
            PendingChange(
                content_type=ContentType.objects.get_for_model(Offer),
                object_id=offer.pk,
                object_repr=offer.title,
                kind=PendingChange.Kind.NEW,
                author=user,
            )
            for offer in offers
        )
    else:
        raise AssertionError(f"no row maker for {model.__name__}: add one")


OUR_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"gladbeck", "measures", "offers", "monitoring", "concept"}
    or model is User
]


def count_changelist_queries(client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_changelist_opens_with_200_rows_in_a_fixed_number_of_queries(client, superuser, model):
    client.force_login(superuser)
    make_rows(model, 1, 2)
    few = count_changelist_queries(client, model)
    make_rows(model, 1000, 200)
    many = count_changelist_queries(client, model)
    assert many == few, f"{model.__name__}: {few} queries with few rows, {many} with 200 more"
    assert many <= MAX_QUERIES


def test_every_content_model_is_registered_in_the_admin():
    from django.apps import apps

    for app in ("gladbeck", "measures", "offers", "monitoring", "concept"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model.__name__ == "ProviderAccount":
                continue
            assert model in admin.site._registry, f"{model.__name__} is not in the admin"
