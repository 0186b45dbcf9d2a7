"""Reporting periods: the board's quarters, custom dates, the period compared with, and the choice form."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from wagtail_kvalitet.reports.periods import CUSTOM, CaseReportPeriodForm, Period, recent_quarters

D = datetime.date


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 1, 15), Period(D(2024, 10, 1), D(2024, 12, 31))),
        (D(2025, 4, 1), Period(D(2025, 1, 1), D(2025, 3, 31))),
        (D(2025, 6, 30), Period(D(2025, 1, 1), D(2025, 3, 31))),
        (D(2025, 12, 31), Period(D(2025, 7, 1), D(2025, 9, 30))),
    ],
)
def test_last_full_quarter(today, expected):
    assert Period.last_full_quarter(today) == expected


def test_a_quarter_is_compared_with_the_quarter_before():
    assert Period.quarter(2025, 1).previous() == Period.quarter(2024, 4)
    assert Period.quarter(2024, 3).previous() == Period(D(2024, 4, 1), D(2024, 6, 30))


def test_other_periods_are_compared_with_as_many_days_just_before():
    period = Period(D(2025, 2, 10), D(2025, 2, 19))
    previous = period.previous()
    assert previous == Period(D(2025, 1, 31), D(2025, 2, 9))
    assert previous.days == period.days == 10


def test_a_one_day_period():
    assert Period(D(2025, 3, 1), D(2025, 3, 1)).previous() == Period(D(2025, 2, 28), D(2025, 2, 28))


def test_bounds_are_local_midnights(settings):
    start, end = Period.quarter(2025, 2).bounds()
    assert start == timezone.make_aware(datetime.datetime(2025, 4, 1))
    # Stockholm is two hours ahead of UTC in summer: the quarter starts at 22:00 UTC the day before.
    assert start == datetime.datetime(2025, 3, 31, 22, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2025, 6, 30, 22, tzinfo=datetime.UTC)


def test_recent_quarters_reach_three_years_back_newest_first():
    quarters = recent_quarters(D(2025, 5, 5))
    assert len(quarters) == 12
    assert quarters[0] == Period.quarter(2025, 2)
    assert quarters[-1] == Period.quarter(2022, 3)
    assert all(later.previous() == earlier for later, earlier in zip(quarters, quarters[1:], strict=False))


@pytest.mark.django_db
class TestForm:
    today = D(2025, 5, 5)

    def form(self, data=None):
        return CaseReportPeriodForm(data, today=self.today)

    def test_unbound_form_gives_the_last_full_quarter_and_preselects_it(self):
        form = self.form()
        assert form.report_period == Period.quarter(2025, 1)
        assert form.report_unit is None
        assert form["period"].value() == "2025-Q1"

    def test_a_quarter_from_the_select(self):
        assert self.form({"period": "2023-Q4"}).report_period == Period.quarter(2023, 4)

    def test_custom_dates(self):
        form = self.form({"period": CUSTOM, "date_from": "2025-01-10", "date_to": "2025-02-20"})
        assert form.is_valid()
        assert form.report_period == Period(D(2025, 1, 10), D(2025, 2, 20))

    def test_dates_without_a_choice_are_used(self):
        assert self.form({"date_from": "2025-01-10", "date_to": "2025-01-10"}).report_period == Period(
            D(2025, 1, 10), D(2025, 1, 10)
        )

    def test_from_after_to_is_refused_with_a_message_and_the_default_period(self):
        form = self.form({"period": CUSTOM, "date_from": "2025-03-01", "date_to": "2025-02-01"})
        assert not form.is_valid()
        assert form.errors["date_to"] == [gettext("The last date must not be before the first date.")]
        assert form.report_period == Period.quarter(2025, 1)

    def test_missing_dates_are_refused(self):
        form = self.form({"period": CUSTOM, "date_from": "", "date_to": ""})
        assert not form.is_valid()
        assert form.errors["date_from"] == [gettext("Enter the first date of the period.")]
        assert form.errors["date_to"] == [gettext("Enter the last date of the period.")]
        assert form.report_period == Period.quarter(2025, 1)

    def test_a_malformed_date_is_refused(self):
        form = self.form({"period": CUSTOM, "date_from": "igår", "date_to": "2025-02-01"})
        assert form.errors["date_from"] == [gettext("Enter a date as YYYY-MM-DD.")]
        assert form.report_period == Period.quarter(2025, 1)

    @pytest.mark.parametrize("value", ["2019-Q1", "2025-Q9", "Q1", "<script>"])
    def test_a_quarter_not_offered_is_refused(self, value):
        form = self.form({"period": value})
        assert "period" in form.errors
        assert form.report_period == Period.quarter(2025, 1)

    def test_a_unit_narrows_the_report(self, tree):
        form = self.form({"period": "2025-Q1", "unit": str(tree["elderly"].pk)})
        assert form.report_unit == tree["elderly"]

    def test_an_unknown_unit_is_refused(self, tree):
        form = self.form({"period": "2025-Q1", "unit": "999999"})
        assert "unit" in form.errors
        assert form.report_unit is None
