"""Quality reporting of qualification programmes (§4.4): providers report counts for their
own programmes, the portal computes the rates, and every figure resting on fewer than 5 people
is shown as "< 5" wherever it leaves the provider's own view."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from gladbeck.publishing import Publication
from gladbeck.roles import EDITORS, PROVIDERS, STEERING_GROUP
from monitoring.models import ProgrammeReport
from monitoring.quality import SUPPRESSED, Figure, Figures, Table
from offers.models import Category
from tests.builders import make_offer, make_organisation

pytestmark = pytest.mark.django_db

STEERING_PAGE = "/monitoring/qualitaet/steuerung/"
PUBLIC_PAGE = "/monitoring/qualitaet/"
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def programme(provider, **fields):
    fields.setdefault("category", Category.objects.get(is_qualification=True))
    return make_offer(provider=provider, **fields)


def report(offer, **fields):
    values = {
        "period_start": START,
        "period_end": END,
        "entrants": 20,
        "completers": 16,
        "dropouts": 4,
        "placements_work": 6,
        "placements_training": 2,
        "total_days": 2400,
        "assessed": 10,
        "language_pre": 2,
        "language_post": 3,
    }
    values.update(fields)
    return ProgrammeReport.objects.create(offer=offer, **values)


def small(offer, **fields):
    """A programme of three people: every figure of it rests on fewer than five."""
    values = dict(entrants=3, completers=2, dropouts=1, placements_work=1, placements_training=0)
    values.update(total_days=150, assessed=3, language_pre=2, language_post=4)
    values.update(fields)
    return report(offer, **values)


def url(name, *args):
    return reverse(f"admin:monitoring_programmereport_{name}", args=args)


def form_data(offer, **changes):
    data = {
        "offer": offer.pk,
        "period_start": "01.01.2026",
        "period_end": "30.06.2026",
        "entrants": "12",
        "completers": "9",
        "dropouts": "2",
        "placements_work": "4",
        "placements_training": "1",
        "total_days": "1100",
        "assessed": "9",
        "language_pre": "2,5",
        "language_post": "3,5",
        "social_pre": "",
        "social_post": "",
        "vocational_pre": "",
        "vocational_post": "",
        "autonomy_pre": "",
        "autonomy_post": "",
        "feedback_summary": "Gute Rückmeldungen zu den Praxistagen.",
    }
    return data | changes


def cells(html, row_label):
    """The cells of the first table row whose header contains ``row_label``."""
    start = html.index(row_label)
    row = html[start : html.index("</tr>", start)]
    return [part.split("</td>")[0].strip() for part in row.split('<td class="num">')[1:]]


# What the portal computes


def test_rates_are_computed_from_the_reported_counts():
    figures = Figures.of([report(programme(make_organisation()))])
    assert figures.entrants.value == 20 and figures.leavers.value == 20
    assert figures.placement_rate.text() == "40,0 %"  # 8 of 20 leavers in work or training
    assert figures.dropout_rate.text() == "20,0 %"
    assert figures.mean_stay.text() == "120,0 Tage"
    assert figures.gains["language"].text() == "+1,00"
    assert figures.gains["social"].value is None


def test_figures_across_programmes_count_every_person_once():
    organisation = make_organisation()
    big = report(programme(organisation), assessed=10, language_pre=2, language_post=3)
    other = report(
        programme(organisation),
        entrants=10,
        completers=5,
        dropouts=5,
        placements_work=0,
        placements_training=0,
        total_days=600,
        assessed=10,
        language_pre=2,
        language_post=Decimal("2.2"),
    )
    figures = Figures.of([big, other])
    assert figures.programmes == 2
    assert figures.placement_rate.value == Decimal("26.7")  # 8 of 30 leavers
    assert figures.dropout_rate.value == Decimal("30.0")  # 9 of 30
    assert figures.mean_stay.value == 100  # 3000 days, 30 leavers
    assert figures.gains["language"].value == Decimal("0.60")  # (10 × 1 + 10 × 0.2) / 20


@pytest.mark.parametrize(("people", "shown"), [(0, False), (4, False), (5, True), (40, True)])
def test_a_figure_resting_on_fewer_than_five_people_is_shown_as_less_than_five(people, shown):
    figure = Figure(50, people, "percent")
    assert (figure.text() != SUPPRESSED) is shown
    assert (figure.csv() != SUPPRESSED) is shown
    assert figure.text(protect=False) == "50,0 %"


def test_every_figure_of_a_small_programme_is_protected():
    figures = Figures.of([small(programme(make_organisation()))])
    assert all(figure.text() == SUPPRESSED for _label, figure in figures.columns())


def test_a_total_that_would_give_away_a_protected_programme_is_withheld():
    organisation = make_organisation()
    table = Table.of([report(programme(organisation)), small(programme(organisation))])
    # 23 entrants minus the 20 shown would reveal the 3 of the small programme.
    assert table.total.entrants.text() == "geschützt"
    assert table.total.placement_rate.suppressed
    assert table.total.gains["language"].suppressed


def test_a_total_is_shown_when_the_protected_programmes_together_are_five_or_more():
    organisation = make_organisation()
    reports = [report(programme(organisation))]
    reports += [small(programme(organisation)), small(programme(organisation))]
    table = Table.of(reports)
    assert table.total.entrants.text() == "26"
    assert not table.total.placement_rate.suppressed


# Providers: their own programmes only


def test_a_provider_sees_only_the_reports_of_its_own_programmes(client, provider, provider_org):
    own = report(programme(provider_org, title="Eigenes Programm"))
    other = report(programme(make_organisation(), title="Fremdes Programm"))
    client.force_login(provider)
    html = client.get(url("changelist")).content.decode()
    assert "Eigenes Programm" in html and "Fremdes Programm" not in html
    assert client.get(url("change", own.pk)).status_code == 200
    assert client.get(url("change", other.pk)).status_code == 302  # "does not exist"
    response = client.post(url("change", other.pk), form_data(other.offer, entrants="1"))
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.entrants == 20
    assert client.get(url("history", other.pk)).status_code in (302, 403)


def test_a_provider_reports_a_programme_of_its_own_as_a_draft(client, provider, provider_org):
    offer = programme(provider_org)
    client.force_login(provider)
    response = client.post(url("add"), form_data(offer, publication=Publication.PUBLISHED))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = ProgrammeReport.objects.get(offer=offer)
    assert saved.entrants == 12 and str(saved.language_post) == "3.50"
    assert saved.publication == Publication.DRAFT


def test_a_provider_may_report_neither_another_providers_programme_nor_another_offer(
    client, provider, provider_org
):
    foreign = programme(make_organisation())
    not_qualification = make_offer(
        provider=provider_org, category=Category.objects.filter(is_qualification=False).first()
    )
    own = programme(provider_org)
    client.force_login(provider)
    form = client.get(url("add")).context["adminform"].form
    choices = set(form.fields["offer"].queryset.values_list("pk", flat=True))
    assert own.pk in choices
    assert foreign.pk not in choices and not_qualification.pk not in choices
    for offer in (foreign, not_qualification):
        response = client.post(url("add"), form_data(offer))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["offer"]
    assert not ProgrammeReport.objects.filter(offer__in=[foreign, not_qualification]).exists()


def test_a_provider_sees_its_own_small_figures_in_full(client, provider, provider_org):
    own = small(programme(provider_org))
    client.force_login(provider)
    html = client.get(url("change", own.pk)).content.decode()
    assert 'name="entrants" value="3"' in html
    assert "33,3 %" in html  # 1 of 3 leavers placed: its own view is not protected
    figures = html[html.index("Kennzahlen dieses Berichts") :][:3000]
    assert "&lt; 5" not in figures


def test_inconsistent_counts_are_refused_with_a_clear_message(client, provider, provider_org):
    offer = programme(provider_org)
    client.force_login(provider)
    cases = [
        {"placements_work": "20"},
        {"period_end": "01.01.2025"},
        {"language_post": ""},
        {"language_pre": "7"},
        {"assessed": ""},
        {"assessed": "40"},
    ]
    for changes in cases:
        response = client.post(url("add"), form_data(offer, **changes))
        assert response.status_code == 200, changes
        assert response.context["adminform"].form.errors, changes
    assert not ProgrammeReport.objects.filter(offer=offer).exists()


def test_the_database_refuses_more_placements_than_leavers():
    offer = programme(make_organisation())
    with pytest.raises(IntegrityError), transaction.atomic():
        report(offer, placements_work=15, placements_training=10)


# The steering group: all programmes, protected, read-only


def test_the_steering_group_sees_every_programme_with_small_figures_protected(
    client, steering, provider_org
):
    report(programme(provider_org, title="Großes Programm"))
    small(programme(make_organisation(name="Kleiner Träger"), title="Kleines Programm"))
    draft = report(programme(make_organisation(), title="Entwurfsprogramm"))
    assert draft.publication == Publication.DRAFT
    client.force_login(steering)
    html = client.get(STEERING_PAGE).content.decode()
    assert "Großes Programm" in html and "Entwurfsprogramm" in html
    assert cells(html, "Großes Programm")[:5] == ["20", "20", "40,0 %", "20,0 %", "120,0 Tage"]
    assert cells(html, "Kleines Programm")[:5] == ["&lt; 5"] * 5
    assert "33,3 %" not in html


def test_the_steering_groups_csv_holds_the_same_protected_figures(client, steering, provider_org):
    report(programme(provider_org, title="Großes Programm"))
    small(programme(provider_org, title="Kleines Programm"))
    client.force_login(steering)
    response = client.get(STEERING_PAGE + "?jahr=2025&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = {row["Programm"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Großes Programm"]["Vermittlungsquote (Arbeit oder Ausbildung)"] == "40.0"
    assert rows["Kleines Programm"]["Eintritte"] == SUPPRESSED
    assert rows["Kleines Programm"]["Sprache"] == SUPPRESSED
    total = rows[""]
    assert total["Organisation"] == "Alle Programme"
    assert total["Eintritte"] == "geschützt"


def test_the_steering_group_may_not_change_reports_or_see_raw_counts_in_the_admin(
    client, steering, provider_org
):
    tiny = small(programme(provider_org))
    client.force_login(steering)
    html = client.get(url("change", tiny.pk)).content.decode()
    assert "&lt; 5" in html
    assert "field-entrants" not in html and 'name="entrants"' not in html
    assert "33,3 %" not in html
    response = client.post(url("change", tiny.pk), form_data(tiny.offer, entrants="30"))
    assert response.status_code == 403
    tiny.refresh_from_db()
    assert tiny.entrants == 3
    assert client.get(url("history", tiny.pk)).status_code == 403
    assert "&lt; 5" in client.get(url("changelist")).content.decode()


def test_the_steering_page_is_for_the_steering_group_and_the_editors_only(
    client, steering, editor, provider
):
    assert client.get(STEERING_PAGE).status_code == 302  # to the login
    client.force_login(provider)
    assert client.get(STEERING_PAGE).status_code == 403
    assert client.get(STEERING_PAGE + "?format=csv").status_code == 403
    for user in (steering, editor):
        client.force_login(user)
        assert client.get(STEERING_PAGE).status_code == 200


def test_the_steering_page_runs_a_fixed_number_of_queries(
    client, steering, provider_org, django_assert_num_queries
):
    """Protects the steering group's page against a query per report."""
    report(programme(provider_org))
    client.force_login(steering)
    client.get(STEERING_PAGE)
    with django_assert_num_queries(6):
        assert client.get(STEERING_PAGE).status_code == 200
    for n in range(40):
        report(programme(make_organisation()), feedback_summary=f"Rückmeldung {n}")
        small(programme(provider_org))
    with django_assert_num_queries(6):
        assert client.get(STEERING_PAGE).status_code == 200


