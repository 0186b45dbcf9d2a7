"""This year's figures beside last year's: where last year's come from, and the change in words.

Last year's judgement was made on the figures as they stood then, so those saved with it are
shown; only without them is last year computed now. The change is stated in words and as a
direction, never by colour alone.
"""

import pytest
from django.utils import timezone

from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.models import Judgement, RegulationPart
from wagtail_kvalitet.self_assessment import comparison, evidence
from wagtail_kvalitet.self_assessment.comparison import (
    DOWN,
    NONE,
    SAME,
    UP,
    AssessmentComparison,
    FigureComparison,
    figure_text,
)
from wagtail_kvalitet.self_assessment.evidence import Figure

YEAR = timezone.localdate().year


def compared(current, previous):
    return FigureComparison("processes", current, previous)


@pytest.mark.parametrize(
    ("current", "previous", "direction", "difference"),
    [
        (Figure("processes", 12), Figure("processes", 10), UP, 2),
        (Figure("processes", 8), Figure("processes", 10), DOWN, -2),
        (Figure("processes", 10), Figure("processes", 10), SAME, 0),
        (Figure("processes", 10), None, NONE, None),
        (None, Figure("processes", 10), NONE, None),
        # Shares are compared as shares: 12 of 15 (80 %) is down from 9 of 10 (90 %).
        (Figure("processes", 12, 15), Figure("processes", 9, 10), DOWN, -10),
        (Figure("processes", 3, 4), Figure("processes", 1, 2), UP, 25),
        # A share of nothing has no percentage, so the counts are compared.
        (Figure("processes", 0, 0), Figure("processes", 1, 2), DOWN, -1),
    ],
)
def test_the_direction_and_size_of_a_change(current, previous, direction, difference):
    figure = compared(current, previous)
    assert figure.direction == direction
    assert figure.difference == difference
    assert figure.change  # always said in words


def test_each_kind_of_change_reads_differently():
    changes = {
        compared(Figure("processes", 12), Figure("processes", 10)).change,
        compared(Figure("processes", 8), Figure("processes", 10)).change,
        compared(Figure("processes", 10), Figure("processes", 10)).change,
        compared(Figure("processes", 10), None).change,
        compared(Figure("processes", 3, 4), Figure("processes", 1, 2)).change,
        compared(Figure("processes", 1, 4), Figure("processes", 1, 2)).change,
    }
    assert len(changes) == 6
    assert "2" in compared(Figure("processes", 12), Figure("processes", 10)).change
    assert "25" in compared(Figure("processes", 3, 4), Figure("processes", 1, 2)).change


def test_figure_text_shows_both_numbers_of_a_share():
    assert figure_text(Figure("processes", 7)) == "7"
    text = figure_text(Figure("processes", 12, 15))
    assert "12" in text and "15" in text
    assert figure_text(None) == ""


@pytest.fixture
def computed(monkeypatch):
    """Records each year computed, and returns figures that say which year they are for."""
    calls = []

    def compute(manual, year, today=None):
        calls.append(year)
        return {key: Figure(key, year, None) for key in evidence.EVIDENCE}

    monkeypatch.setattr(evidence, "compute", compute)
    return calls


@pytest.mark.django_db
def test_last_years_figures_come_from_its_snapshot(computed):
    manual = make_manual()
    make_assessment(manual, YEAR - 1, evidence={key: {"value": 7, "total": 9} for key in evidence.EVIDENCE})
    result = AssessmentComparison(make_assessment(manual, YEAR))
    figure = result.rows[0].figures[0]
    assert (figure.current.value, figure.previous.value, figure.previous.total) == (YEAR, 7, 9)
    assert result.previous_from_snapshot
    assert computed == [YEAR]


@pytest.mark.django_db
def test_without_a_snapshot_last_year_is_computed(computed):
    manual = make_manual()
    make_assessment(manual, YEAR - 1)  # started but never saved
    result = AssessmentComparison(make_assessment(manual, YEAR))
    assert result.rows[0].figures[0].previous.value == YEAR - 1
    assert not result.previous_from_snapshot
    assert sorted(computed) == [YEAR - 1, YEAR]


@pytest.mark.django_db
def test_a_figure_newer_than_the_snapshot_is_computed_and_the_rest_kept(computed):
    manual = make_manual()
    make_assessment(manual, YEAR - 1, evidence={"processes": {"value": 3, "total": None}, "broken": "x"})
    part = RegulationPart.objects.create(key="ny", title="Ny del", asks="Något.", evidence=["processes", "routines"])
    result = AssessmentComparison(make_assessment(manual, YEAR))
    row = next(row for row in result.rows if row.part == part)
    assert [figure.previous.value for figure in row.figures] == [3, YEAR - 1]


@pytest.mark.django_db
def test_last_years_judgements_and_another_systems_are_kept_apart(computed):
    manual, other = make_manual(), make_manual()
    first = RegulationPart.objects.order_by("sort_order").first()
    make_assessment(manual, YEAR - 1, judgements={first.key: Judgement.NOT_MET})
    make_assessment(other, YEAR - 1, judgements={first.key: Judgement.MET})
    make_assessment(manual, YEAR - 2, judgements={first.key: Judgement.MET})
    rows = AssessmentComparison(make_assessment(manual, YEAR)).rows
    assert rows[0].previous_judgement == Judgement.NOT_MET
    assert rows[0].previous_judgement_label == str(Judgement.NOT_MET.label)
    assert AssessmentComparison(make_assessment(manual, YEAR + 5)).rows[0].previous_judgement is None


@pytest.mark.django_db
def test_the_snapshot_is_every_computed_figure_as_json(computed):
    result = AssessmentComparison(make_assessment(make_manual(), YEAR))
    snapshot = result.snapshot()
    assert set(snapshot) == set(evidence.EVIDENCE)
    assert snapshot["processes"] == {"value": YEAR, "total": None}
    assert comparison.figures_from_snapshot(snapshot)["processes"] == Figure("processes", YEAR, None)
