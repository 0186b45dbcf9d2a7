"""The self-assessment's forms: one assessment per system and year, one judgement per part."""

import pytest

from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.models import Judgement, RegulationPart
from wagtail_kvalitet.self_assessment.forms import (
    DUPLICATE,
    TEXT_MAX_LENGTH,
    NewAssessmentForm,
    PartJudgementFormSet,
)

pytestmark = pytest.mark.django_db

PREFIX = "parts"


def formset(rows, part_ids):
    data = {f"{PREFIX}-TOTAL_FORMS": str(len(rows)), f"{PREFIX}-INITIAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        data.update({f"{PREFIX}-{index}-{name}": value for name, value in row.items()})
    return PartJudgementFormSet(data, prefix=PREFIX, part_ids=part_ids)


def test_a_new_assessment_has_every_part_not_judged():
    manual = make_manual()
    form = NewAssessmentForm({"manual": manual.pk, "year": 2025})
    assert form.is_valid(), form.errors
    assessment = form.save()
    assert assessment.parts.count() == RegulationPart.objects.count()
    assert set(assessment.parts.values_list("judgement", flat=True)) == {Judgement.NOT_JUDGED}


def test_a_duplicate_is_refused_and_the_existing_one_named():
    manual = make_manual()
    existing = make_assessment(manual, 2025)
    form = NewAssessmentForm({"manual": manual.pk, "year": 2025})
    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == [DUPLICATE]
    assert form.existing == existing
    # The same year for another system is fine.
    assert NewAssessmentForm({"manual": make_manual().pk, "year": 2025}).is_valid()


def test_a_duplicate_created_meanwhile_is_not_an_error_page():
    manual = make_manual()
    form = NewAssessmentForm({"manual": manual.pk, "year": 2025})
    assert form.is_valid()
    existing = make_assessment(manual, 2025)
    assert form.save() is None
    assert form.existing == existing


@pytest.mark.parametrize("year", ["1999", "2101", "tjugo"])
def test_a_year_out_of_range_is_refused(year):
    form = NewAssessmentForm({"manual": make_manual().pk, "year": year})
    assert not form.is_valid() and form.errors["year"]


def test_the_judgements_are_read_per_part():
    first, second = RegulationPart.objects.all()[:2]
    forms = formset(
        [
            {"part": second.pk, "judgement": Judgement.MET, "comment": "Bra.", "planned_actions": ""},
            {"part": first.pk, "judgement": "", "comment": "", "planned_actions": "Gör mer."},
        ],
        [first.pk, second.pk],
    )
    assert forms.is_valid(), forms.errors
    judgements = forms.judgements()
    assert judgements[second.pk]["judgement"] == Judgement.MET
    assert judgements[first.pk]["planned_actions"] == "Gör mer."


def test_an_unknown_or_repeated_part_and_overlong_text_are_refused():
    first, second = RegulationPart.objects.all()[:2]
    blank = {"judgement": "", "comment": "", "planned_actions": ""}
    assert not formset([{"part": 999999, **blank}], [first.pk]).is_valid()
    repeated = formset([{"part": first.pk, **blank}, {"part": first.pk, **blank}], [first.pk, second.pk])
    assert not repeated.is_valid() and repeated.non_form_errors()
    long = formset([{**blank, "part": first.pk, "comment": "x" * (TEXT_MAX_LENGTH + 1)}], [first.pk])
    assert not long.is_valid() and long.forms[0].errors["comment"]
    wrong = formset([{**blank, "part": first.pk, "judgement": "perfect"}], [first.pk])
    assert not wrong.is_valid() and wrong.forms[0].errors["judgement"]
