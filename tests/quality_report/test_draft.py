"""The quality report draft: the right figures in the right cells, an unpublished page with a revision, and
a fixed number of queries however large the organisation.

Cells are compared with the values the draft must carry (counts as text, judgement labels as the
model gives them), never with translated text written out here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry

from tests.conftest import make_user
from tests.quality_report.builders import TODAY, YEAR, add_content, build_system
from wagtail_kvalitet.blocks.risks import RISK_LEVELS
from wagtail_kvalitet.goals.status import GoalStatus
from wagtail_kvalitet.models import CaseKind, ComplianceStatus, Judgement, QualityReportPage
from wagtail_kvalitet.quality_report.chapters import CHAPTERS
from wagtail_kvalitet.quality_report.contents import report_contents
from wagtail_kvalitet.quality_report.draft import build_draft
from wagtail_kvalitet.self_assessment import evidence
from wagtail_kvalitet.self_assessment.comparison import figure_text

pytestmark = pytest.mark.django_db

ASSESSMENT, CASES, RISKS, LEGAL, GOALS, IMPROVEMENTS = range(6)


def tables(page, chapter):
    """The rows (lists of cells) of each table of figures in chapter number ``chapter`` (0-based)."""
    blocks = report_contents(page.body).chapters[chapter].blocks
    return [[list(row["cells"]) for row in block.value["rows"]] for block in blocks if block.block_type == "figures"]


def headings(page, chapter):
    blocks = report_contents(page.body).chapters[chapter].blocks
    return [list(block.value["headings"]) for block in blocks if block.block_type == "figures"]


@pytest.fixture
def system(db):
    return build_system()


@pytest.fixture
def user(db):
    return make_user(is_superuser=True)


@pytest.fixture
def draft(system, user):
    return build_draft(system["manual"], YEAR, user, today=TODAY)


def test_the_draft_is_an_unpublished_page_of_the_manual_with_one_revision_by_the_user(system, user, draft):
    page = QualityReportPage.objects.get(pk=draft.pk)
    assert page.get_parent().pk == system["manual"].pk
    assert not page.live and page.has_unpublished_changes
    assert page.year == YEAR and page.board == system["units"]["board"]
    assert str(YEAR) in page.title and page.owner == user
    assert page.intro.startswith("<p>")
    revision = page.latest_revision
    assert revision is not None and revision.user == user
    assert list(revision.as_object().body.raw_data) == list(page.body.raw_data)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create", user=user).exists()


def test_a_second_draft_of_the_same_year_gets_its_own_slug(system, user, draft):
    second = build_draft(system["manual"], YEAR, user, today=TODAY)
    assert second.slug != draft.slug and second.slug.startswith(draft.slug)


def test_each_chapter_has_its_heading_an_editable_prompt_and_tables(draft):
    contents = report_contents(draft.body)
    assert len(contents.chapters) == len(CHAPTERS) == 6
    assert contents.preamble == []
    for chapter in contents.chapters:
        assert chapter.title
        assert chapter.blocks[0].block_type == "paragraph"
    for number in (ASSESSMENT, CASES, RISKS, LEGAL, GOALS, IMPROVEMENTS):
        for heading_row, rows in zip(headings(draft, number), tables(draft, number), strict=True):
            assert all(len(row) == len(heading_row) for row in rows)
            assert all(isinstance(cell, str) for row in rows for cell in row)


def test_the_self_assessment_chapter_shows_each_part_and_the_figures_of_both_years(system, draft):
    judged, figures = tables(draft, ASSESSMENT)
    parts = system["parts"]
    assert [row[0] for row in judged] == [str(part) for part in parts]
    assert judged[0][1:] == [str(Judgement.MET.label), "Processerna är kartlagda.", "Utbilda processägare."]
    assert all(row[1:] == [str(Judgement.NOT_JUDGED.label), "", ""] for row in judged[1:])
    assert headings(draft, ASSESSMENT)[1][1:] == [str(YEAR), str(YEAR - 1)]
    current = evidence.compute(system["manual"], YEAR, today=TODAY)
    previous = evidence.compute(system["manual"], YEAR - 1, today=TODAY)
    keys = [key for key in evidence.EVIDENCE if any(key in (part.evidence or ()) for part in parts)]
    assert [row[0] for row in figures] == [str(evidence.EVIDENCE[key]) for key in keys]
    assert [row[1:] for row in figures] == [[figure_text(current[key]), figure_text(previous[key])] for key in keys]


def test_without_an_assessment_every_part_is_not_judged(system, user):
    system["assessment"].delete()
    page = build_draft(system["manual"], YEAR, user, today=TODAY)
    judged = tables(page, ASSESSMENT)[0]
    assert all(row[1:] == [str(Judgement.NOT_JUDGED.label), "", ""] for row in judged)


def test_the_cases_chapter_counts_the_boards_cases_by_kind_quarter_area_and_handling(draft):
    by_kind, by_area, handling = tables(draft, CASES)
    rows = {kind: row for (kind, _label), row in zip(CaseKind.choices, by_kind, strict=False)}
    # Q1–Q4, the year, last year; the other board's complaint is not counted.
    assert rows[CaseKind.COMPLAINT][1:] == ["2", "0", "0", "0", "2", "1"]
    assert rows[CaseKind.PRAISE][1:] == ["0", "0", "1", "0", "1", "0"]
    assert rows[CaseKind.IDEA][1:] == ["0", "0", "0", "1", "1", "0"]
    assert rows[CaseKind.COMMENT][1:] == ["0"] * 6
    assert by_kind[-1][1:] == ["2", "0", "1", "1", "4", "1"]
    assert len(by_kind) == len(CaseKind.choices) + 1
    # No case has a quality area: all on the "unclassified" line.
    assert by_area[-1][1:] == ["4", "1"]
    assert all(row[1:] == ["0", "0"] for row in by_area[:-1])
    # Received (not ideas), then deadline shares; lex Sarah and lex Maria last.
    assert handling[0][1:] == ["3", "1"]
    assert handling[-2][1:] == ["1", "0"] and handling[-1][1:] == ["0", "0"]


def test_the_risk_chapter_counts_risks_by_level_and_lists_the_serious_ones(system, draft):
    by_level, serious = tables(draft, RISKS)
    assert [row[1] for row in by_level] == ["1", "1", "2", "1", "5"]
    assert [row[0] for row in by_level[:-1]] == [str(label) for _score, _code, label in RISK_LEVELS]
    process, routine = system["processes"][0], system["routines"][0]
    assert [(row[0], row[2]) for row in serious] == [
        ("Risk 4×4", process.title),
        ("Risk 3×3", process.title),
        ("Risk 2×4", routine.title),
    ]
    assert all(row[3] == "Utbilda." for row in serious)


def test_the_legal_chapter_counts_the_boards_requirements_by_compliance(draft):
    (rows,) = tables(draft, LEGAL)
    by_status = {value: row for (value, _label), row in zip(ComplianceStatus.choices, rows, strict=False)}
    assert by_status[ComplianceStatus.MET][1:] == ["1", "1"]
    assert by_status[ComplianceStatus.NOT_MET][1:] == ["1", "0"]  # the other board's is left out
    assert rows[-1][1:] == ["2", "1"]
    note = report_contents(draft.body).chapters[LEGAL].blocks[-1].value["note"]
    assert "1" in note


def test_the_goal_chapter_lists_the_boards_goals_with_their_status_in_words(system, draft):
    board_goals, by_level = tables(draft, GOALS)
    goal = system["goals"][0]
    assert board_goals == [[goal.title, system["units"]["board"].name, str(GoalStatus.NO_FIGURES.label)]]
    assert by_level[0][1:] == ["0", "0", "0", "1", "1"]


def test_the_improvements_chapter_lists_approvals_ideas_measures_and_last_years_actions(system, draft):
    figures, approved, actions = tables(draft, IMPROVEMENTS)
    assert [row[1:] for row in figures] == [["1", "0"], ["1", "0"], ["1", "0"]]
    assert [row[0] for row in approved] == [system["processes"][0].title, system["routines"][0].title]
    assert actions == [[str(system["parts"][1]), "Inför riskanalyser.", ""]]


def test_no_case_text_or_personal_data_reaches_the_draft(system, draft):
    from wagtail_kvalitet.models import FeedbackCase

    text = str(draft.body.raw_data)
    for description, measures in FeedbackCase.objects.values_list("description", "measures"):
        assert description not in text
        assert not measures or measures not in text


def test_the_draft_takes_the_same_queries_however_large_the_organisation(system, user):
    build_draft(system["manual"], YEAR, user, today=TODAY)  # warms caches
    with CaptureQueriesContext(connection) as few:
        build_draft(system["manual"], YEAR, user, today=TODAY)
    for _round in range(3):
        add_content(system)
    with CaptureQueriesContext(connection) as many:
        build_draft(system["manual"], YEAR, user, today=TODAY)
    assert len(many) == len(few), "\n".join(query["sql"] for query in many.captured_queries)
