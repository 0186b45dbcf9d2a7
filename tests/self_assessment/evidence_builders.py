"""A small management system for the evidence tests, every record placed so its figure can be counted by hand.

The year is 2025; the default *as of* date is its last day. Each record's comment says which
figures it counts in (or why it counts in none), so ``test_evidence`` can state the figures as
numbers worked out by reading this file.
"""

import datetime
import uuid

from django.utils import timezone
from wagtail.models import Page

from tests.annual_cycle.builders import done, make_activity, make_cycle, quarterly_after
from tests.builders import make_routine, publish, risk
from tests.case_builders import make_case
from tests.conftest import make_unit, make_user
from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from tests.reminder_builders import make_requirement
from tests.self_assessment.builders import make_manual
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.models import CaseCompilation, CaseKind, CaseStatus, ProcessPage, QualityArea

YEAR = 2025


def day(month, number, year=YEAR):
    return datetime.date(year, month, number)


def moment(month, number, hour=12, minute=0, year=YEAR):
    """A moment at the site (Stockholm), as cases store them."""
    return timezone.make_aware(datetime.datetime(year, month, number, hour, minute))


def risk_block(probability, consequence, action):
    block = risk(probability, consequence)
    block["value"]["action"] = action
    return {**block, "id": str(uuid.uuid4())}


def make_process(parent, quality_areas=(), **fields):
    """A published process; unlike the shared builder it takes a body of its own and quality areas."""
    fields.setdefault("title", f"Process {uuid.uuid4().hex[:8]}")
    fields.setdefault("purpose", "Att ge rätt stöd.")
    page = ProcessPage(**fields)
    page.quality_areas = list(quality_areas)
    return publish(parent, page)


def first_published(page, on):
    Page.objects.filter(pk=page.pk).update(first_published_at=moment(on.month, on.day, year=on.year))
    return page


def requirement(units=(), reviews=(), **fields):
    """A requirement with review history rows on the dates in ``reviews``."""
    found = make_requirement(**fields)
    if units:
        found.units = list(units)
        found.save()
    for reviewed_on in reviews:
        found.reviews.create(reviewed_on=reviewed_on, outcome="met")
    return found


def build_documents(manual, owner):
    holistic = QualityArea.objects.get(code="holistic-view")
    published = day(2, 1)
    # P1: owner, approved in the year and reviewed on time, collaboration; risks 2×4 = 8 (high, with
    # an action) and 1×1 (low, no action).
    p1 = make_process(
        manual,
        quality_areas=[holistic],
        document_owner=owner,
        approved_on=day(3, 1),
        review_by=day(3, 1, 2026),
        body=[risk_block(2, 4, "Utbilda."), risk_block(1, 1, "")],
    )
    # P2: no owner; approved last year and past its review date; risk 3×3 = 9 (high, blank action).
    p2 = make_process(manual, approved_on=day(5, 1, 2024), review_by=day(5, 1), body=[risk_block(3, 3, "  ")])
    # P3: owner, never approved.
    p3 = make_process(manual, document_owner=owner)
    # R1 (under P1): approved in the year, past its review date, collaboration; risk 4×4 = 16 (high, action).
    r1 = make_routine(
        p1, quality_areas=[holistic], approved_on=day(6, 1), review_by=day(11, 30), body=[risk_block(4, 4, "Följ upp.")]
    )
    # R2: never approved.
    r2 = make_routine(p1)
    # R3 (under P2): approved on the last day of the year.
    r3 = make_routine(p2, approved_on=day(12, 31), review_by=day(12, 31, 2026))
    for page in (p1, p2, p3, r1, r2, r3):
        first_published(page, published)
    # Not counted: first published after the year; a draft; a process of another manual.
    late = make_process(
        manual, quality_areas=[holistic], document_owner=owner, approved_on=day(3, 1), body=[risk_block(4, 4, "Ja.")]
    )
    first_published(late, day(1, 10, 2026))
    draft = make_process(manual, document_owner=owner, approved_on=day(3, 1))
    draft.unpublish()
    first_published(make_process(make_manual(), document_owner=owner, approved_on=day(3, 1)), published)


