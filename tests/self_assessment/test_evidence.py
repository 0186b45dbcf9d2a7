"""The self-assessment's figures, counted by hand from ``evidence_builders`` and compared with ``compute``."""

import datetime

import pytest

from tests.annual_cycle.builders import done, make_activity, make_cycle
from tests.builders import make_routine
from tests.case_builders import make_case
from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from tests.self_assessment.builders import make_manual
from tests.self_assessment.evidence_builders import (
    YEAR,
    build_system,
    day,
    first_published,
    make_process,
    moment,
    requirement,
    risk_block,
)
from wagtail_kvalitet.models import CaseCompilation, CaseKind, QualityManualPage
from wagtail_kvalitet.self_assessment.evidence import EVIDENCE, Figure, compute

#: The board's path; processes; routines; requirements; cases; compilations; chains; goals; goals'
#: indicators; activities; their completions.
QUERIES = 11

#: After the year: the figures are as of 31 December.
AFTER_THE_YEAR = datetime.date(YEAR + 1, 3, 1)


def values(figures):
    """``{key: (value, total)}``, for comparing with numbers written by hand."""
    return {key: (figure.value, figure.total) for key, figure in figures.items()}


@pytest.fixture
def manual(tree):
    return build_system(tree)


def test_every_figure_is_counted_as_by_hand(manual):
    figures = compute(manual, YEAR, today=AFTER_THE_YEAR)
    assert list(figures) == list(EVIDENCE)
    assert all(isinstance(figure, Figure) and figure.key == key for key, figure in figures.items())
    assert values(figures) == {
        # Approved 10 Jan, review by 10 Jan next year.
        "manual_current": (1, 1),
        # P1, P2, P3 (not the late one, the draft, another manual's).
        "processes": (3, None),
        "processes_with_owner": (2, 3),  # P1, P3
        "processes_approved": (2, 3),  # P1, P2
        "processes_reviewed_on_time": (1, 3),  # P1 (P2 is past its review date)
        "routines": (3, None),  # R1, R2, R3
        "routines_approved": (2, 3),  # R1, R3 (approved on the last day)
        "routines_past_review": (1, 3),  # R1
        "collaboration_documents": (2, 6),  # P1, R1
        "risks": (4, None),  # two in P1, one in P2, one in R1
        "risks_with_action": (2, 4),  # P1's first, R1's (P2's is blank)
        "risks_high": (3, 4),  # 8, 9 and 16
        "legal_requirements": (5, None),  # L1, L2, L4, L5, L6
        "legal_reviewed_in_interval": (3, 5),  # L1, L4, L6
        "legal_reviews": (2, None),  # L1's 1 Feb, L4's 1 Aug
        "feedback_received": (5, None),  # C1–C5
        "complaints_received": (4, None),  # C1–C4
        "complaints_answered_in_time": (2, 3),  # C1, C4 of C1, C2, C4
        "quarters_compiled": (3, 4),  # Q1 (K1), Q2 and Q3 (K2)
        "lex_reports": (2, None),  # C2, C5
        "cases_with_measures": (2, 4),  # C1, C6 of C1, C2, C4, C6
        "ideas_received": (2, None),  # I1, I3
        "ideas_implemented": (2, None),  # I1, I2
        "goals": (3, None),  # G1, G2, G3
        "goals_with_indicators": (2, 3),  # G1, G2
        "indicators_with_figures": (1, 2),  # the quarterly one of the two
        "activities_done_on_time": (3, 5),  # A1 1 Mar; A2 15 Jan and 15 Oct
        "documents_revised": (3, None),  # P1, R1, R3
    }


def test_the_current_year_counts_up_to_today(manual):
    figures = values(compute(manual, YEAR, today=day(6, 15)))
    assert figures == {
        "manual_current": (1, 1),
        "processes": (3, None),
        "processes_with_owner": (2, 3),
        "processes_approved": (2, 3),
        "processes_reviewed_on_time": (1, 3),
        "routines": (3, None),
        "routines_approved": (1, 3),  # R3 is approved only on 31 Dec
        "routines_past_review": (0, 3),  # R1's review date, 30 Nov, has not come
        "collaboration_documents": (2, 6),
        "risks": (4, None),
        "risks_with_action": (2, 4),
        "risks_high": (3, 4),
        "legal_requirements": (5, None),
        # L1; L2 (30 Nov 2024 + 12 months is still ahead); L4 and L6 are reviewed only later.
        "legal_reviewed_in_interval": (2, 5),
        "legal_reviews": (1, None),  # L1's
        "feedback_received": (4, None),  # not C3, received in December
        "complaints_received": (3, None),
        "complaints_answered_in_time": (2, 3),  # C4's deadline, 15 June, is today
        "quarters_compiled": (1, 1),  # only Q1 has ended
        "lex_reports": (2, None),
        "cases_with_measures": (2, 4),
        "ideas_received": (2, None),
        "ideas_implemented": (1, None),  # I2; I1 is done in September
        "goals": (3, None),
        "goals_with_indicators": (2, 3),
        "indicators_with_figures": (1, 2),
        "activities_done_on_time": (2, 3),  # A1; A2's 15 Jan (15 Apr was late)
        "documents_revised": (2, None),  # P1, R1
    }


