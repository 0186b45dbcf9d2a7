"""The recurrence rules at their edges: the page, reminders and feeds all read dates from them."""

import datetime

import pytest
from django.utils import translation

from wagtail_kvalitet.annual_cycle import recurrence
from wagtail_kvalitet.models.annual_cycle import AnnualActivity, Frequency, RuleKind

D = datetime.date


def activity(frequency=Frequency.YEARLY, rule=RuleKind.ON_DATE, month=None, day=None, days_after=None):
    return AnnualActivity(name="Aktivitet", frequency=frequency, rule=rule, month=month, day=day, days_after=days_after)


def test_first_of_march_yearly():
    patient_safety = activity(month=3, day=1)
    assert recurrence.months(patient_safety) == [3]
    assert recurrence.occurrences_in_year(patient_safety, 2026) == [D(2026, 3, 1)]
    assert recurrence.occurrences(patient_safety, D(2026, 3, 2), D(2028, 3, 1)) == [D(2027, 3, 1), D(2028, 3, 1)]
    assert recurrence.first_on_or_after(patient_safety, D(2026, 3, 1)) == D(2026, 3, 1)
    assert recurrence.first_on_or_after(patient_safety, D(2026, 3, 2)) == D(2027, 3, 1)
    assert recurrence.rrule(patient_safety) == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"


def test_every_quarter_15_days_after_the_quarter_ends():
    compilation = activity(Frequency.QUARTERLY, RuleKind.AFTER_PERIOD, days_after=15)
    assert recurrence.occurrences_in_year(compilation, 2026) == [D(2026, 1, 15), D(2026, 4, 15), D(2026, 7, 15),
                                                                 D(2026, 10, 15)]
    assert recurrence.first_on_or_after(compilation, D(2026, 10, 16)) == D(2027, 1, 15)
    assert recurrence.rrule(compilation) == "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15"
    assert recurrence.rule_errors(compilation) == {}


def test_half_yearly_on_a_date_and_after_the_half_year():
    follow_up = activity(Frequency.HALF_YEARLY, month=8, day=31)
    assert "day" in recurrence.rule_errors(follow_up)  # August and February
    follow_up.day = 20
    assert recurrence.occurrences_in_year(follow_up, 2026) == [D(2026, 2, 20), D(2026, 8, 20)]
    after = activity(Frequency.HALF_YEARLY, RuleKind.AFTER_PERIOD, days_after=10)
    assert recurrence.occurrences_in_year(after, 2026) == [D(2026, 1, 10), D(2026, 7, 10)]
    assert recurrence.rrule(after) == "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=10"


def test_monthly():
    meeting = activity(Frequency.MONTHLY, day=10)
    assert recurrence.rule_errors(meeting) == {}
    found = recurrence.occurrences_in_year(meeting, 2026)
    assert len(found) == 12 and {date.day for date in found} == {10} and [d.month for d in found] == list(range(1, 13))
    assert recurrence.rrule(meeting) == "FREQ=MONTHLY;BYMONTHDAY=10"
    assert recurrence.first_on_or_after(meeting, D(2026, 12, 11)) == D(2027, 1, 10)


@pytest.mark.parametrize(
    "rule",
    [
        activity(Frequency.MONTHLY, day=31),
        activity(Frequency.MONTHLY, day=29),  # February has no 29th in most years
        activity(Frequency.QUARTERLY, month=2, day=31),  # February, May, August, November
        activity(Frequency.HALF_YEARLY, month=8, day=31),  # August and February
        activity(Frequency.YEARLY, month=2, day=30),
    ],
)
def test_a_day_some_month_lacks_is_an_error_and_has_no_dates(rule):
    assert "day" in recurrence.rule_errors(rule)
    assert recurrence.occurrences_in_year(rule, 2028) == []
    assert recurrence.first_on_or_after(rule, D(2026, 1, 1)) is None
    assert recurrence.describe(rule) == ""


def test_a_day_every_month_has_is_fine():
    assert recurrence.rule_errors(activity(Frequency.HALF_YEARLY, month=1, day=31)) == {}  # January and July
    assert "day" in recurrence.rule_errors(activity(Frequency.QUARTERLY, month=1, day=31))  # April has 30
    assert recurrence.occurrences_in_year(activity(month=12, day=31), 2026) == [D(2026, 12, 31)]


def test_missing_parts_are_errors_by_field():
    assert set(recurrence.rule_errors(activity())) == {"month", "day"}
    assert set(recurrence.rule_errors(activity(month=3))) == {"day"}
    assert set(recurrence.rule_errors(activity(Frequency.QUARTERLY, RuleKind.AFTER_PERIOD))) == {"days_after"}
    assert recurrence.rule_errors(activity(Frequency.MONTHLY, day=5)) == {}


def test_describe_in_words():
    with translation.override("en"):
        assert recurrence.describe(activity(month=3, day=1)) == "Every year on 1 March"
        assert recurrence.describe(activity(Frequency.QUARTERLY, RuleKind.AFTER_PERIOD, days_after=15)) == (
            "Every quarter, 15 days after the quarter ends"
        )
        assert recurrence.describe(activity(Frequency.QUARTERLY, RuleKind.AFTER_PERIOD, days_after=1)) == (
            "Every quarter, 1 day after the quarter ends"
        )
        assert recurrence.describe(activity(Frequency.HALF_YEARLY, month=5, day=15)) == (
            "Every half-year, on 15 May and 15 November"
        )
        assert recurrence.describe(activity(Frequency.QUARTERLY, month=2, day=10)) == (
            "Every quarter, on 10 February, 10 May, 10 August and 10 November"
        )
        assert recurrence.describe(activity(Frequency.MONTHLY, day=10)) == "Every month on day 10"


def test_first_on_or_after_a_leap_day():
    assert recurrence.first_on_or_after(activity(month=3, day=1), D(2028, 2, 29)) == D(2028, 3, 1)