def build_requirements(tree, other_board):
    # L1: everywhere; reviewed 1 Feb, 12-month interval → within it on 31 Dec; 1 review in the year.
    requirement(reviews=[day(2, 1)], review_interval_months=12)
    # L2: a unit below the board; latest review 30 Nov 2024 + 12 months < 31 Dec → not within it.
    requirement(units=[tree["home_care"]], reviews=[day(6, 1, 2024), day(11, 30, 2024)], review_interval_months=12)
    # L3: another board's only → not counted at all, nor its review.
    requirement(units=[other_board], reviews=[day(3, 1)])
    # L4: a unit below the board and another board's; reviewed 1 Aug, 6 months → within it; the
    # January review comes after the year.
    requirement(units=[tree["elderly"], other_board], reviews=[day(8, 1), day(1, 15, 2026)], review_interval_months=6)
    # L5: everywhere, never reviewed.
    requirement()
    # L6: everywhere, imported with a last-reviewed date and no history → within its interval.
    requirement(last_reviewed=day(10, 1), review_interval_months=12)


def build_cases(tree, other_board):
    closed = {"status": CaseStatus.CLOSED}
    # C1: complaint answered on its deadline day, closed with measures.
    make_case(
        tree["home_care"],
        received_at=moment(3, 1),
        answer_due_on=day(3, 15),
        answered_at=moment(3, 15, 23, 30),
        finished_at=moment(3, 20),
        measures="Ny rutin.",
        **closed,
    )
    # C2: complaint answered half past midnight the day after its deadline (the 15th in UTC, the
    # 16th at the site) → late; closed without measures; lex Sarah.
    make_case(
        tree["nursing_home"],
        received_at=moment(4, 1),
        answer_due_on=day(4, 15),
        answered_at=moment(4, 16, 0, 30),
        finished_at=moment(4, 20),
        lex_sarah=True,
        **closed,
    )
    # C3: complaint whose deadline falls after the year → received, not judged for the deadline.
    make_case(tree["group_home"], received_at=moment(12, 20), answer_due_on=day(1, 10, 2026))
    # C4: complaint at the board itself, closed without an answer date before its deadline → in
    # time; measures blank.
    make_case(
        tree["board"],
        received_at=moment(6, 1),
        answer_due_on=day(6, 15),
        finished_at=moment(6, 10),
        measures="   ",
        **closed,
    )
    # C5: comment received half past midnight on New Year's Day (still 2024 in UTC); lex Maria.
    make_case(tree["admin"], kind=CaseKind.COMMENT, received_at=moment(1, 1, 0, 30), lex_maria=True)
    # C6: praise received on New Year's Eve 2024, closed in the year with measures → only in the
    # cases with measures.
    make_case(
        tree["elderly"],
        kind=CaseKind.PRAISE,
        received_at=moment(12, 31, 23, 30, year=2024),
        finished_at=moment(1, 5),
        measures="Tack.",
        **closed,
    )
    # Not counted: no unit (outside the board); another board's; received after the year.
    make_case(None, kind=CaseKind.SUGGESTION, received_at=moment(5, 1))
    make_case(other_board, received_at=moment(5, 1), lex_sarah=True)
    make_case(tree["home_care"], received_at=moment(1, 2, year=2026))
    # I1: idea received and implemented in the year.
    make_case(
        tree["home_care"],
        kind=CaseKind.IDEA,
        received_at=moment(2, 1),
        status=CaseStatus.DONE,
        finished_at=moment(9, 1),
    )
    # I2: idea received last year, implemented in the year.
    make_case(
        tree["elderly"],
        kind=CaseKind.IDEA,
        received_at=moment(10, 1, year=2024),
        status=CaseStatus.DONE,
        finished_at=moment(3, 1),
    )
    # I3: idea received in the year and not pursued.
    make_case(
        tree["admin"],
        kind=CaseKind.IDEA,
        received_at=moment(5, 1),
        status=CaseStatus.NOT_PURSUED,
        finished_at=moment(6, 1),
    )
    # Not counted: another board's idea.
    make_case(
        other_board, kind=CaseKind.IDEA, received_at=moment(3, 1), status=CaseStatus.DONE, finished_at=moment(4, 1)
    )


