"""Whose records a management system's figures count: its board's, the units above it where they govern it."""

import datetime

from tests.annual_cycle.builders import done, make_activity, make_cycle
from tests.case_builders import make_case
from tests.goals.builders import make_chain, make_goal
from tests.self_assessment.builders import make_manual
from tests.self_assessment.evidence_builders import YEAR, day, moment, requirement
from wagtail_kvalitet.models import CaseCompilation, CaseKind
from wagtail_kvalitet.self_assessment.evidence import compute

AFTER_THE_YEAR = datetime.date(YEAR + 1, 3, 1)


def compilation(start, end, unit=None):
    return CaseCompilation.objects.create(period_start=start, period_end=end, unit=unit, presented_on=day(12, 31))


def test_an_area_counts_its_own_units_and_the_requirements_and_compilations_above_it(tree):
    manual = make_manual(board=tree["elderly"])
    requirement()  # everywhere: applies
    requirement(units=[tree["admin"]])  # the administration above the area: applies
    requirement(units=[tree["nursing_home"]])  # a unit of the area: applies
    requirement(units=[tree["disability"]])  # the sibling area: does not
    make_case(tree["home_care"], received_at=moment(3, 1))  # the area's unit: counted
    make_case(tree["elderly"], received_at=moment(3, 1))  # the area itself: counted
    make_case(tree["admin"], received_at=moment(3, 1))  # above the area: not counted
    make_case(tree["group_home"], received_at=moment(3, 1))  # the sibling area's: not counted
    make_case(tree["group_home"], kind=CaseKind.IDEA, received_at=moment(3, 1))  # not counted
    chain = make_chain(period_label=str(YEAR))
    make_goal(chain, tree["home_care"])  # counted
    make_goal(chain, tree["group_home"])  # not counted
    compilation(day(1, 1), day(3, 31), tree["admin"])  # above the area: covers Q1
    compilation(day(4, 1), day(6, 30), tree["disability"])  # the sibling's: does not cover Q2
    compilation(day(7, 1), day(9, 30), tree["home_care"])  # a unit below: does not cover Q3
    cycle = make_cycle()
    done(make_activity(cycle, tree["nursing_home"], month=3, day=1), day(3, 1))  # counted, on time
    make_activity(cycle, tree["group_home"], month=3, day=1)  # not counted
    make_activity(cycle, tree["admin"], month=3, day=1)  # above the area: not counted

    figures = compute(manual, YEAR, today=AFTER_THE_YEAR)

    assert figures["legal_requirements"].value == 3
    assert figures["complaints_received"].value == 2
    assert figures["ideas_received"].value == 0
    assert figures["goals"].value == 1
    assert (figures["quarters_compiled"].value, figures["quarters_compiled"].total) == (1, 4)
    assert (figures["activities_done_on_time"].value, figures["activities_done_on_time"].total) == (1, 1)


def test_without_a_board_everything_counts_but_only_compilations_for_every_unit(tree):
    manual = make_manual()
    requirement(units=[tree["group_home"]])
    requirement()
    make_case(None, received_at=moment(3, 1))  # no unit: counted when there is no board
    make_case(tree["group_home"], received_at=moment(3, 1))
    make_goal(make_chain(period_label=str(YEAR)), tree["admin"])
    compilation(day(1, 1), day(3, 31))  # every unit: covers Q1
    compilation(day(4, 1), day(6, 30), tree["board"])  # the board's: not the whole organisation's

    figures = compute(manual, YEAR, today=AFTER_THE_YEAR)

    assert figures["legal_requirements"].value == 2
    assert figures["complaints_received"].value == 2
    assert figures["goals"].value == 1
    assert (figures["quarters_compiled"].value, figures["quarters_compiled"].total) == (1, 4)