def test_a_year_with_nothing_in_it_counts_zero(manual):
    figures = values(compute(manual, YEAR - 3, today=AFTER_THE_YEAR))
    # The manual was approved only later; every quarter and occurrence of that year had ended.
    assert figures["manual_current"] == (0, 1)
    assert figures["quarters_compiled"] == (0, 4)
    assert figures["activities_done_on_time"] == (0, 5)
    # Pages and requirements are read as they stand now (see the source modules): those published
    # later are not counted, and no requirement had been reviewed.
    assert figures["processes"] == (0, None) and figures["routines"] == (0, None)
    assert figures["legal_reviewed_in_interval"] == (0, 5)
    others = set(EVIDENCE) - {
        "manual_current",
        "quarters_compiled",
        "activities_done_on_time",
        "legal_requirements",
        "legal_reviewed_in_interval",
    }
    assert all(figures[key][0] == 0 for key in others)


def test_an_empty_system_counts_zero(db):
    figures = values(compute(make_manual(), YEAR, today=AFTER_THE_YEAR))
    assert figures["manual_current"] == (0, 1)
    assert figures["quarters_compiled"] == (0, 4)
    assert all(
        value == 0 and total in (None, 0)
        for key, (value, total) in figures.items()
        if key not in ("manual_current", "quarters_compiled")
    )


def test_a_year_not_yet_begun_counts_nothing(manual):
    figures = values(compute(manual, YEAR + 1, today=day(12, 1)))
    assert figures["quarters_compiled"] == (0, 0)
    assert figures["activities_done_on_time"] == (0, 0)
    assert figures["feedback_received"] == (0, None)


def add_more_of_everything(tree, count):
    """``count`` more of every kind of record the figures read, all inside the board's system."""
    manual = QualityManualPage.objects.get(board=tree["board"])
    cycle = make_cycle()
    chain = make_chain(period_label=str(YEAR))
    for number in range(count):
        process = make_process(manual, body=[risk_block(3, 3, "Åtgärd.")])
        first_published(process, day(2, 1))
        first_published(make_routine(process, approved_on=day(5, 1)), day(2, 1))
        requirement(units=[tree["home_care"]], reviews=[day(2, 1), day(3, 1)])
        make_case(tree["home_care"], received_at=moment(2, 1), finished_at=moment(2, 10), measures="Ja.")
        make_case(tree["elderly"], kind=CaseKind.IDEA, received_at=moment(3, 1))
        indicator = make_indicator(tree["board"])
        add_measurement(indicator, tree["board"], str(YEAR), number)
        link(make_goal(chain, tree["board"]), indicator, 1)
        done(make_activity(cycle, tree["home_care"], month=2, day=1), day(2, 1))
        CaseCompilation.objects.create(period_start=day(1, 1), period_end=day(12, 31), presented_on=day(12, 31))


def test_the_number_of_queries_does_not_grow_with_the_records(manual, tree, django_assert_num_queries):
    def figures():
        fresh = QualityManualPage.objects.get(pk=manual.pk)  # the board not loaded: its path is one query
        with django_assert_num_queries(QUERIES):
            return compute(fresh, YEAR, today=AFTER_THE_YEAR)

    before = figures()
    add_more_of_everything(tree, 5)
    after = figures()
    assert after["processes"].value == before["processes"].value + 5
    assert after["feedback_received"].value == before["feedback_received"].value + 5
    assert after["goals"].value == before["goals"].value + 5
    assert after["activities_done_on_time"].total == before["activities_done_on_time"].total + 5


def test_a_loaded_board_costs_no_query(manual, django_assert_num_queries):
    loaded = QualityManualPage.objects.select_related("board").get(pk=manual.pk)
    with django_assert_num_queries(QUERIES - 1):
        compute(loaded, YEAR, today=AFTER_THE_YEAR)
