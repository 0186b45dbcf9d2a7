"""The year's occurrences of a cycle's activities, each with whether it was done, and who may mark them.

The page, the wheel and the mark-done view all need the same answer to "is this occurrence done,
on time, late, or not yet", so it is worked out once here from the rule and the completions of the
year, which are read in one query whatever the number of activities.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..escalation import OrgChart
from ..models.annual_cycle import ActivityCompletion
from . import recurrence


class State(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    NOT_DONE = "not_done", _("Not done")
    COMING = "coming", _("Coming")


#: A symbol beside each state's words, so the state never rests on colour alone.
SYMBOLS = {State.DONE_ON_TIME: "✓", State.DONE_LATE: "!", State.NOT_DONE: "✗", State.COMING: "○"}


@dataclass
class Occurrence:
    activity: object
    occurs_on: datetime.date
    completion: object = None
    today: datetime.date = None

    @property
    def key(self):
        return f"{self.activity.pk}-{self.occurs_on.isoformat()}"

    @property
    def state(self):
        if self.completion is not None:
            return State.DONE_ON_TIME if self.completion.on_time else State.DONE_LATE
        return State.NOT_DONE if self.occurs_on < self.today else State.COMING

    @property
    def state_label(self):
        return State(self.state).label

    @property
    def symbol(self):
        return SYMBOLS[self.state]

    @property
    def is_done(self):
        return self.completion is not None

    @property
    def is_markable(self):
        """Past and current occurrences: what is due this month can be done early, later ones cannot."""
        return self.occurs_on <= self.today or (self.occurs_on.year, self.occurs_on.month) == (
            self.today.year,
            self.today.month,
        )


def year_occurrences(activities, year, today):
    """Every occurrence of ``activities`` in ``year``, by date then activity order, with its completion."""
    activities = list(activities)
    completions = {}
    if activities:
        rows = ActivityCompletion.objects.filter(
            activity_id__in=[activity.pk for activity in activities], occurs_on__year=year
        )
        completions = {(row.activity_id, row.occurs_on): row for row in rows}
    found = []
    for position, activity in enumerate(activities):
        for date in recurrence.occurrences_in_year(activity, year):
            found.append((date, position, Occurrence(activity, date, completions.get((activity.pk, date)), today)))
    found.sort(key=lambda item: item[:2])
    return [occurrence for _date, _position, occurrence in found]


def units_concerning(unit, activities):
    """``activities`` of ``unit``, of the units above it (their activities concern it) and below it."""
    return [
        activity
        for activity in activities
        if unit.path.startswith(activity.unit.path) or activity.unit.path.startswith(unit.path)
    ]


class MarkPermission:
    """Who may mark an occurrence done: superusers, editors of the cycle page, the activity's
    responsible person and the manager of its unit or of any unit above it.

    The view is in the admin, so the user must also be allowed into the admin. Built once per
    request (a few queries), then asked per activity in memory.
    """

    def __init__(self, user, page):
        self.user = user
        self.active = bool(user and user.is_authenticated and user.is_active)
        self.admin = self.active and user.has_perm("wagtailadmin.access_admin")
        self.editor = self.admin and (user.is_superuser or page.permissions_for_user(user).can_edit())
        self._chart = None

    @property
    def chart(self):
        if self._chart is None:
            self._chart = OrgChart()
        return self._chart

    @property
    def anyone(self):
        """Whether the user may mark anything at all here: a cheap first check for the page."""
        return self.admin

    def allows(self, activity):
        if not self.admin:
            return False
        if self.editor or activity.responsible_person_id == self.user.pk:
            return True
        unit = self.chart.units.get(activity.unit_id)
        while unit is not None:
            if unit.manager_id == self.user.pk:
                return True
            unit = self.chart.parent.get(unit.pk)
        return False
