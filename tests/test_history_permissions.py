"""The history's version pages are a way to change records: only whoever may change a record
may revert it, a revert keeps what the user's own form cannot change (publication state,
internal note), and the history shows each role only the fields of its form.

Security review, finding 1 (critical) and finding 2."""

import datetime
import re

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from gladbeck.publishing import Publication
from measures.models import ProgressEntry
from monitoring.models import Indicator, ProgrammeReport, QualitativeAssessment
from offers.models import Category, Offer
from tests.builders import make_measure, make_offer

pytestmark = pytest.mark.django_db

HISTORY_ADMINS = sorted(
    (
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ),
    key=lambda model_admin: model_admin.model._meta.label,
)
MARK = "Über eine alte Version geändert"


def an_instance(model, provider_org=None):
    """A record of ``model`` with at least one history entry."""
    if model is ProgressEntry:
        obj = ProgressEntry.objects.create(
            measure=make_measure(), date=datetime.date(2026, 1, 5), text="Auftakt"
        )
    elif model is QualitativeAssessment:
        obj = QualitativeAssessment.objects.create(
            indicator=Indicator.objects.order_by("pk").first(),
            date=datetime.date(2026, 1, 5),
            text="Die Zusammenarbeit wird besser.",
            rating=QualitativeAssessment.Rating.choices[0][0],
        )
    elif model is ProgrammeReport:
        offer = make_offer(
            provider=provider_org, category=Category.objects.get(is_qualification=True)
        )
        obj = ProgrammeReport.objects.create(
            offer=offer,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            entrants=3,
            completers=2,
            dropouts=1,
            placements_work=1,
            placements_training=0,
            total_days=150,
        )
    else:
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"the loaded concept has no {model._meta.verbose_name}"
    if not obj.history.exists():
        obj.save()
    return obj


def version_url(obj):
    opts = obj._meta
    version = obj.history.order_by("history_date").first()
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


def revert_data(model_admin, obj, superuser, change_text=True):
    """What the version form posts, as a user with every field in the form would send it,
    with one text field changed to MARK. Returns the data and the changed field's name."""
    request = RequestFactory().get("/")
    request.user = superuser
    form = model_admin.get_form(request, obj)(instance=obj)
    data, changed = {}, None
    names = {field.name for field in obj._meta.get_fields()}
    for name in form.fields:
        bound = form[name]
        widget = getattr(bound.field.widget, "widget", bound.field.widget)
        value = bound.value()
        if getattr(widget, "input_type", None) == "checkbox":
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        else:
            data[name] = widget.format_value(value) or ""
    text_fields = [
        name
        for name in form.fields
        if name in names and obj._meta.get_field(name).get_internal_type() == "TextField"
    ]
    if change_text and text_fields:
        changed = text_fields[-1]
        data[changed] = MARK
    return data, changed


def snapshot(obj):
    obj.refresh_from_db()
    return model_to_dict(obj), obj.history.count()


@pytest.mark.parametrize(
    "model_admin", HISTORY_ADMINS, ids=lambda model_admin: model_admin.model._meta.label
)
@pytest.mark.parametrize("role", ["steering", "provider"])
def test_a_role_that_may_not_change_a_record_cannot_revert_it(
    client, request, role, model_admin, superuser, provider_org
):
    user = request.getfixturevalue(role)
    obj = an_instance(model_admin.model)
    if model_admin.has_change_permission(_request_of(user), obj):
        pytest.skip("this role may change this record")
    data, changed = revert_data(model_admin, obj, superuser)
    before = snapshot(obj)
    client.force_login(user)

    page = client.get(version_url(obj))
    response = client.post(version_url(obj), data)

    assert response.status_code in (403, 404)
    assert snapshot(obj) == before
    if page.status_code == 200:  # who may view it sees the old version read-only
        text = page.content.decode()
        assert 'name="_save"' not in text
        fields = re.findall(r"<(?:input|textarea|select)\b[^>]*\bname=\"(\w+)\"[^>]*>", text)
        editable = [
            tag
            for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", text)
            if 'name="csrfmiddlewaretoken"' not in tag
            and "disabled" not in tag
            and 'type="hidden"' not in tag
            and 'id="nav-filter"' not in tag
        ]
        assert fields and not editable
    else:
        assert page.status_code in (403, 404)


@pytest.mark.parametrize(
    "model_admin", HISTORY_ADMINS, ids=lambda model_admin: model_admin.model._meta.label
)
def test_editors_revert_every_kind_of_record(client, editor, model_admin, superuser):
    """The positive control of the test above: the same form data is accepted from a role
    that may change the record, so a refusal above is the permission, not a broken form."""
    obj = an_instance(model_admin.model)
    data, changed = revert_data(model_admin, obj, superuser)
    if changed is None:
        pytest.skip("no free text field to change")
    client.force_login(editor)

    response = client.post(version_url(obj), data)

    assert response.status_code == 302, re.findall(r"errorlist.*", response.content.decode())
    obj.refresh_from_db()
    assert getattr(obj, changed) == MARK


