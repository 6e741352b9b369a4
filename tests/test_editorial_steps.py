"""First steps number themselves in the measure form (issue 10, §5)."""

import pytest
from django.urls import reverse

from measures.models import MeasureStep
from tests.builders import make_measure
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def post_form(client, measure, fill):
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = form_data(client.get(url).content.decode(), "measure_form")
    fill(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_a_new_step_without_a_number_is_appended_after_the_last(client, editor):
    measure = make_measure()
    client.force_login(editor)

    def first(data):
        data["steps-0-text"] = ["Einladen"]

    post_form(client, measure, first)

    def second(data):
        total = int(data["steps-TOTAL_FORMS"][0])
        data[f"steps-{total - 1}-text"] = ["Treffen"]

    post_form(client, measure, second)

    steps = list(MeasureStep.objects.filter(measure=measure).values_list("position", "text"))
    assert steps == [(1, "Einladen"), (2, "Treffen")]


def test_the_blank_step_row_offers_no_number_that_would_collide(client, editor):
    measure = make_measure()
    MeasureStep.objects.create(measure=measure, position=0, text="Erster")
    client.force_login(editor)

    def add(data):
        total = int(data["steps-TOTAL_FORMS"][0])
        assert data[f"steps-{total - 1}-position"] == [""]
        data[f"steps-{total - 1}-text"] = ["Zweiter"]

    post_form(client, measure, add)

    steps = list(MeasureStep.objects.filter(measure=measure).values_list("position", "text"))
    assert steps == [(0, "Erster"), (1, "Zweiter")]


def test_two_steps_with_the_same_number_are_numbered_apart(client, editor):
    measure = make_measure()
    client.force_login(editor)

    def two(data):
        data["steps-0-text"] = ["A"]
        data["steps-0-position"] = ["3"]
        data["steps-TOTAL_FORMS"] = ["2"]
        data["steps-1-text"] = ["B"]
        data["steps-1-position"] = ["3"]

    post_form(client, measure, two)

    steps = list(MeasureStep.objects.filter(measure=measure).values_list("position", "text"))
    assert steps == [(3, "A"), (4, "B")]
