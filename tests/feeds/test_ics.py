"""The iCalendar writer: line ends, folding, escaping and the Stockholm time zone, read back by a real parser."""

import datetime
from zoneinfo import ZoneInfo

import icalendar

from wagtail_kvalitet.feeds import ics

LONG_TEXT = (
    "Sammanställ klagomål, synpunkter och avvikelser; redovisa för nämnden.\n"
    "Ansvar: kvalitetsutvecklare, enhetschefer och verksamhetschef – även för Äldreomsorg, Funktionsstöd; "
    "se rutinen C:\\kvalitet\\rutiner. Åtgärder följs upp kvartalsvis, ärende för ärende, med åäö ÅÄÖ éü."
)


def build(*events, name="Årshjul, Socialnämnden; 2026"):
    return ics.calendar(name, list(events))


def event(**fields):
    fields.setdefault("uid", "annual-activity-1@example.org")
    fields.setdefault("start", datetime.date(2026, 3, 1))
    fields.setdefault("summary", "Årsrapport")
    return ics.Event(**fields)


def test_lines_end_in_crlf_and_are_folded_at_75_octets_between_characters():
    data = build(event(summary=LONG_TEXT, description=LONG_TEXT * 3))

    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long text must be folded"
    for line in lines:
        line.decode("utf-8")  # a split inside a character would not decode


def test_fold_never_splits_a_multibyte_character():
    line = "DESCRIPTION:" + "å" * 100
    for physical in ics.fold(line).encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")
    assert ics.fold(line).replace("\r\n ", "") == line


def test_text_with_commas_semicolons_backslashes_and_newlines_round_trips():
    data = build(event(summary=LONG_TEXT, description=LONG_TEXT, categories=["Lagkrav, att granska"]))

    parsed = icalendar.Calendar.from_ical(data)
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == LONG_TEXT
    assert str(vevent["DESCRIPTION"]) == LONG_TEXT
    assert list(vevent["CATEGORIES"].cats) == ["Lagkrav, att granska"]
    assert parsed.calendar_name == "Årshjul, Socialnämnden; 2026"


def test_calendar_properties_and_all_day_event():
    now = datetime.datetime(2026, 6, 1, 10, 30, tzinfo=datetime.UTC)
    repeating = event(rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", url="https://example.org/a/")
    data = ics.calendar("Kalender", [repeating], now)

    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert str(parsed["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    assert parsed["PRODID"]
    [vevent] = parsed.walk("VEVENT")
    assert vevent.decoded("DTSTART") == datetime.date(2026, 3, 1)
    assert vevent.decoded("DTEND") == datetime.date(2026, 3, 2)
    assert vevent.decoded("DTSTAMP") == now
    assert b"DTSTAMP:20260601T103000Z\r\n" in data
    assert str(vevent["URL"]) == "https://example.org/a/"
    assert dict(vevent["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYMONTHDAY": [1]}


def test_time_zone_is_stockholm_with_summer_time():
    parsed = icalendar.Calendar.from_ical(build(event()))

    [vtimezone] = parsed.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Stockholm"
    offsets = {component.name: component.decoded("TZOFFSETTO") for component in vtimezone.subcomponents}
    assert offsets == {"STANDARD": datetime.timedelta(hours=1), "DAYLIGHT": datetime.timedelta(hours=2)}

    tz = vtimezone.to_tz()
    assert datetime.datetime(2026, 1, 15, 12, tzinfo=tz).utcoffset() == datetime.timedelta(hours=1)
    assert datetime.datetime(2026, 7, 15, 12, tzinfo=tz).utcoffset() == datetime.timedelta(hours=2)
    # The changes fall on the same days as the real zone's, year after year.
    stockholm = ZoneInfo("Europe/Stockholm")
    day = datetime.datetime(2025, 1, 1, 12)
    while day.year < 2029:
        assert day.replace(tzinfo=tz).utcoffset() == day.replace(tzinfo=stockholm).utcoffset(), day
        day += datetime.timedelta(days=1)