def _request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_steering_group_cannot_republish_a_withdrawn_measure_from_its_history(
    client, steering, superuser
):
    measure = make_measure(publication=Publication.PUBLISHED)
    measure.publication = Publication.DRAFT
    measure.save()
    published_version = measure.history.order_by("history_date").first()
    assert published_version.publication == Publication.PUBLISHED
    model_admin = admin.site._registry[type(measure)]
    data, _ = revert_data(model_admin, published_version.instance, superuser, change_text=False)
    client.force_login(steering)

    url = reverse(
        "admin:measures_measure_simple_history", args=[measure.pk, published_version.history_id]
    )
    response = client.post(url, data)

    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.publication == Publication.DRAFT
    assert client.get(measure.get_absolute_url()).status_code == 404


def withdrawn_offer_of(provider_org):
    offer = make_offer(
        provider=provider_org, publication=Publication.PUBLISHED, internal_note="Alte Notiz"
    )
    offer.publication = Publication.DRAFT
    offer.internal_note = "Nur für die Redaktion: Träger zahlt Miete nicht"
    offer.save()
    return offer


def test_a_provider_reverting_its_offer_keeps_it_withdrawn_and_keeps_the_internal_note(
    client, provider, provider_org, superuser
):
    offer = withdrawn_offer_of(provider_org)
    published_version = offer.history.order_by("history_date").first()
    model_admin = admin.site._registry[Offer]
    data, _ = revert_data(model_admin, published_version.instance, superuser, change_text=False)
    data.pop("internal_note")  # not in the provider's form
    data["description"] = MARK
    data["publication"] = Publication.PUBLISHED
    client.force_login(provider)

    url = reverse(
        "admin:offers_offer_simple_history", args=[offer.pk, published_version.history_id]
    )
    response = client.post(url, data)

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.description == MARK  # the revert itself is the provider's right
    assert offer.publication == Publication.DRAFT
    assert offer.internal_note == "Nur für die Redaktion: Träger zahlt Miete nicht"


def test_a_provider_reverting_its_programme_report_keeps_it_withdrawn(
    client, provider, provider_org, superuser
):
    report = an_instance(ProgrammeReport, provider_org)
    report.publication = Publication.PUBLISHED
    report.save()
    report.publication = Publication.DRAFT
    report.save()
    published_version = report.history.filter(publication=Publication.PUBLISHED).first()
    model_admin = admin.site._registry[ProgrammeReport]
    data, _ = revert_data(model_admin, published_version.instance, superuser, change_text=False)
    data["publication"] = Publication.PUBLISHED
    client.force_login(provider)

    url = reverse(
        "admin:monitoring_programmereport_simple_history",
        args=[report.pk, published_version.history_id],
    )
    response = client.post(url, data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.publication == Publication.DRAFT


def test_a_provider_cannot_open_the_versions_of_another_organisations_offer(
    client, provider, superuser
):
    foreign = make_offer(provider=None, publication=Publication.PUBLISHED)
    model_admin = admin.site._registry[Offer]
    data, _ = revert_data(model_admin, foreign, superuser)
    client.force_login(provider)

    assert client.get(version_url(foreign)).status_code == 404
    assert client.post(version_url(foreign), data).status_code == 404


def test_a_provider_does_not_see_the_internal_note_in_its_offers_history(
    client, provider, provider_org, editor
):
    offer = withdrawn_offer_of(provider_org)
    client.force_login(provider)

    page = client.get(reverse("admin:offers_offer_history", args=[offer.pk]))
    version = client.get(version_url(offer))

    assert page.status_code == 200 and version.status_code == 200
    for response in (page, version):
        text = response.content.decode()
        assert "Träger zahlt Miete nicht" not in text
        assert "Alte Notiz" not in text
    client.force_login(editor)
    assert (
        "Träger zahlt Miete nicht"
        in client.get(reverse("admin:offers_offer_history", args=[offer.pk])).content.decode()
    )


def test_the_version_page_speaks_german(client, steering):
    measure = make_measure(title="Runder Tisch zur Probe")
    client.force_login(steering)
    text = client.get(version_url(measure)).content.decode()
    assert "Frühere Fassung ansehen" in text
    assert "Frühere Fassung von „Runder Tisch zur Probe“" in text
    assert "Historical" not in text and "View " not in text
