"""Cells to values: ids, intervals, dates, compliance and people, as people type them in a spreadsheet."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from wagtail_kvalitet.imports.values import (
    PersonLookup,
    clean_date,
    clean_id,
    clean_interval,
    clean_status,
    clean_text,
)


def problem(clean, value):
    with pytest.raises(ValidationError) as refused:
        clean(value)
    return refused.value.messages[0]


@pytest.mark.parametrize(("value", "expected"), [(None, None), (7, 7), (7.0, 7), ("7", 7), (" 12 ", 12)])
def test_ids(value, expected):
    assert clean_id(value) == expected


@pytest.mark.parametrize("value", ["sju", 7.5, 0, True, "7a"])
def test_ids_that_are_not_whole_numbers(value):
    assert problem(clean_id, value).startswith("The ID must be a whole number.")


@pytest.mark.parametrize(("value", "expected"), [(None, None), (1, 1), (12.0, 12), ("24", 24), (120, 120)])
def test_intervals(value, expected):
    assert clean_interval(value) == expected


@pytest.mark.parametrize("value", [0, 121, 6.5, "tolv", -3])
def test_intervals_out_of_range(value):
    assert problem(clean_interval, value) == "Write the review interval as a whole number of months from 1 to 120."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (datetime.datetime(2026, 3, 1, 0, 0), datetime.date(2026, 3, 1)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
        ("2026-03-01", datetime.date(2026, 3, 1)),
        (" 2026-03-01 00:00:00", datetime.date(2026, 3, 1)),
    ],
)
def test_dates(value, expected):
    assert clean_date(value) == expected


@pytest.mark.parametrize("value", ["1/3/2026", "2026-02-30", 46082, "mars 2026"])
def test_dates_written_otherwise_are_refused(value):
    assert problem(clean_date, value) == "Write the date as YYYY-MM-DD, e.g. 2026-03-01."


def test_a_mistyped_year_is_refused():
    assert problem(clean_date, "0206-03-01") == "The date 0206-03-01 looks mistyped."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Uppfyllt", "met"),
        ("delvis  uppfyllt", "partly-met"),
        ("Not met", "not-met"),
        ("not-applicable", "not-applicable"),
    ],
)
def test_compliance_in_swedish_english_or_as_stored(value, expected):
    assert clean_status(value) == expected


def test_unknown_compliance_lists_the_choices():
    assert problem(clean_status, "Klart") == (
        "Unknown compliance “Klart”. Write one of: Met, Partly met, Not met, Not assessed, Not applicable."
    )


def test_text_is_stripped_and_its_line_breaks_made_one_kind():
    assert clean_text("  Rad ett\r\nRad två\r ") == "Rad ett\nRad två"
    assert clean_text(12.0) == "12" and clean_text(None) == ""
    assert problem(lambda value: clean_text(value, 5), "sex tecken") == (
        "At most 5 characters are allowed; this cell has 10."
    )


@pytest.mark.django_db
def test_people_by_username_email_or_name_in_any_case():
    asa = make_user(username="asaek", first_name="Åsa", last_name="Ek", email="Asa.Ek@exempelvik.example")
    make_user(username="pnord", first_name="Per", last_name="Nord")
    values = ["ASAEK", "asa.ek@EXEMPELVIK.example", "åsa ek", "ÅSA  EK", "Åsa Ek (asaek)", "Okänd Person"]
    people = PersonLookup(values)
    assert [people.resolve(value) for value in values[:5]] == [asa] * 5
    assert problem(people.resolve, "Okänd Person").startswith("No user has the username")
    assert people.resolve(None) is None


@pytest.mark.django_db
def test_namesakes_need_a_username_unless_one_of_them_is_already_responsible():
    first = make_user(username="aberg1", first_name="Anna", last_name="Berg")
    make_user(username="aberg2", first_name="Anna", last_name="Berg")
    people = PersonLookup(["Anna Berg", "aberg1"])
    assert problem(people.resolve, "Anna Berg").startswith("Several people are called “Anna Berg”")
    assert people.resolve("Anna Berg", current=first) == first
    assert people.resolve("aberg1") == first
