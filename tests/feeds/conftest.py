"""Helpers shared by the feed tests: reading a feed back with a real iCalendar parser."""

import datetime

import icalendar
from dateutil.rrule import rrulestr


def parse(response):
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def expand(event, start, end):
    """The dates a parser's reading of the event's RRULE gives from ``start`` to ``end``."""
    first = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=datetime.datetime.combine(first, datetime.time()))
    found = rule.between(
        datetime.datetime.combine(start, datetime.time()), datetime.datetime.combine(end, datetime.time()), inc=True
    )
    return [moment.date() for moment in found]


def assert_well_formed(calendar):
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Stockholm"
    for event in calendar.walk("VEVENT"):
        assert event["UID"]
        assert isinstance(event.decoded("DTSTAMP"), datetime.datetime)
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
        start = event.decoded("DTSTART")
        assert type(start) is datetime.date
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
