"""The goal chain's data layer: the live tree with figures and rolled-up statuses, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.conftest import make_user
from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from wagtail_kvalitet.goals.chain import chain_tree, goal_series, tree_rows
from wagtail_kvalitet.goals.status import GoalStatus
from wagtail_kvalitet.models import GoalPage, QualityArea

pytestmark = pytest.mark.django_db


def titles(nodes):
    return [(node.page.title, titles(node.children)) for node in nodes]


def build_chain(tree, goals, indicators, figures):
    """A chain of ``goals`` goals in three levels, each measured by up to ``indicators`` indicators."""
    chain = make_chain()
    made = [make_indicator(tree["home_care"]) for _ in range(indicators)]
    for number, indicator in enumerate(made):
        for year in range(figures // indicators):
            add_measurement(indicator, tree["home_care"], str(2000 + year), 50 + number)
    board = make_goal(chain, tree["board"])
    made_goals = [board]
    for number in range(goals - 1):
        made_goals.append(make_goal(made_goals[number % min(3, len(made_goals))], tree["home_care"]))
    for number, goal in enumerate(made_goals):
        link(goal, made[number % indicators], 50)
        link(goal, made[(number + 1) % indicators], 60)
    return chain


def count_queries(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as context:
        function(*args, **kwargs)
    return len(context.captured_queries)


def test_chain_tree_query_count_is_constant(tree):
    small = build_chain(tree, goals=3, indicators=2, figures=4)
    large = build_chain(tree, goals=30, indicators=10, figures=40)
    [root] = chain_tree(large)
    assert len(root.children) > 1 and root.children[0].children[0].children
    assert all(len(result.indicators) == 2 for result in root.children)
    assert count_queries(chain_tree, small) == count_queries(chain_tree, large)
    assert count_queries(chain_tree, small, details=False) == count_queries(chain_tree, large, details=False)
    area = QualityArea.objects.first()
    assert count_queries(chain_tree, small, unit=tree["admin"], quality_area=area) == count_queries(
        chain_tree, large, unit=tree["admin"], quality_area=area
    )


def test_goal_series_query_count_is_constant(tree):
    chain = make_chain()
    small = make_goal(chain, tree["home_care"])
    large = make_goal(chain, tree["home_care"])
    for goal, indicators, years in ((small, 2, 2), (large, 10, 4)):
        for _ in range(indicators):
            indicator = make_indicator(tree["home_care"])
            link(goal, indicator, 1)
            for year in range(years):
                add_measurement(indicator, tree["home_care"], str(2020 + year), year)
    assert len(goal_series(large)) == 10
    assert count_queries(goal_series, small) == count_queries(goal_series, large) == 2


def test_statuses_roll_up_through_three_levels(tree):
    chain = make_chain()
    board = make_goal(chain, tree["board"], title="Nämndmål")
    admin = make_goal(board, tree["admin"], title="Förvaltningsmål")
    unit = make_goal(admin, tree["home_care"], title="Enhetsmål")
    green, red = make_indicator(tree["board"]), make_indicator(tree["home_care"])
    add_measurement(green, tree["board"], "2026", 95)
    add_measurement(red, tree["home_care"], "2026", 10)
    link(board, green, 90)
    link(unit, red, 90)

    [board_node] = chain_tree(chain)
    admin_node = board_node.children[0]
    unit_node = admin_node.children[0]
    assert (unit_node.own_status, unit_node.status) == (GoalStatus.OFF_TRACK, GoalStatus.OFF_TRACK)
    assert (admin_node.own_status, admin_node.status) == (GoalStatus.NO_FIGURES, GoalStatus.OFF_TRACK)
    assert (board_node.own_status, board_node.status) == (GoalStatus.ON_TRACK, GoalStatus.OFF_TRACK)
    assert [node.depth for node in (board_node, admin_node, unit_node)] == [0, 1, 2]


def test_latest_figure_is_the_goals_units_latest(tree):
    chain = make_chain()
    goal = make_goal(chain, tree["home_care"])
    indicator = make_indicator(tree["home_care"])
    link(goal, indicator, 80)
    add_measurement(indicator, tree["home_care"], "2024", 10)
    add_measurement(indicator, tree["home_care"], "2025", 85)
    add_measurement(indicator, tree["nursing_home"], "2026", 1)

    [result] = chain_tree(chain)[0].indicators
    assert (result.latest.period, result.status, result.from_owning_unit) == ("2025", GoalStatus.ON_TRACK, False)
    [series] = goal_series(goal)
    assert [m.period for m in series.measurements] == ["2024", "2025"]
    assert series.latest.period == "2025" and series.status == GoalStatus.ON_TRACK


def test_falls_back_to_the_indicators_owning_unit(tree):
    chain = make_chain()
    goal = make_goal(chain, tree["admin"])
    indicator = make_indicator(tree["home_care"], higher_is_better=False)
    link(goal, indicator, 5)
    add_measurement(indicator, tree["home_care"], "2025", 4)
    add_measurement(indicator, tree["nursing_home"], "2026", 99)

    [result] = chain_tree(chain)[0].indicators
    assert result.latest.unit == tree["home_care"] and result.from_owning_unit
    assert result.status == GoalStatus.ON_TRACK
    [series] = goal_series(goal)
    assert series.from_owning_unit and [m.value for m in series.measurements] == [4]

    add_measurement(indicator, tree["admin"], "2024", 9)
    [result] = chain_tree(chain)[0].indicators
    assert result.latest.unit == tree["admin"] and not result.from_owning_unit
    assert result.status == GoalStatus.OFF_TRACK


def test_indicator_without_figures(tree):
    chain = make_chain()
    goal = make_goal(chain, tree["admin"])
    link(goal, make_indicator(tree["home_care"]), 5)
    [node] = chain_tree(chain)
    assert node.indicators[0].latest is None
    assert node.own_status == node.status == GoalStatus.NO_FIGURES
    assert goal_series(goal)[0].measurements == []


def test_unpublished_goals_are_left_out_with_their_branch(tree):
    chain = make_chain()
    board = make_goal(chain, tree["board"], title="Publicerat")
    draft = make_goal(board, tree["admin"], title="Utkast", live=False)
    make_goal(draft, tree["home_care"], title="Under utkast")
    make_goal(chain, tree["board"], title="Utkast i roten", live=False)
    assert titles(chain_tree(chain)) == [("Publicerat", [])]


def test_other_chains_goals_are_left_out(tree):
    chain = make_chain()
    make_goal(chain, tree["board"], title="Vårt")
    make_goal(make_chain(), tree["board"], title="Annat")
    assert titles(chain_tree(chain)) == [("Vårt", [])]


def test_unit_filter_keeps_units_below_and_goals_above(tree):
    chain = make_chain()
    board = make_goal(chain, tree["board"], title="Nämnd")
    admin = make_goal(board, tree["admin"], title="Förvaltning")
    make_goal(admin, tree["home_care"], title="Hemtjänst")
    make_goal(admin, tree["group_home"], title="Linden")
    make_goal(chain, tree["board"], title="Annat nämndmål")

    assert titles(chain_tree(chain, unit=tree["elderly"])) == [("Nämnd", [("Förvaltning", [("Hemtjänst", [])])])]
    assert titles(chain_tree(chain, unit=tree["disability"])) == [("Nämnd", [("Förvaltning", [("Linden", [])])])]
    assert len(titles(chain_tree(chain, unit=tree["board"]))) == 2


def test_filtered_tree_keeps_whole_trees_status(tree):
    chain = make_chain()
    board = make_goal(chain, tree["board"])
    red_goal = make_goal(board, tree["group_home"])
    make_goal(board, tree["home_care"])
    indicator = make_indicator(tree["group_home"])
    add_measurement(indicator, tree["group_home"], "2026", 0)
    link(red_goal, indicator, 50)

    [board_node] = chain_tree(chain, unit=tree["home_care"])
    assert len(board_node.children) == 1 and board_node.children[0].status == GoalStatus.NO_FIGURES
    assert board_node.status == GoalStatus.OFF_TRACK


def test_quality_area_filter(tree):
    safety, participation = QualityArea.objects.all()[:2]
    chain = make_chain()
    board = make_goal(chain, tree["board"], title="Nämnd")
    make_goal(board, tree["home_care"], title="Säker", quality_areas=[safety])
    make_goal(board, tree["home_care"], title="Delaktig", quality_areas=[participation])
    make_goal(chain, tree["board"], title="Nämnd säker", quality_areas=[safety])

    assert titles(chain_tree(chain, quality_area=safety)) == [("Nämnd", [("Säker", [])]), ("Nämnd säker", [])]
    assert titles(chain_tree(chain, quality_area=participation, unit=tree["disability"])) == []
    node = chain_tree(chain, quality_area=participation)[0].children[0]
    assert node.quality_areas == [participation]


def test_restricted_goals_need_a_user_who_passes(tree):
    from django.contrib.auth.models import Group

    chain = make_chain()
    make_goal(chain, tree["board"], title="Öppet")
    login_only = make_goal(chain, tree["board"], title="Inloggade")
    staff_only = make_goal(chain, tree["board"], title="Grupp")
    group = Group.objects.create(name="Kvalitetsråd")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    restriction = PageViewRestriction.objects.create(page=staff_only, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    member, outsider = make_user(), make_user()
    member.groups.add(group)

    def shown(user):
        return [title for title, _ in titles(chain_tree(chain, user=user))]

    assert shown(None) == ["Öppet"]
    assert shown(outsider) == ["Öppet", "Inloggade"]
    assert shown(member) == ["Öppet", "Inloggade", "Grupp"]


def test_summary_tree_agrees_with_the_detailed_one(tree):
    chain = build_chain(tree, goals=9, indicators=3, figures=9)
    add_measurement(make_indicator(tree["home_care"]), tree["home_care"], "2001", 1)

    def flat(nodes):
        return [(n.page.pk, n.page.title, n.level_label, n.unit.name, n.own_status, n.status, n.indicator_statuses,
                 [a.pk for a in n.quality_areas], flat(n.children)) for n in nodes]

    detailed, summary = chain_tree(chain), chain_tree(chain, details=False)
    assert flat(summary) == flat(detailed)
    assert all(node.indicators == [] for node in summary)
    assert count_queries(chain_tree, chain, details=False) < count_queries(chain_tree, chain)


def test_tree_rows_nest_and_link_every_goal_as_wagtail_would(tree, rf):
    chain = make_chain(title="Målkedja Åre")
    board = make_goal(chain, tree["board"], title="Nöjda brukare")
    admin = make_goal(board, tree["admin"], title="Kortare väntan")
    first = make_goal(admin, tree["home_care"], title="Kontinuitet")
    make_goal(first, tree["home_care"], title="Färre personal")
    make_goal(admin, tree["home_care"], title="Delaktighet")
    make_goal(chain, tree["board"], title="Trygghet")

    rows = tree_rows(chain_tree(chain, details=False), chain, rf.get("/"))
    pages = {page.pk: page for page in GoalPage.objects.all()}
    assert [row.node.url for row in rows] == [pages[row.node.page.pk].url for row in rows]
    assert [row.heading_level for row in rows] == [3, 4, 5, 6, 5, 3]
    # Opened lists: one per goal with sub-goals; closed: every one, when its last goal ends.
    assert sum(row.has_children for row in rows) == sum(len(row.closes) for row in rows) == 3
    assert [len(row.closes) for row in rows] == [0, 0, 0, 1, 2, 0]
