"""Offers in a calendar app: iCalendar (RFC 5545) per offer and for a filtered list."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gladbeck.models import District, TargetGroup
from gladbeck.publishing import Publication
from offers.calendar import escape_text, fold
from offers.models import Cost, Offer
from tests.builders import make_offer

pytestmark = pytest.mark.django_db


# --- a strict reader of what RFC 5545 asks ----------------------------------------------------


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse(body):
    """The components of an iCalendar body as nested dicts, after checking the physical form:
    CRLF only, lines of at most 75 octets, folds that do not split a character, BEGIN and END
    in pairs. A component is {"name", "props": [(name, params, value)], "children"}."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"") and b"\r" not in body.replace(b"\r\n", b"")
    physical = body[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here
    lines = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith((" ", "\t")):
            assert lines, "a body cannot start with a continuation"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    root = {"name": None, "props": [], "children": []}
    stack = [root]
    for line in lines:
        name_params, sep, value = line.partition(":")
        assert sep, line
        name, *params = name_params.split(";")
        assert re.fullmatch(r"[A-Z0-9-]+", name), line
        if name == "BEGIN":
            component = {"name": value, "props": [], "children": []}
            stack[-1]["children"].append(component)
            stack.append(component)
        elif name == "END":
            assert stack.pop()["name"] == value
        else:
            stack[-1]["props"].append((name, params, value))
    assert len(stack) == 1
    [calendar] = root["children"]
    assert calendar["name"] == "VCALENDAR"
    return calendar


def prop(component, name):
    [found] = [(params, value) for n, params, value in component["props"] if n == name]
    return found


def events(calendar):
    return [c for c in calendar["children"] if c["name"] == "VEVENT"]


def assert_rfc5545(calendar):
    assert prop(calendar, "VERSION")[1] == "2.0"
    assert prop(calendar, "PRODID")[1]
    assert calendar["children"], "RFC 5545 wants at least one component"
    uids = []
    for event in events(calendar):
        uids.append(prop(event, "UID")[1])
        assert re.fullmatch(r"\d{8}T\d{6}Z", prop(event, "DTSTAMP")[1])
        start_params, start = prop(event, "DTSTART")
        end_params, end = prop(event, "DTEND")
        assert start_params == end_params == ["VALUE=DATE"]
        assert date.fromisoformat(start) < date.fromisoformat(end)
        for name, _params, value in event["props"]:
            if name in ("SUMMARY", "DESCRIPTION", "LOCATION", "CATEGORIES"):
                # no unescaped separator and no raw line break in a text value
                assert not re.search(r"(?<!\\)(\\\\)*[;,]", value.replace("\\\\", "")), value
    assert len(uids) == len(set(uids))


def get_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert_rfc5545(calendar)
    return calendar


def dated_offer(**fields):
    return make_offer(
        publication=Publication.PUBLISHED,
        valid_from=date(2026, 9, 1),
        valid_until=date(2027, 6, 30),
        **fields,
    )


# --- one offer ----------------------------------------------------------------------------------


def test_an_offer_with_dates_is_one_all_day_event_over_its_period(client):
    offer = dated_offer(
        title="Sprachcafé Probe",
        schedule="dienstags 15 bis 17 Uhr\nnicht in den Ferien",
        address="Treff, Musterweg 12\n45964 Gladbeck",
    )
    calendar = get_calendar(client, f"/angebote/{offer.slug}/kalender.ics")
    [event] = events(calendar)
    assert unescape(prop(event, "SUMMARY")[1]) == "Sprachcafé Probe"
    assert prop(event, "DTSTART") == (["VALUE=DATE"], "20260901")
    assert prop(event, "DTEND") == (["VALUE=DATE"], "20270701")  # the day after the last
    assert unescape(prop(event, "DESCRIPTION")[1]) == offer.schedule
    assert unescape(prop(event, "LOCATION")[1]) == offer.address
    assert prop(event, "UID")[1] == f"angebot-{offer.pk}@testserver"
    assert prop(event, "URL")[1] == f"http://testserver/angebote/{offer.slug}/"
    assert prop(event, "TRANSP")[1] == "TRANSPARENT"
    assert not [p for p in event["props"] if p[0] in ("RRULE", "DTSTART;TZID")]


def test_an_offer_without_times_or_place_says_nothing_about_them(client):
    offer = dated_offer()
    [event] = events(get_calendar(client, f"/angebote/{offer.slug}/kalender.ics"))
    names = {name for name, _params, _value in event["props"]}
    assert not {"DESCRIPTION", "LOCATION", "ORGANIZER", "CONTACT"} & names


def test_the_uid_stays_when_the_offer_changes(client):
    offer = dated_offer()
    url = f"/angebote/{offer.slug}/kalender.ics"
    uid = prop(events(get_calendar(client, url))[0], "UID")[1]
    offer.title = "Neu beschrieben"
    offer.save()
    assert prop(events(get_calendar(client, url))[0], "UID")[1] == uid


@pytest.mark.parametrize(
    "fields",
    [
        {"valid_from": None, "valid_until": None},
        {"valid_from": date(2026, 1, 1), "valid_until": None},
        {"valid_from": None, "valid_until": date(2026, 1, 1)},
    ],
)
def test_an_offer_without_both_dates_has_no_calendar(client, fields):
    offer = make_offer(publication=Publication.PUBLISHED, **fields)
    assert client.get(f"/angebote/{offer.slug}/kalender.ics").status_code == 404
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "kalender.ics" not in page


def test_the_offer_page_links_its_calendar(client):
    offer = dated_offer()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert f'href="/angebote/{offer.slug}/kalender.ics"' in page


def test_a_draft_has_no_calendar(client):
    offer = dated_offer()
    Offer.objects.filter(pk=offer.pk).update(publication=Publication.DRAFT)
    assert client.get(f"/angebote/{offer.slug}/kalender.ics").status_code == 404


# --- the format ---------------------------------------------------------------------------------


def test_text_escapes_backslash_semicolon_comma_and_line_breaks():
    assert escape_text("a,b;c\\d\r\ne\rf\ng") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    assert (
        escape_text("Tab\tbleibt, Steuerzeichen\x07 nicht") == "Tab\tbleibt\\, Steuerzeichen nicht"
    )


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "Übergänge 🙂 " * 40
    folded = fold(line).encode()
    physical = folded.split(b"\r\n")[:-1]
    assert len(physical) > 1
    for part in physical:
        assert len(part) <= 75
        part.decode()
    assert all(part.startswith(b" ") for part in physical[1:])
    assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line


def test_hostile_text_round_trips(client):
    title = "Kurs; Teil 1, Teil 2 \\ Ende " + "Ä" * 80
    offer = dated_offer(title=title, schedule="Mo, Di; Mi\\Do\nFr " + "ß" * 60)
    [event] = events(get_calendar(client, f"/angebote/{offer.slug}/kalender.ics"))
    assert unescape(prop(event, "SUMMARY")[1]) == title
    assert unescape(prop(event, "DESCRIPTION")[1]) == offer.schedule


# --- the list -----------------------------------------------------------------------------------


def list_offers(client, query):
    response = client.get(f"/angebote/?{query}")
    assert response.status_code == 200
    return set(response.context["page"].paginator.object_list)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kostenlos=ja",
        "stadtteil=butendorf",
        "zielgruppe=eltern",
        "q=Probe",
        "kostenlos=ja&stadtteil=butendorf&seite=2",
        "alter=10",
        "stadtteil=gibt-es-nicht",
    ],
)
def test_the_list_calendar_holds_exactly_the_lists_offers_with_dates(client, query):
    free = dated_offer(title="Kostenlos Probe", cost=Cost.FREE, citywide=True)
    local = dated_offer(title="Butendorf Probe", cost=Cost.FEE, min_age=16)
    local.districts.add(District.objects.get(slug="butendorf"))
    local.target_groups.add(TargetGroup.objects.get(slug="eltern"))
    make_offer(publication=Publication.PUBLISHED, title="Ohne Daten Probe", cost=Cost.FREE)
    calendar = get_calendar(client, f"/angebote/kalender.ics?{query}")
    uids = {prop(event, "UID")[1] for event in events(calendar)}
    expected = {
        f"angebot-{offer.pk}@testserver"
        for offer in list_offers(client, query)
        if offer.valid_from and offer.valid_until
    }
    assert uids == expected
    if not query:
        assert {f"angebot-{o.pk}@testserver" for o in (free, local)} <= uids


