"""Small builders for goal-chain tests: indicators, figures, a chain page and goals linked to indicators."""

import itertools
from decimal import Decimal

from tests.builders import publish, site_root
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.models import GoalChainPage, GoalIndicator, GoalLevel, GoalPage, Indicator, Measurement

_numbers = itertools.count(1)


def _decimal(value):
    return None if value is None else Decimal(str(value))


def make_indicator(unit, **fields):
    number = next(_numbers)
    fields.setdefault("code", f"nyckeltal-{number}")
    fields.setdefault("name", f"Nyckeltal {number}")
    fields.setdefault("frequency", Frequency.YEAR)
    return Indicator.objects.create(unit=unit, **fields)


def add_measurement(indicator, unit, period, value, **fields):
    """A saved figure; ``period`` is a key such as ``2026`` or ``2026-Q3`` (the indicator's frequency)."""
    for name in ("value_women", "value_men"):
        if name in fields:
            fields[name] = _decimal(fields[name])
    return Measurement.objects.create(indicator=indicator, unit=unit, period=period, value=_decimal(value), **fields)


def make_chain(parent=None, **fields):
    number = next(_numbers)
    fields.setdefault("title", f"Målkedja {number}")
    fields.setdefault("period_label", "2026")
    return publish(parent or site_root(), GoalChainPage(**fields))


def _level_below(parent):
    if isinstance(parent, GoalPage):
        return GoalLevel.ADMINISTRATION if parent.level == GoalLevel.BOARD else GoalLevel.UNIT
    return GoalLevel.BOARD


def make_goal(parent, unit, quality_areas=(), live=True, **fields):
    """A goal page under a chain or another goal; ``live=False`` leaves it an unpublished draft."""
    fields.setdefault("title", f"Mål {next(_numbers)}")
    fields.setdefault("level", _level_below(parent))
    page = GoalPage(unit=unit, **fields)
    page.quality_areas = list(quality_areas)
    if live:
        return publish(parent, page)
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    page.refresh_from_db()
    return page


def link(goal, indicator, target, **fields):
    """Measure ``goal`` by ``indicator`` with ``target``, written straight to the live goal's rows."""
    return GoalIndicator.objects.create(goal=goal, indicator=indicator, target=_decimal(target), **fields)
