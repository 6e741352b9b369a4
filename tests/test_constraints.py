"""The database itself refuses values that make no sense, whoever writes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gladbeck.models import District
from measures.models import Challenge
from monitoring.models import Breakdown, Indicator, Observation
from tests.builders import make_challenge, make_measure, make_offer

pytestmark = pytest.mark.django_db


def refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_progress_above_100_is_refused():
    refuses(lambda: make_measure(progress=150))


def test_progress_of_100_is_accepted():
    assert make_measure(progress=100).progress == 100


def test_negative_votes_are_refused():
    refuses(lambda: make_challenge(votes=-1, rank=9))


def test_two_challenges_with_equal_votes_may_share_a_rank_in_one_action_field():
    # §4.1: "(7 Stimmen)" three times; §4.4: "gleichgewichtet". Ties are ties.
    first = make_challenge(rank=40, votes=1)
    second = make_challenge(rank=40, votes=1)
    assert first.rank == second.rank == 40


def test_measure_slugs_are_unique():
    make_measure(slug="doppelt")
    refuses(lambda: make_measure(slug="doppelt"))


def test_planned_end_before_start_is_refused():
    refuses(
        lambda: make_measure(
            planned_start=datetime.date(2026, 5, 1), planned_end=datetime.date(2026, 4, 1)
        )
    )


def test_offer_max_age_below_min_age_is_refused():
    refuses(lambda: make_offer(min_age=12, max_age=6))


def test_the_admin_form_explains_a_progress_above_100_in_german():
    measure = make_measure()
    measure.progress = 150
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert error.value.message_dict["progress"] == [
        "Dieser Wert muss kleiner oder gleich 100 sein."
    ]


@pytest.fixture
def indicator():
    return Indicator.objects.create(code="test-indikator", title="Testindikator")


def observe(indicator, district=None, breakdown="", breakdown_value="", value=1):
    return Observation.objects.create(
        indicator=indicator,
        reference_date=datetime.date(2030, 12, 31),
        district=district,
        breakdown=breakdown,
        breakdown_value=breakdown_value,
        value=value,
    )


def test_one_citywide_observation_per_indicator_date_and_breakdown(indicator):
    observe(indicator)
    refuses(lambda: observe(indicator, value=2))


def test_one_observation_per_indicator_date_and_district(indicator):
    brauck = District.objects.get(slug="brauck")
    observe(indicator, district=brauck)
    refuses(lambda: observe(indicator, district=brauck, value=2))


def test_the_same_date_may_hold_values_per_district_and_per_breakdown(indicator):
    observe(indicator)
    observe(indicator, district=District.objects.get(slug="brauck"))
    observe(indicator, breakdown=Breakdown.AGE_GROUP, breakdown_value="0 bis 6 Jahre")
    observe(indicator, breakdown=Breakdown.AGE_GROUP, breakdown_value="7 bis 16 Jahre")
    assert indicator.observations.count() == 4


def test_a_breakdown_needs_both_dimension_and_value(indicator):
    refuses(lambda: observe(indicator, breakdown=Breakdown.SEX))


def test_a_rank_is_shared_only_with_equal_votes():
    # §4.1: ties are equal vote counts ("(7 Stimmen)" three times); 7 and 9 votes are no tie.
    first = make_challenge(rank=41, votes=7)
    field = first.action_field
    Challenge(action_field=field, slug="gleichauf", wording="x", rank=41, votes=7).full_clean()
    other = Challenge(action_field=field, slug="anders", wording="y", rank=41, votes=9)
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "gleich vielen Stimmen" in str(refused.value)