def build_compilations(tree, other_board):
    # K1: Q1 for every unit, presented in April.
    CaseCompilation.objects.create(period_start=day(1, 1), period_end=day(3, 31), presented_on=day(4, 20))
    # K2: Q2 and Q3 for the board, presented in October.
    CaseCompilation.objects.create(
        period_start=day(4, 1), period_end=day(9, 30), unit=tree["board"], presented_on=day(10, 15)
    )
    # Not covering Q4: another board's; a unit below the board's; one presented after the year.
    for unit, presented_on in ((other_board, day(12, 31)), (tree["home_care"], day(12, 31)), (None, day(1, 20, 2026))):
        CaseCompilation.objects.create(
            period_start=day(10, 1), period_end=day(12, 31), unit=unit, presented_on=presented_on
        )


def build_goals(tree, other_board):
    board = tree["board"]
    measured = make_indicator(board, frequency=Frequency.QUARTER)
    add_measurement(measured, tree["home_care"], f"{YEAR}-Q2", 80)
    unmeasured = make_indicator(board)
    add_measurement(unmeasured, board, f"{YEAR - 1}", 70)  # last year's figure only
    other = make_indicator(other_board)
    add_measurement(other, other_board, f"{YEAR}", 1)
    chain = make_chain(period_label=str(YEAR))
    # G1: the board's goal, measured by both indicators.
    g1 = make_goal(chain, board)
    link(g1, measured, 90)
    link(g1, unmeasured, 75)
    # G2: a unit's sub-goal, measured by the same indicator as G1 (counted once).
    link(make_goal(g1, tree["home_care"]), measured, 95)
    # Not counted: another board's goal; a draft goal.
    link(make_goal(chain, other_board), other, 2)
    link(make_goal(chain, board, live=False), other, 2)
    # G3: in a chain for several years including this one, without indicators.
    make_goal(make_chain(period_label=f"{YEAR - 1}–{YEAR + 1}"), tree["elderly"])
    # Not counted: a goal in next year's chain.
    link(make_goal(make_chain(period_label=str(YEAR + 1)), board), other, 2)


def build_cycle(tree, other_board):
    cycle = make_cycle()
    # A1: yearly on 1 March, done the day before → 1 occurrence, on time.
    yearly = make_activity(cycle, tree["board"], month=3, day=1)
    done(yearly, day(3, 1), day(2, 28))
    # A2: 15 days after each quarter → 15 Jan (on time), 15 Apr (late), 15 Jul (not done), 15 Oct (early).
    quarterly = quarterly_after(cycle, tree["home_care"])
    done(quarterly, day(1, 15))
    done(quarterly, day(4, 15), day(4, 20))
    done(quarterly, day(10, 15), day(10, 1))
    # Not counted: another board's activity; an activity of an unpublished cycle.
    done(make_activity(cycle, other_board, month=3, day=1), day(3, 1))
    hidden = make_cycle()
    done(make_activity(hidden, tree["board"], month=3, day=1), day(3, 1))
    hidden.unpublish()


def build_system(tree):
    """The board's management system with one of everything; another board's records around it."""
    other_board = make_unit(name="Miljönämnden")
    manual = make_manual(board=tree["board"], approved_on=day(1, 10), review_by=day(1, 10, 2026))
    build_documents(manual, make_user())
    build_requirements(tree, other_board)
    build_cases(tree, other_board)
    build_compilations(tree, other_board)
    build_goals(tree, other_board)
    build_cycle(tree, other_board)
    return manual
