"""What changed between two editions, or since an edition: per action field, challenges
and measures added, removed and changed, with a word-level diff; indicators then and now."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from concept.compare import compare, word_diff
from concept.editions import freeze
from concept.models import Edition
from gladbeck.publishing import Publication
from measures.models import Measure, Status
from monitoring.models import Indicator, Observation
from tests.builders import make_challenge, make_measure

pytestmark = pytest.mark.django_db


def make_changes():
    """Between two freezes: one measure added, one withdrawn, one changed, one challenge
    added, one indicator value observed."""
    make_measure(title="Sprachcafé im Quartier", slug="sprachcafe-im-quartier")
    withdrawn = Measure.objects.published().get(slug="gladbecker-erklaerung")
    withdrawn.publication = Publication.DRAFT
    withdrawn.save()
    changed = Measure.objects.published().exclude(slug="gladbecker-erklaerung").first()
    changed.status = Status.IN_PROGRESS
    changed.progress = 40
    changed.goal = "Ein ganz neues Ziel"
    changed.save()
    make_challenge(wording="Wohnraum für große Familien fehlt", slug="wohnraum-familien")
    Observation.objects.create(
        indicator=Indicator.objects.get(code="bev-einwohner"),
        reference_date=date(2025, 12, 31),
        value=75000,
    )
    return withdrawn, changed


def test_the_comparison_lists_exactly_the_changes_made_between_two_freezes():
    withdrawn, changed = make_changes()
    second = freeze("Fortschreibung 2026")
    result = compare(Edition.objects.get(number=1).snapshot, second.snapshot)
    added = [m["slug"] for f in result.fields for m in f.measures_added]
    removed = [m["slug"] for f in result.fields for m in f.measures_removed]
    changes = [c.after["slug"] for f in result.fields for c in f.measures_changed]
    new_challenges = [c["slug"] for f in result.fields for c in f.challenges_added]
    assert added == ["sprachcafe-im-quartier"]
    assert removed == [withdrawn.slug]
    assert changes == [changed.slug]
    assert new_challenges == ["wohnraum-familien"]
    assert [f.challenges_removed + f.challenges_changed for f in result.fields] == [
        [] for _ in result.fields
    ]
    assert [(then["code"], now["latest"]) for then, now in result.indicators] == [
        ("bev-einwohner", "75000")
    ]
    assert result.texts == []


def test_two_frozen_editions_compare_on_their_page_and_the_latest_equals_today(client):
    make_changes()
    freeze("Fortschreibung 2026")
    between = client.get("/konzept/ausgaben/1/vergleich/2/").content.decode()
    assert "Sprachcafé im Quartier" in between
    assert "zu Ausgabe 2: Fortschreibung 2026" in between
    since = client.get("/konzept/ausgaben/2/vergleich/").content.decode()
    assert "Keine Unterschiede: Der Inhalt ist in beiden Fassungen gleich." in since


def test_a_changed_measure_shows_status_and_progress_before_and_after_and_a_word_diff(client):
    _withdrawn, changed = make_changes()
    status_before = Edition.objects.get(number=1).snapshot
    before = next(
        m
        for f in status_before["action_fields"]
        for m in f["measures"]
        if m["slug"] == changed.slug
    )
    html = client.get("/konzept/ausgaben/1/vergleich/").content.decode()
    article = html[html.index(f'id="aenderung-{changed.slug}"') :]
    article = article[: article.index("</article>")]
    assert before["status_label"] in article and "<strong>in Umsetzung</strong>" in article
    assert f"{before['progress']} %" in article and "<strong>40 %</strong>" in article
    assert "<ins>Ein ganz neues Ziel</ins>" in article or "<ins>" in article
    assert "Sprachcafé im Quartier" in html
    assert "Wohnraum für große Familien fehlt" in html


def test_an_edition_compared_with_itself_is_empty_and_says_so(client):
    html = client.get("/konzept/ausgaben/1/vergleich/1/").content.decode()
    assert "mit sich selbst verglichen: Es gibt keine Unterschiede" in html
    assert "comparison-field" not in html


def test_an_unchanged_concept_compared_with_its_edition_says_there_is_no_difference(client):
    html = client.get("/konzept/ausgaben/1/vergleich/").content.decode()
    assert "Keine Unterschiede" in html


def test_the_word_diff_marks_removed_and_added_words_and_escapes_html():
    diff = word_diff("Eltern lernen <Deutsch> im Kurs", "Eltern lernen Deutsch im Sprachcafé")
    assert diff.startswith("Eltern lernen ")
    assert "<del>&lt;</del>" in diff or "<del>&lt;Deutsch&gt;</del>" in diff
    assert "<del>Kurs</del><ins>Sprachcafé</ins>" in diff
    assert "<Deutsch>" not in diff


def test_the_comparison_is_also_a_tagged_pdf(client):
    make_changes()
    response = client.get("/konzept/ausgaben/1/vergleich/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Was hat sich geändert?" in text
    assert "Sprachcafé im Quartier" in text
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_comparison_with_changes_passes_the_nu_html_checker(client, tmp_path):
    from tests.test_nu_validator import nu_errors, render, vnu_command

    command = vnu_command()
    make_changes()
    files = render(
        client, {"vergleich-mit-aenderungen": "/konzept/ausgaben/1/vergleich/"}, tmp_path
    )
    assert nu_errors(command, files) == []


def test_the_comparison_begins_with_the_changes_counted(client):
    make_changes()
    html = client.get("/konzept/ausgaben/1/vergleich/").content.decode()
    summary = html[html.index("Auf einen Blick") :]
    summary = summary[: summary.index("</table>")].replace("\u00ad", "")
    assert '<th scope="row">Maßnahmen</th><td>1</td><td>1</td><td>1</td>' in summary
    assert '<th scope="row">Herausforderungen</th><td>1</td><td>0</td><td>0</td>' in summary
    assert "1 Indikator mit anderen Werten" in html
