"""Working days in Sweden: holidays for any year, deadlines counted from the day after receipt."""

import datetime

import pytest
from django.test.utils import override_settings

from wagtail_kvalitet.feedback.deadlines import (
    add_working_days,
    deadlines_for,
    easter_sunday,
    is_working_day,
    swedish_holidays,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    "year, easter",
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_closed_weekdays_of_2026():
    assert swedish_holidays(2026) == {
        D(2026, 1, 1),
        D(2026, 1, 6),
        D(2026, 4, 3),  # långfredagen
        D(2026, 4, 6),  # annandag påsk
        D(2026, 5, 1),
        D(2026, 5, 14),  # Kristi himmelsfärdsdag
        D(2026, 6, 6),
        D(2026, 6, 19),  # midsommarafton
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 31),
    }


@pytest.mark.parametrize("year, eve", [(2025, D(2025, 6, 20)), (2026, D(2026, 6, 19)), (2027, D(2027, 6, 25))])
def test_midsummer_eve_is_the_friday_between_19_and_25_june(year, eve):
    assert eve in swedish_holidays(year)
    assert eve.weekday() == 4
    assert not is_working_day(eve)
    assert is_working_day(eve - datetime.timedelta(days=1))


def test_weekdays_weekends_and_holidays():
    assert is_working_day(D(2026, 3, 9))  # a Monday
    assert not is_working_day(D(2026, 3, 7))  # a Saturday
    assert not is_working_day(D(2025, 6, 6))  # nationaldagen on a Friday
    assert not is_working_day(D(2026, 5, 1))


def test_easter_2026_pushes_the_receipt_past_both_holidays():
    # Thursday before Easter: Good Friday, the weekend and Easter Monday do not count.
    assert add_working_days(D(2026, 4, 2), 2) == D(2026, 4, 8)
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_easter_2027_in_march():
    assert add_working_days(D(2027, 3, 25), 2) == D(2027, 3, 31)


def test_ascension_day():
    assert add_working_days(D(2026, 5, 13), 1) == D(2026, 5, 15)


def test_midsummer():
    assert add_working_days(D(2026, 6, 18), 2) == D(2026, 6, 23)


def test_year_end_and_epiphany():
    assert add_working_days(D(2026, 12, 22), 2) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 22), 10) == D(2027, 1, 12)


def test_a_friday_receipt_counts_from_monday():
    assert add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)


def test_a_saturday_receipt_has_its_first_working_day_on_monday():
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 7), 2) == D(2026, 3, 10)


def test_zero_working_days_is_the_day_itself():
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 7)


@override_settings(KVALITET_EXTRA_CLOSED_DAYS=("2026-03-09", "2026-03-10"))
def test_extra_closed_days_do_not_count():
    assert not is_working_day(D(2026, 3, 9))
    assert add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 12)
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 11)) == 1


def test_working_days_between():
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 11)) == 2
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Friday to Monday
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 8)) == 0  # Friday to Sunday
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 8)) == 2  # over Easter
    assert working_days_between(D(2026, 3, 11), D(2026, 3, 9)) == -2


def test_working_days_between_undoes_add_working_days():
    start = D(2026, 12, 18)
    for count in range(0, 25):
        assert working_days_between(start, add_working_days(start, count)) == count


@override_settings(KVALITET_CASE_RECEIPT_WORKING_DAYS=2, KVALITET_CASE_ANSWER_WORKING_DAYS=10)
def test_deadlines_are_counted_in_the_sites_local_date():
    # 23:30 UTC on Monday is 00:30 on Tuesday in Stockholm: received on Tuesday.
    received_at = datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC)
    assert deadlines_for(received_at) == (D(2026, 3, 12), D(2026, 3, 24))


@override_settings(KVALITET_CASE_RECEIPT_WORKING_DAYS=1, KVALITET_CASE_ANSWER_WORKING_DAYS=3)
def test_deadlines_follow_the_settings():
    received_at = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC)  # a Friday
    assert deadlines_for(received_at) == (D(2026, 3, 9), D(2026, 3, 11))