def test_the_list_calendar_leaves_drafts_out(client):
    draft = make_offer(valid_from=date(2026, 1, 1), valid_until=date(2026, 2, 1))
    body = client.get("/angebote/kalender.ics").content.decode()
    assert f"angebot-{draft.pk}@" not in body and draft.title not in body


def test_an_empty_list_is_still_a_valid_calendar(client):
    calendar = get_calendar(client, "/angebote/kalender.ics?q=gibt-es-bestimmt-nicht-xyz")
    assert events(calendar) == []
    assert [c["name"] for c in calendar["children"]] == ["VTIMEZONE"]


def test_the_list_calendar_costs_the_same_queries_with_more_offers(
    client, django_assert_num_queries
):
    """The list calendar (/angebote/kalender.ics)."""
    with CaptureQueriesContext(connection) as before:
        client.get("/angebote/kalender.ics?kostenlos=ja")
    for _ in range(5):
        dated_offer(cost=Cost.FREE)
    with django_assert_num_queries(len(before)):
        client.get("/angebote/kalender.ics?kostenlos=ja")


def test_the_calendars_only_read(client):
    offer = dated_offer()
    assert client.post("/angebote/kalender.ics").status_code == 405
    assert client.post(f"/angebote/{offer.slug}/kalender.ics").status_code == 405
