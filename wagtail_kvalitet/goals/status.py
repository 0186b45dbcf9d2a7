"""The goal chain's one status vocabulary: whether an indicator, a goal and a branch of goals are on track.

Every page, export and reminder that shows a goal's status calls these functions, so a goal is never
green in one place and amber in another.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..conf import kvalitet_settings


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_FIGURES = "no_figures", _("No figures yet")

    @property
    def symbol(self):
        """The status's symbol from ``STATUS_SYMBOLS``, for templates."""
        return STATUS_SYMBOLS[self]


#: A symbol for each status, so a page never shows a status by colour alone (WCAG 1.4.1). The
#: public pages cannot use Wagtail's admin icon sprite, so these are plain characters.
STATUS_SYMBOLS = {
    GoalStatus.ON_TRACK: "✓",
    GoalStatus.AT_RISK: "!",
    GoalStatus.OFF_TRACK: "✕",
    GoalStatus.NO_FIGURES: "–",
}

#: How bad a status is, for "the worst of": a status without figures is the least informative,
#: not the best, so callers that roll up drop it before comparing (see ``worst``).
SEVERITY = {
    GoalStatus.NO_FIGURES: 0,
    GoalStatus.ON_TRACK: 1,
    GoalStatus.AT_RISK: 2,
    GoalStatus.OFF_TRACK: 3,
}


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def indicator_status(value, target, higher_is_better, at_risk_percent=None):
    """Where the latest figure stands against the target.

    A figure that misses the target by at most ``at_risk_percent`` (default: the
    ``GOAL_AT_RISK_PERCENT`` setting) of the target's size is at risk; further off, off track. The
    margin is taken from the target's absolute value so that negative targets (e.g. a budget
    deficit of -2 MSEK) get a margin on the worse side too. A target of 0 has a margin of 0: any
    figure worse than 0 is off track, because "10 % of nothing" would hide every miss.
    """
    if value is None:
        return GoalStatus.NO_FIGURES
    if at_risk_percent is None:
        at_risk_percent = kvalitet_settings.GOAL_AT_RISK_PERCENT
    value, target = _decimal(value), _decimal(target)
    margin = abs(target) * _decimal(at_risk_percent) / Decimal(100)
    if higher_is_better:
        shortfall = target - value
    else:
        shortfall = value - target
    if shortfall <= 0:
        return GoalStatus.ON_TRACK
    if shortfall <= margin:
        return GoalStatus.AT_RISK
    return GoalStatus.OFF_TRACK


def worst(statuses):
    """The worst status among those with figures; ``NO_FIGURES`` only when none has figures.

    A missing figure says nothing about progress, so it neither turns a green goal grey nor
    hides a red one.
    """
    measured = [GoalStatus(status) for status in statuses if status != GoalStatus.NO_FIGURES]
    if not measured:
        return GoalStatus.NO_FIGURES
    return max(measured, key=SEVERITY.__getitem__)


def goal_status(indicator_statuses):
    """A goal's own status from its indicators': the worst measured one (a goal is met only when
    all its indicators are); ``NO_FIGURES`` for a goal without indicators or figures."""
    return worst(indicator_statuses)


def rolled_up(own_status, child_statuses):
    """A goal's status with its break-down below it: a goal whose sub-goals are off track is not on
    track, whatever its own indicators say. Children without figures are left out."""
    return worst([own_status, *child_statuses])
