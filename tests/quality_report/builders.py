"""A hand-built management system for one year's quality report: the figures it holds are known exactly.

Board SN (with the test tree's units) has a manual with a process and two routines carrying five
risks, cases in 2025 and 2024, three legal requirements, a goal chain for 2025, and
self-assessments for 2025 and 2024. Units of another board hold a case, a requirement and a goal
that must not be counted.
"""

import datetime
import uuid

from django.utils import timezone

from tests.builders import publish, risk
from tests.case_builders import make_case
from tests.conftest import make_tree, make_unit
from tests.exports.builders import make_requirement, make_review
from tests.goals.builders import make_chain, make_goal
from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.models import (
    CaseKind,
    CaseStatus,
    ComplianceStatus,
    Judgement,
    PartAssessment,
    ProcessPage,
    RegulationPart,
    RoutinePage,
    UnitKind,
)

YEAR = 2025
TODAY = datetime.date(2026, 2, 1)


def received(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def risks(*pairs):
    return [
        {**risk(probability, consequence, title=f"Risk {probability}×{consequence}"), "id": str(uuid.uuid4())}
        for probability, consequence in pairs
    ]


def make_process_with_risks(manual, pairs, **fields):
    fields.setdefault("title", f"Process {uuid.uuid4().hex[:6]}")
    fields.setdefault("purpose", "Att ge rätt stöd.")
    return publish(manual, ProcessPage(body=risks(*pairs), **fields))


def make_routine_with_risks(process, pairs, **fields):
    fields.setdefault("title", f"Rutin {uuid.uuid4().hex[:6]}")
    fields.setdefault("summary", "Så gör vi.")
    fields.setdefault("responsible", "Enhetschef")
    return publish(process, RoutinePage(body=risks(*pairs), **fields))


def add_cases(units, year=YEAR):
    """Two complaints in Q1 (one lex Sarah, one with measures), praise in Q3, an implemented idea in Q4."""
    make_case(units["home_care"], received_at=received(year, 2), lex_sarah=True)
    make_case(units["nursing_home"], received_at=received(year, 3), measures="Rutinen ändrades.")
    make_case(units["group_home"], kind=CaseKind.PRAISE, received_at=received(year, 8))
    make_case(units["home_care"], kind=CaseKind.IDEA, status=CaseStatus.DONE, received_at=received(year, 11))


def add_content(system):
    """One more process with two routines, the year's cases, three requirements and a board goal."""
    units, manual = system["units"], system["manual"]
    process = make_process_with_risks(manual, [(4, 4), (3, 3), (2, 2), (1, 1)], approved_on=datetime.date(YEAR, 3, 1))
    system["routines"].append(make_routine_with_risks(process, [(2, 4)], approved_on=datetime.date(YEAR, 6, 1)))
    system["routines"].append(make_routine_with_risks(process, [], approved_on=datetime.date(YEAR - 1, 6, 1)))
    system["processes"].append(process)
    add_cases(units)
    make_case(units["home_care"], received_at=received(YEAR - 1, 5))
    make_case(system["other_unit"], received_at=received(YEAR, 2))
    make_requirement(status=ComplianceStatus.MET, next_review_due=datetime.date(YEAR + 1, 6, 1))
    requirement = make_requirement(
        units=[units["home_care"]], status=ComplianceStatus.NOT_MET, next_review_due=datetime.date(YEAR, 1, 1)
    )
    make_review(requirement, reviewed_on=datetime.date(YEAR, 1, 1))
    make_requirement(units=[system["other_unit"]], status=ComplianceStatus.NOT_MET)
    system["goals"].append(make_goal(system["chain"], units["board"]))
    return system


def build_system():
    """The fixture described above, with one round of ``add_content``."""
    units = make_tree()
    other_board = make_unit(name="Kulturnämnden", code="KN", kind=UnitKind.BOARD)
    other_unit = make_unit(other_board, name="Biblioteket", code="KN-BIB")
    manual = make_manual(board=units["board"])
    chain = make_chain(period_label=str(YEAR))
    make_goal(chain, other_board)
    parts = list(RegulationPart.objects.order_by("sort_order", "pk"))
    assessment = make_assessment(manual, YEAR, judgements={parts[0].key: Judgement.MET})
    PartAssessment.objects.filter(assessment=assessment, part=parts[0]).update(
        comment="Processerna är kartlagda.", planned_actions="Utbilda processägare."
    )
    last_year = make_assessment(manual, YEAR - 1)
    PartAssessment.objects.filter(assessment=last_year, part=parts[1]).update(planned_actions="Inför riskanalyser.")
    system = {
        "units": units,
        "other_unit": other_unit,
        "manual": manual,
        "chain": chain,
        "processes": [],
        "routines": [],
        "goals": [],
        "assessment": assessment,
        "parts": parts,
    }
    return add_content(system)
