"""The local date of a stored moment, computed in the database without a function call per row.

A deadline is a date at the site ("answered by 14 March"), and whether it was kept depends on the
date in Stockholm, not in UTC. Django's ``TruncDate`` gives exactly that, natively on PostgreSQL;
on SQLite it calls a Python function for every row, which costs most of the report's time over
tens of thousands of cases. On SQLite, ``LocalDate`` instead shifts the stored UTC time by the
time zone's offset with SQLite's own ``date()``, choosing the offset from a short list of the
zone's transitions (summer and winter time) computed here for the years around the report.
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db.models import Case, DateField, DateTimeField, Func, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThan
from django.utils import timezone

#: Years on either side of the report's for which the transitions are listed; a moment further off
#: (a mistyped date decades away) is left to Django's exact but slower function.
MARGIN_YEARS = 2


@lru_cache(maxsize=32)
def offsets(zone_name, first_year, last_year):
    """``[(UTC moment from which it applies, offset in seconds), …]`` for the years given, oldest first."""
    zone = ZoneInfo(zone_name)
    moment = datetime.datetime(first_year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=datetime.UTC)
    current = int(moment.astimezone(zone).utcoffset().total_seconds())
    segments = [(None, current)]
    step = datetime.timedelta(hours=1)
    day = datetime.timedelta(days=1)
    while moment < end:
        following = moment + day
        if int(following.astimezone(zone).utcoffset().total_seconds()) != current:
            # Find the hour of the change within the day.
            hour = moment
            while int((hour + step).astimezone(zone).utcoffset().total_seconds()) == current:
                hour += step
            hour += step
            current = int(hour.astimezone(zone).utcoffset().total_seconds())
            segments.append((hour, current))
        moment = following
    return segments


class LocalDate(Func):
    """The date at the site (``TIME_ZONE``) of a datetime column, for the years around ``years``.

    ``years`` is ``(first, last)``: the years the report's moments fall in.
    """

    output_field = DateField()

    def __init__(self, expression, years, **extra):
        self.years = years
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(TruncDate(*self.get_source_expressions()))

    def as_sqlite(self, compiler, connection, **extra_context):
        (expression,) = self.get_source_expressions()
        first, last = self.years
        segments = offsets(timezone.get_current_timezone_name(), first - MARGIN_YEARS, last + MARGIN_YEARS)
        # Before each transition, the offset of the segment it ends; after the last, the last offset.
        modifier = Case(
            *[
                When(
                    LessThan(expression, Value(start, output_field=DateTimeField())),
                    then=Value(f"{offset:+d} seconds"),
                )
                for (start, _next_offset), (_start, offset) in zip(segments[1:], segments, strict=False)
            ],
            default=Value(f"{segments[-1][1]:+d} seconds"),
        ).resolve_expression(compiler.query)
        column_sql, column_params = compiler.compile(expression)
        modifier_sql, modifier_params = compiler.compile(modifier)
        # Outside the years the transitions were computed for, Django's exact (slower) function.
        exact_sql, exact_params = compiler.compile(TruncDate(expression))
        earliest = connection.ops.adapt_datetimefield_value(
            datetime.datetime(first - MARGIN_YEARS, 1, 1, tzinfo=datetime.UTC)
        )
        latest = connection.ops.adapt_datetimefield_value(
            datetime.datetime(last + MARGIN_YEARS + 1, 1, 1, tzinfo=datetime.UTC)
        )
        sql = (
            f"CASE WHEN {column_sql} < %s OR {column_sql} >= %s THEN {exact_sql} "
            # To the second: SQLite rounds fractions to milliseconds, which could push 23:59:59.9999 over.
            f"ELSE date(substr({column_sql}, 1, 19), {modifier_sql}) END"
        )
        return sql, [*column_params, earliest, *column_params, latest, *exact_params, *column_params,
                     *modifier_params]
