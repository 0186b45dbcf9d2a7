"""Working days in Sweden, for the deadlines of a case and the handling times the board is shown.

A deadline such as "a receipt within two working days" means days the municipality's offices are
open: not weekends, not Swedish public holidays, not the eves that are closed in practice
(midsommarafton, julafton, nyårsafton), and not the extra days a municipality closes
(``KVALITET_EXTRA_CLOSED_DAYS``). The holidays are computed for any year, so nothing needs
updating each January.
"""

import datetime
from functools import lru_cache

from django.utils import timezone

from ..conf import kvalitet_settings


def easter_sunday(year):
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def swedish_holidays(year):
    """The weekdays offices are closed in ``year``: public holidays and the de facto closed eves.

    Holidays that always fall on a Sunday or Saturday (påskdagen, pingstdagen, alla helgons dag)
    are left out: weekends are closed anyway.
    """
    easter = easter_sunday(year)
    # Midsommarafton is the Friday between 19 and 25 June.
    june_19 = datetime.date(year, 6, 19)
    midsummer_eve = june_19 + datetime.timedelta(days=(4 - june_19.weekday()) % 7)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # nyårsdagen
            datetime.date(year, 1, 6),  # trettondedag jul
            easter - datetime.timedelta(days=2),  # långfredagen
            easter + datetime.timedelta(days=1),  # annandag påsk
            datetime.date(year, 5, 1),  # första maj
            easter + datetime.timedelta(days=39),  # Kristi himmelsfärdsdag
            datetime.date(year, 6, 6),  # Sveriges nationaldag
            midsummer_eve,  # midsommarafton
            datetime.date(year, 12, 24),  # julafton
            datetime.date(year, 12, 25),  # juldagen
            datetime.date(year, 12, 26),  # annandag jul
            datetime.date(year, 12, 31),  # nyårsafton
        }
    )


def extra_closed_days():
    """``KVALITET_EXTRA_CLOSED_DAYS`` as dates; read each time, so a test's override takes effect."""
    return {datetime.date.fromisoformat(str(day)) for day in kvalitet_settings.EXTRA_CLOSED_DAYS}


def is_working_day(day, closed=None):
    if day.weekday() >= 5 or day in swedish_holidays(day.year):
        return False
    return day not in (extra_closed_days() if closed is None else closed)


def add_working_days(start, count):
    """The date ``count`` working days after ``start``, counting from the day after it.

    ``start`` itself never counts, whether or not it is a working day: a case received on a
    Saturday has its first working day on Monday, and one received on Friday has it on Monday too.
    ``count`` 0 gives ``start``.
    """
    closed = extra_closed_days()
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            remaining -= 1
    return day


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end``: a handling time as the board counts it.

    Received on Monday and answered on Wednesday is two working days; answered the same day, or
    on a weekend after a Friday receipt, is zero. Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start)
    closed = extra_closed_days()
    days = (start + datetime.timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day, closed))


def local_date(moment):
    """The date at the site (``TIME_ZONE``) of an aware datetime; a date is returned as it is."""
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    return moment


def deadlines_for(received_at):
    """``(receipt_due_on, answer_due_on)`` for a case received at ``received_at``, in the site's local date.

    Local, because a complaint sent at 00:30 on a Tuesday in Stockholm was received on Tuesday
    even though it was still Monday in UTC.
    """
    received_on = local_date(received_at)
    return (
        add_working_days(received_on, kvalitet_settings.CASE_RECEIPT_WORKING_DAYS),
        add_working_days(received_on, kvalitet_settings.CASE_ANSWER_WORKING_DAYS),
    )