# The public: published aggregates only


def test_the_public_sees_only_published_reports_and_only_as_totals(client, provider_org):
    report(
        programme(provider_org, title="Öffentliches Programm"), publication=Publication.PUBLISHED
    )
    report(
        programme(provider_org, title="Noch nicht freigegeben"),
        entrants=80,
        completers=0,
        dropouts=0,
        placements_work=0,
        placements_training=0,
        total_days=0,
        assessed=None,
        language_pre=None,
        language_post=None,
    )
    html = client.get(PUBLIC_PAGE).content.decode()
    assert cells(html, "Programme</th>") == ["1"]
    assert cells(html, "Eintritte</th>") == ["20"]
    assert "Öffentliches Programm" not in html and "Noch nicht freigegeben" not in html
    assert provider_org.name not in html
    assert "Mittlerer Kompetenzzuwachs 2025" in html and "+1,00" in html


def test_public_totals_resting_on_fewer_than_five_people_are_protected(client, provider_org):
    small(programme(provider_org), publication=Publication.PUBLISHED)
    html = client.get(PUBLIC_PAGE).content.decode()
    for heading in ("Eintritte", "Austritte", "Abbruchquote", "Verweildauer", "Sprache"):
        assert cells(html, f"{heading}</th>") == ["&lt; 5"], heading
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(PUBLIC_PAGE + "?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0]["Jahr"] == "2025"
    assert rows[0]["Eintritte"] == SUPPRESSED and rows[0]["Sprache"] == SUPPRESSED


def test_without_published_reports_the_public_page_says_so(client, provider_org):
    report(programme(provider_org))
    html = client.get(PUBLIC_PAGE).content.decode()
    assert "noch keine Qualitätsberichte veröffentlicht" in html
    assert "<table" not in html


def test_the_public_page_runs_a_fixed_number_of_queries(
    client, provider_org, django_assert_num_queries
):
    """Protects /monitoring/qualitaet/ against a query per report."""
    report(programme(provider_org), publication=Publication.PUBLISHED)
    with django_assert_num_queries(2):
        assert client.get(PUBLIC_PAGE).status_code == 200
    for year in range(2015, 2025):
        for _ in range(5):
            report(
                programme(make_organisation()),
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                publication=Publication.PUBLISHED,
            )
    with django_assert_num_queries(2):
        assert client.get(PUBLIC_PAGE).status_code == 200


def test_editors_publish_reports_for_the_public_totals(client, editor, provider_org):
    pending = report(programme(provider_org))
    client.force_login(editor)
    response = client.post(
        url("changelist"), {"action": "publish", "_selected_action": [pending.pk]}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.publication == Publication.PUBLISHED
    assert "<table" in client.get(PUBLIC_PAGE).content.decode()


def test_the_roles_get_the_permissions_of_quality_reporting():
    def codenames(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__model="programmereport")
            .values_list("codename", flat=True)
        )

    assert codenames(PROVIDERS) == {
        "add_programmereport",
        "change_programmereport",
        "view_programmereport",
    }
    assert codenames(STEERING_GROUP) == {"view_programmereport", "view_programme_figures"}
    assert {"publish_programmereport", "delete_programmereport"} <= codenames(EDITORS)


@pytest.mark.parametrize(
    "query",
    ["entrants=3", "entrants__lt=5", "completers__gte=2", "language_post=4", "dropouts__in=1,2"],
)
def test_the_steering_group_cannot_recover_protected_counts_by_filtering_the_admin_list(
    client, steering, provider_org, query
):
    """Security review, finding 3: trying values on a raw count would reveal what "< 5"
    hides. The admin refuses such a filter (400) instead of answering it."""
    small(programme(provider_org))
    client.force_login(steering)

    response = client.get(url("changelist") + "?" + query)

    assert response.status_code == 400
    assert client.get(url("changelist") + "?publication=entwurf").status_code == 200


def test_providers_do_not_filter_on_raw_counts_but_editors_may(
    client, provider, editor, provider_org
):
    small(programme(provider_org))
    client.force_login(provider)
    assert client.get(url("changelist") + "?entrants=3").status_code == 400
    client.force_login(editor)
    response = client.get(url("changelist") + "?entrants=3")
    assert response.status_code == 200
    assert "1 Qualitätsbericht" in response.content.decode()
