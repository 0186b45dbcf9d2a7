"""Goal status rules: an indicator against its target, a goal's worst indicator, a branch's roll-up."""

from decimal import Decimal

import pytest
from django.test import override_settings

from wagtail_kvalitet.goals.status import (
    SEVERITY,
    STATUS_SYMBOLS,
    GoalStatus,
    goal_status,
    indicator_status,
    rolled_up,
)

ON, RISK, OFF, NONE = GoalStatus.ON_TRACK, GoalStatus.AT_RISK, GoalStatus.OFF_TRACK, GoalStatus.NO_FIGURES


@pytest.mark.parametrize(
    ("value", "target", "higher_is_better", "expected"),
    [
        # Exactly on target, both directions.
        ("90", "90", True, ON),
        ("90", "90", False, ON),
        # Higher is better: 10 % of 90 is 9, so 81 is the edge of at risk.
        ("95", "90", True, ON),
        ("89.9999", "90", True, RISK),
        ("81", "90", True, RISK),
        ("80.9999", "90", True, OFF),
        # Lower is better, mirrored: 20 days + 2.
        ("15", "20", False, ON),
        ("20.0001", "20", False, RISK),
        ("22", "20", False, RISK),
        ("22.0001", "20", False, OFF),
        # Negative target (a deficit of at most -2): the margin is 10 % of |-2| = 0.2.
        ("-1", "-2", True, ON),
        ("-2.2", "-2", True, RISK),
        ("-2.2001", "-2", True, OFF),
        ("-1.8", "-2", False, RISK),
        ("-1.7999", "-2", False, OFF),
        # A target of 0 has no margin: anything worse is off track.
        ("0", "0", True, ON),
        ("0.5", "0", True, ON),
        ("-0.0001", "0", True, OFF),
        ("0.0001", "0", False, OFF),
        ("-3", "0", False, ON),
    ],
)
def test_indicator_status(value, target, higher_is_better, expected):
    assert indicator_status(Decimal(value), Decimal(target), higher_is_better, at_risk_percent=10) == expected


def test_missing_figure_has_no_figures():
    assert indicator_status(None, Decimal("90"), True) == NONE
    assert indicator_status(None, Decimal("90"), False, at_risk_percent=5) == NONE


def test_accepts_plain_numbers():
    assert indicator_status(85, 90, True, at_risk_percent=10) == RISK
    assert indicator_status(85.4, 90, True, at_risk_percent=5) == OFF


def test_margin_defaults_to_setting():
    with override_settings(KVALITET_GOAL_AT_RISK_PERCENT=20):
        assert indicator_status(Decimal("75"), Decimal("90"), True) == RISK
    with override_settings(KVALITET_GOAL_AT_RISK_PERCENT=5):
        assert indicator_status(Decimal("75"), Decimal("90"), True) == OFF


def test_zero_margin_makes_every_miss_off_track():
    assert indicator_status(Decimal("89.99"), Decimal("90"), True, at_risk_percent=0) == OFF


def test_goal_status_is_worst_measured_indicator():
    assert goal_status([ON, RISK, ON]) == RISK
    assert goal_status([ON, OFF, RISK]) == OFF
    assert goal_status([ON, ON]) == ON


def test_goal_status_ignores_indicators_without_figures():
    assert goal_status([NONE, ON]) == ON
    assert goal_status([RISK, NONE]) == RISK


def test_goal_without_figures_or_indicators():
    assert goal_status([NONE, NONE]) == NONE
    assert goal_status([]) == NONE


def test_goal_status_accepts_stored_strings():
    assert goal_status(["on_track", "off_track"]) == OFF


def test_red_child_makes_green_parent_red():
    assert rolled_up(ON, [ON, OFF]) == OFF
    assert rolled_up(ON, [RISK]) == RISK


def test_roll_up_keeps_parents_worse_status():
    assert rolled_up(OFF, [ON, ON]) == OFF


def test_roll_up_ignores_children_without_figures():
    assert rolled_up(ON, [NONE, NONE]) == ON
    assert rolled_up(NONE, [NONE, RISK]) == RISK
    assert rolled_up(NONE, [NONE]) == NONE
    assert rolled_up(NONE, []) == NONE


def test_every_status_has_a_symbol_and_a_severity():
    assert set(STATUS_SYMBOLS) == set(GoalStatus) == set(SEVERITY)
    assert len(set(STATUS_SYMBOLS.values())) == len(GoalStatus)
    assert SEVERITY[OFF] > SEVERITY[RISK] > SEVERITY[ON] > SEVERITY[NONE]
