"""A small iCalendar (RFC 5545) writer, for feeds of all-day deadlines.

The app writes the format itself rather than depend on a library at run time: a feed needs
only a handful of properties, and the parts that calendar programs are strict about (CRLF line
ends, folding at 75 octets without splitting a character, escaped text) are few and tested
against a real parser.
"""

import datetime
from dataclasses import dataclass, field

#: The time zone the feeds are published in. The events are all-day dates, which have no time
#: zone, but Outlook and Google read the zone to decide the calendar's home zone.
TIME_ZONE = "Europe/Stockholm"

#: Central European Time: standard time from the last Sunday of October, summer time from the
#: last Sunday of March, both changing at 01:00 UTC (the EU rule Sweden follows).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TIME_ZONE}",
    f"X-LIC-LOCATION:{TIME_ZONE}",
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
)

PRODID = "-//wagtail-kvalitet//Calendar feed//EN"

#: How often a subscribing program should fetch the feed again (a hint; Outlook decides itself).
REFRESH = "PT6H"

LINE_OCTETS = 75


@dataclass
class Event:
    """One all-day event, recurring if ``rrule`` is given (an RFC 5545 RRULE value)."""

    uid: str
    start: datetime.date
    summary: str
    description: str = ""
    url: str = ""
    categories: list = field(default_factory=list)
    rrule: str = ""


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def calendar_name(name):
    """The calendar's name on one line, unescaped, as calendar programs write and read ``X-WR-CALNAME``.

    Programs differ on whether they unescape that property's commas, so none are written.
    """
    return " ".join(str(name).replace("\\", "/").split())


def fold(line):
    """``line`` folded into lines of at most 75 octets, each continuation starting with a space.

    Splits between characters, never inside a UTF-8 sequence, so "å" is never cut in two.
    """
    parts, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def format_date(date):
    return date.strftime("%Y%m%d")


def format_utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, stamp):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{format_date(event.start)}",
        f"DTEND;VALUE=DATE:{format_date(event.start + datetime.timedelta(days=1))}",
    ]
    if event.rrule:
        lines.append(f"RRULE:{event.rrule}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    categories = [escape_text(category) for category in event.categories if category]
    if categories:
        lines.append(f"CATEGORIES:{','.join(categories)}")
    # A deadline is not a meeting: it must not show the person as busy all day.
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar(name, events, now=None):
    """The feed as bytes: a VCALENDAR named ``name`` holding ``events``."""
    stamp = format_utc(now or datetime.datetime.now(datetime.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{calendar_name(name)}",
        f"X-WR-CALNAME:{calendar_name(name)}",
        f"X-WR-TIMEZONE:{TIME_ZONE}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
        *VTIMEZONE,
    ]
    for event in events:
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
