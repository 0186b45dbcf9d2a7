"""Figures about the goal chain: the board's goals for the year, their indicators, and figures entered.

A goal counts when it is live, its unit is at or below the board (every goal without a board), and
the goal chain above it governs the year. A chain's period is free text (``2026``, ``2025–2027``):
the four-digit years in it give the first and last year it governs, and a chain with no year in its
period governs every year. An indicator *has figures for the year* when any unit has a measurement
for a period ending in the year. Three queries: the chains, the goals and the goals' indicators.
"""

import datetime
import re

from django.db.models import Exists, OuterRef

from ...models.goals import GoalChainPage, GoalIndicator, GoalPage
from ...models.indicators import Measurement

YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def governs(period_label, year):
    """Whether a chain whose period reads ``period_label`` governs ``year``."""
    years = [int(found) for found in YEAR.findall(period_label or "")]
    return not years or min(years) <= year <= max(years)


def figures(scope):
    chains = {
        path: governs(label, scope.year)
        for path, label in GoalChainPage.objects.order_by().values_list("path", "period_label")
    }
    goals = [
        pk
        for pk, path in GoalPage.objects.live().filter(scope.in_board("unit")).order_by().values_list("pk", "path")
        if _in_chain_for_year(path, chains)
    ]
    counted = set(goals)
    measured = Measurement.objects.filter(
        indicator=OuterRef("indicator_id"),
        period_end__gte=datetime.date(scope.year, 1, 1),
        period_end__lte=datetime.date(scope.year, 12, 31),
    )
    links = [
        link
        for link in GoalIndicator.objects.filter(goal__live=True)
        .filter(scope.in_board("goal__unit"))
        .order_by()
        .values("goal_id", "indicator_id", has_figures=Exists(measured))
        if link["goal_id"] in counted
    ]
    indicators = {link["indicator_id"]: link["has_figures"] for link in links}
    return {
        "goals": (len(goals), None),
        "goals_with_indicators": (len({link["goal_id"] for link in links}), len(goals)),
        "indicators_with_figures": (sum(indicators.values()), len(indicators)),
    }


def _in_chain_for_year(path, chains):
    """Whether the nearest chain above the goal at ``path`` governs the year (a goal with none counts)."""
    step = GoalPage.steplen
    for end in range(len(path) - step, 0, -step):
        if path[:end] in chains:
            return chains[path[:end]]
    return True
