"""The demo's goal chain: public, broken down to at least six units, with every status to show."""

import datetime

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.demo.goals import figure_periods
from wagtail_kvalitet.goals.chain import chain_tree
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.goals.status import GoalStatus
from wagtail_kvalitet.models import GoalChainPage, GoalIndicator, GoalLevel, GoalPage, Indicator, Measurement

pytestmark = pytest.mark.django_db


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def counts():
    return (GoalPage.objects.count(), Indicator.objects.count(), Measurement.objects.count(),
            GoalIndicator.objects.count(), GoalChainPage.objects.count())


def test_the_demo_chain_is_public_broken_down_to_units_and_shows_every_status(site_root):
    summary = build_demo()
    chain = GoalChainPage.objects.get()
    assert chain.live and chain.get_parent().pk == summary["public"].pk
    assert not PageViewRestriction.objects.filter(page__in=chain.get_ancestors(inclusive=True)).exists()
    assert "(exempel)" in chain.title and chain.vision and len(chain.council_goals) >= 2
    assert summary["goals_created"] == GoalPage.objects.count()
    assert all(page.live and page.has_unpublished_changes is False for page in GoalPage.objects.all())
    assert GoalPage.objects.filter(level=GoalLevel.BOARD).count() >= 3
    board_areas = GoalPage.quality_areas.through.objects.filter(goalpage__level=GoalLevel.BOARD)
    assert board_areas.values("qualityarea").distinct().count() >= 3
    unit_goal_units = set(GoalPage.objects.filter(level=GoalLevel.UNIT).values_list("unit", flat=True))
    assert len(unit_goal_units) >= 6
    assert 10 <= Indicator.objects.count() <= 15
    frequencies = set(Indicator.objects.values_list("frequency", flat=True))
    assert {Frequency.QUARTER, Frequency.YEAR} <= frequencies
    assert {True, False} == set(Indicator.objects.values_list("higher_is_better", flat=True))
    assert not Indicator.objects.filter(owner=None).exists()

    # One board goal of each status, so the demo shows every badge.
    tree = chain_tree(chain)
    assert {node.status for node in tree} == set(GoalStatus)
    assert {node.status for node in walk(tree)} == set(GoalStatus)

    client = Client()
    assert client.get(chain.url).status_code == 200
    goal = GoalPage.objects.filter(level=GoalLevel.UNIT).first()
    response = client.get(goal.url)
    assert response.status_code == 200
    assert response.context["indicator_figures"]


def test_figures_end_with_the_last_period_that_has_ended():
    periods = figure_periods(Frequency.QUARTER, datetime.date(2026, 11, 23))
    assert periods[0] == Period(2025, Frequency.QUARTER, 1) and periods[-1] == Period(2026, Frequency.QUARTER, 3)
    assert figure_periods(Frequency.YEAR, datetime.date(2026, 11, 23)) == [
        Period(2024, Frequency.YEAR), Period(2025, Frequency.YEAR)
    ]
    assert figure_periods(Frequency.YEAR, datetime.date(2031, 1, 5))[-1] == Period(2026, Frequency.YEAR)


def test_building_twice_adds_nothing(site_root):
    build_demo()
    first = counts()
    summary = build_demo()
    assert summary["goals_created"] == 0
    assert counts() == first
