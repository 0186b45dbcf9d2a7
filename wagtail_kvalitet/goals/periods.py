"""Measurement periods of the goal chain: month, quarter, tertial, half-year and year, with stable keys.

A figure belongs to a period, written as a short key that sorts in time and reads the same in a
spreadsheet, an import file and a URL: ``2026`` (year), ``2026-H1`` (half-year), ``2026-T2``
(tertial, four months), ``2026-Q3`` (quarter) and ``2026-03`` (month). Kolada's periods are years,
so its keys are plain years too.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    TERTIAL = "tertial", _("Tertial")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


#: Months in one period, and the letter in its key (None: the month number; "": the year alone).
MONTHS = {
    Frequency.MONTH: 1,
    Frequency.QUARTER: 3,
    Frequency.TERTIAL: 4,
    Frequency.HALF_YEAR: 6,
    Frequency.YEAR: 12,
}
LETTERS = {Frequency.QUARTER: "Q", Frequency.TERTIAL: "T", Frequency.HALF_YEAR: "H"}
KEY_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<letter>[QTH])(?P<number>\d)|(?P<month>\d{2})))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One period: the ``number``-th (from 1) of its ``frequency`` in ``year``."""

    year: int
    frequency: str
    number: int = 1

    def __post_init__(self):
        if self.frequency not in MONTHS:
            raise ValueError(f"Unknown frequency: {self.frequency!r}")
        if not 1 <= self.number <= 12 // MONTHS[self.frequency]:
            raise ValueError(f"No period {self.number} of a {self.frequency} in a year")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"Year out of range: {self.year}")

    @classmethod
    def parse(cls, key):
        """The period a key names; ``ValueError`` for anything else (e.g. ``2026-Q5``, ``26``)."""
        match = KEY_PATTERN.match(str(key).strip().upper())
        if not match:
            raise ValueError(f"Not a period: {key!r}")
        year = int(match["year"])
        if match["month"]:
            return cls(year, Frequency.MONTH, int(match["month"]))
        if match["letter"]:
            frequency = {letter: frequency for frequency, letter in LETTERS.items()}[match["letter"]]
            return cls(year, frequency, int(match["number"]))
        return cls(year, Frequency.YEAR)

    @classmethod
    def containing(cls, day, frequency):
        return cls(day.year, frequency, (day.month - 1) // MONTHS[frequency] + 1)

    @property
    def key(self):
        if self.frequency == Frequency.YEAR:
            return f"{self.year}"
        if self.frequency == Frequency.MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-{LETTERS[self.frequency]}{self.number}"

    @property
    def start(self):
        return datetime.date(self.year, (self.number - 1) * MONTHS[self.frequency] + 1, 1)

    @property
    def end(self):
        last_month = self.number * MONTHS[self.frequency]
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    def previous(self):
        if self.number > 1:
            return Period(self.year, self.frequency, self.number - 1)
        return Period(self.year - 1, self.frequency, 12 // MONTHS[self.frequency])

    def next(self):
        if self.number < 12 // MONTHS[self.frequency]:
            return Period(self.year, self.frequency, self.number + 1)
        return Period(self.year + 1, self.frequency, 1)

    @property
    def label(self):
        """How a reader names the period, e.g. "Kvartal 3 2026" or "Mars 2026"."""
        values = {"number": self.number, "year": self.year}
        if self.frequency == Frequency.YEAR:
            return str(self.year)
        if self.frequency == Frequency.MONTH:
            from django.utils.dates import MONTHS as MONTH_NAMES

            return f"{str(MONTH_NAMES[self.number]).capitalize()} {self.year}"
        if self.frequency == Frequency.QUARTER:
            return gettext("Quarter %(number)d %(year)d") % values
        if self.frequency == Frequency.TERTIAL:
            return gettext("Tertial %(number)d %(year)d") % values
        return gettext("Half-year %(number)d %(year)d") % values

    def __str__(self):
        return self.key
