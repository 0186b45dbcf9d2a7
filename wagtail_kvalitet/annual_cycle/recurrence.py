"""When an annual-cycle activity happens: its rule read as dates, as an iCalendar RRULE and in words.

Every rule is "day D of each of these months" (see ``models.annual_cycle``). The page, the
reminders, the due list and the calendar feeds all read dates here, so they always agree.
"""

import calendar
import datetime

from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from ..models.annual_cycle import Frequency, RuleKind

#: Months between occurrences, per frequency.
STEP = {Frequency.YEARLY: 12, Frequency.HALF_YEARLY: 6, Frequency.QUARTERLY: 3, Frequency.MONTHLY: 1}

#: The shortest length of each month (February in a common year): a day every month has.
SHORTEST = {month: calendar.monthrange(2026, month)[1] for month in range(1, 13)}


def months(activity):
    """The months (1–12, in calendar order) in which ``activity`` falls.

    A rule "after each period ends" falls in the month after each period's end: the month after
    each quarter is January, April, July and October.
    """
    step = STEP.get(activity.frequency, 12)
    if activity.rule == RuleKind.AFTER_PERIOD:
        first = 1  # periods follow the calendar year, so each one ends in the month before these
    else:
        first = activity.month or 1
    return sorted({(first - 1 + offset) % 12 + 1 for offset in range(0, 12, step)})


def day(activity):
    return activity.days_after if activity.rule == RuleKind.AFTER_PERIOD else activity.day


def rule_errors(activity):
    """What is wrong with ``activity``'s rule, by field, in the user's language; empty if nothing."""
    errors = {}
    if activity.rule == RuleKind.AFTER_PERIOD:
        if not activity.days_after:
            errors["days_after"] = gettext("Give the number of days after the period ends.")
        return errors
    if activity.frequency != Frequency.MONTHLY and not activity.month:
        errors["month"] = gettext("Give the month of the first time in the year.")
    if not activity.day:
        errors["day"] = gettext("Give the day of the month.")
    elif "month" not in errors:
        shortest = min(SHORTEST[month] for month in months(activity))
        if activity.day > shortest:
            errors["day"] = gettext(
                "Not every month the activity falls in has a day %(day)s. Choose day %(shortest)s or earlier."
            ) % {"day": activity.day, "shortest": shortest}
    return errors


def is_valid(activity):
    return not rule_errors(activity)


def occurrences(activity, start, end):
    """The dates of ``activity`` from ``start`` to ``end``, both included, in order."""
    if not is_valid(activity):
        return []
    found = []
    the_day, its_months = day(activity), months(activity)
    for year in range(start.year, end.year + 1):
        for month in its_months:
            date = datetime.date(year, month, the_day)
            if start <= date <= end:
                found.append(date)
    return found


def occurrences_in_year(activity, year):
    return occurrences(activity, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def first_on_or_after(activity, date):
    """The first occurrence on or after ``date``, or None if the rule is not valid."""
    found = occurrences(activity, date, date + datetime.timedelta(days=366))
    return found[0] if found else None


def rrule(activity):
    """The rule as an iCalendar (RFC 5545) RRULE value, e.g. ``FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15``."""
    if activity.frequency == Frequency.MONTHLY:
        return f"FREQ=MONTHLY;BYMONTHDAY={day(activity)}"
    return f"FREQ=YEARLY;BYMONTH={','.join(str(month) for month in months(activity))};BYMONTHDAY={day(activity)}"


def month_name(month):
    return str(MONTHS[month])


def describe(activity):
    """The rule in words, e.g. "Every quarter, 15 days after the quarter ends"."""
    if not is_valid(activity):
        return ""
    if activity.rule == RuleKind.AFTER_PERIOD:
        texts = {
            Frequency.YEARLY: ngettext(
                "Every year, %(days)s day after the year ends", "Every year, %(days)s days after the year ends",
                activity.days_after,
            ),
            Frequency.HALF_YEARLY: ngettext(
                "Every half-year, %(days)s day after the half-year ends",
                "Every half-year, %(days)s days after the half-year ends",
                activity.days_after,
            ),
            Frequency.QUARTERLY: ngettext(
                "Every quarter, %(days)s day after the quarter ends",
                "Every quarter, %(days)s days after the quarter ends",
                activity.days_after,
            ),
            Frequency.MONTHLY: ngettext(
                "Every month, %(days)s day after the month ends", "Every month, %(days)s days after the month ends",
                activity.days_after,
            ),
        }
        return texts[activity.frequency] % {"days": activity.days_after}
    if activity.frequency == Frequency.MONTHLY:
        return gettext("Every month on day %(day)s") % {"day": activity.day}
    dates = [gettext("%(day)s %(month)s") % {"day": activity.day, "month": month_name(m)} for m in months(activity)]
    if activity.frequency == Frequency.YEARLY:
        return gettext("Every year on %(date)s") % {"date": dates[0]}
    listed = ", ".join(dates[:-1]) + " " + gettext("and") + " " + dates[-1]
    if activity.frequency == Frequency.HALF_YEARLY:
        return gettext("Every half-year, on %(dates)s") % {"dates": listed}
    return gettext("Every quarter, on %(dates)s") % {"dates": listed}
