"""What one year's report covers: a management system (its manual and board), a year, and the date figures stand on."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from ..models.feedback import FeedbackCase
from ..reports.case_statistics import CaseStatistics
from ..reports.periods import Period
from ..self_assessment import evidence


class YearPeriod(Period):
    """A calendar year, compared with the calendar year before (not with the 365 days before it)."""

    @classmethod
    def of(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def previous(self):
        return YearPeriod.of(self.start.year - 1)


@dataclass
class ReportScope:
    """The manual's management system in ``year``; ``assessment`` is that year's self-assessment, if any.

    Cases, goals and legal requirements are those of the board's units (the board's subtree, or
    everything when the manual names no board); processes and routines are the pages below the
    manual. Figures stand as of the last day of the year, or today for the current year.
    """

    manual: object
    year: int
    assessment: object = None
    user: object = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @cached_property
    def board(self):
        return self.manual.board

    @property
    def first_day(self):
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, 12, 31)

    @property
    def as_of(self):
        return min(self.last_day, self.today)

    def units_q(self, prefix):
        """``Q`` for rows whose unit (reached by ``prefix``, e.g. ``"unit__"``) is the board's or below it."""
        if self.board is None:
            return Q()
        return Q(**{f"{prefix}path__startswith": self.board.path})

    @cached_property
    def board_and_above_paths(self):
        """The board's path and its ancestors': a requirement on a unit above the board applies to it too."""
        if self.board is None:
            return []
        steplen = type(self.board).steplen
        return [self.board.path[:length] for length in range(steplen, len(self.board.path) + 1, steplen)]

    @cached_property
    def figures(self):
        return evidence.compute(self.manual, self.year, today=self.today)

    @cached_property
    def previous_figures(self):
        return evidence.compute(self.manual, self.year - 1, today=self.today)

    @cached_property
    def period(self):
        return YearPeriod.of(self.year)

    @cached_property
    def case_statistics(self):
        """The compilation of cases for the whole year beside the year before: counts only, never a case's text.

        Every case of the board's units counts, whoever builds the draft: the report is the
        board's, and it shows aggregates only. Deadlines are judged as of today.
        """
        return CaseStatistics(FeedbackCase.objects.all(), self.period, unit=self.board, today=self.today)
