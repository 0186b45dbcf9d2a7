"""What one set of figures is about: a management system (its manual and board) and a year, as of a date."""

import dataclasses
import datetime
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from ...models.organisation import OrganisationUnit


def start_of_day(day):
    """The first moment of ``day`` at the site, for comparing stored moments with local dates."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclasses.dataclass(frozen=True)
class Scope:
    """The manual, the year and its *as of* date, and the board's place in the organisation tree.

    ``as_of`` is 31 December of the year, or today for the current year: "in the year" means from
    1 January to ``as_of``, both included. ``board_path`` is the treebeard path of the manual's
    board, or ``None`` when the manual covers the whole organisation.
    """

    manual: object
    year: int
    as_of: datetime.date
    board_path: str | None

    @classmethod
    def build(cls, manual, year, today=None):
        today = today or timezone.localdate()
        as_of = min(datetime.date(year, 12, 31), today)
        return cls(manual=manual, year=year, as_of=as_of, board_path=board_path(manual))

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @cached_property
    def start_moment(self):
        return start_of_day(self.start)

    @cached_property
    def end_moment(self):
        """The first moment after ``as_of``: a stored moment is in the year if it is before this."""
        return start_of_day(self.as_of + datetime.timedelta(days=1))

    def moment_in_year(self, field):
        return Q(**{f"{field}__gte": self.start_moment, f"{field}__lt": self.end_moment})

    def date_in_year(self, field):
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.as_of})

    @property
    def board_and_ancestor_paths(self):
        """The paths of the board and every unit above it (a materialised path's prefixes)."""
        step = OrganisationUnit.steplen
        return [self.board_path[:end] for end in range(step, len(self.board_path) + 1, step)]

    def in_board(self, unit_field):
        """Records whose ``unit_field`` is the board or below it; everything when there is no board."""
        if self.board_path is None:
            return Q()
        return Q(**{f"{unit_field}__path__startswith": self.board_path})


def board_path(manual):
    """The path of the manual's board: no query when the board is already loaded, else one."""
    if manual.board_id is None:
        return None
    if type(manual)._meta.get_field("board").is_cached(manual):
        return manual.board.path
    return OrganisationUnit.objects.filter(pk=manual.board_id).values_list("path", flat=True).first()
