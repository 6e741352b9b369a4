"""Offers as iCalendar (RFC 5545), for a calendar app: one offer, or the offers of a list.

What an offer holds about time is a period (``valid_from`` to ``valid_until``) and its times as
free text (``schedule``, e.g. "dienstags 15 bis 17 Uhr, nicht in den Ferien"). No recurrence
rule is guessed from that text, so an offer becomes one all-day event over its whole period,
with the times in its description, and only when both dates are set: an offer without them
has no place in a calendar and gets no calendar link. The event is marked transparent, so it
does not block the weeks it spans as busy.

The format, written here rather than taken from a library (the rules are few): lines end in
CRLF and are folded at 75 octets (never inside a UTF-8 character; a continuation line starts
with a space); in text values backslash, semicolon, comma and line breaks are escaped. An event's
UID is the offer's primary key at the site's host, so it stays while title or slug change.
"""

import re
from datetime import UTC, timedelta

PRODID = "-//Stadt Gladbeck//Zusammenleben in Gladbeck//DE"
CONTENT_TYPE = "text/calendar; charset=utf-8"
TIMEZONE = "Europe/Berlin"

# RFC 5545 wants at least one component in a calendar. A filtered list may have no offer with
# dates, so every calendar carries the time zone of the city (which it also names).
_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]

# Control characters other than tab may not appear in a text value (RFC 5545 3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def has_dates(offer):
    """Whether the offer can be put in a calendar: both its first and last day are known."""
    return offer.valid_from is not None and offer.valid_until is not None


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): \\ ; , escaped, line breaks as \\n."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", value.replace("\n", "\\n"))


def fold(line):
    """One content line, folded at 75 octets (RFC 5545 3.1), each part ending in CRLF."""
    parts = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "".join(part + "\r\n" for part in parts)


def _utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(offer, host, absolute):
    changed = _utc(offer.updated_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:angebot-{offer.pk}@{host}",
        f"DTSTAMP:{changed}",
        f"LAST-MODIFIED:{changed}",
        f"DTSTART;VALUE=DATE:{offer.valid_from:%Y%m%d}",
        # DTEND of an all-day event is the day after the last one.
        f"DTEND;VALUE=DATE:{offer.valid_until + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(offer.title)}",
    ]
    if offer.schedule:
        lines.append(f"DESCRIPTION:{escape_text(offer.schedule)}")
    if offer.address:
        lines.append(f"LOCATION:{escape_text(offer.address)}")
    lines += [
        f"CATEGORIES:{escape_text(offer.category.name)}",
        f"URL:{absolute(offer.get_absolute_url())}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def as_ical(offers, name, host, absolute):
    """The calendar of the offers that have both dates (the others are left out).

    ``host`` names the site in the UIDs, ``absolute`` makes a path a full address (e.g.
    ``request.build_absolute_uri``). Reads each offer's category: select it with the offers."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TIMEZONE}",
        *_VTIMEZONE,
    ]
    for offer in offers:
        if has_dates(offer):
            lines += _event(offer, host, absolute)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
