"""A self-assessment as a workbook, loaded back with openpyxl.

The workbook goes to the board with the quality report, so it must hold one row per part with its
judgement and texts, and each of the part's figures this year and last, as the page shows them.
"""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.exports.self_assessment import SelfAssessmentExport, cell_value
from wagtail_kvalitet.log_actions import SELF_ASSESSMENT_EXPORTED
from wagtail_kvalitet.models import Judgement, PartAssessment, RegulationPart
from wagtail_kvalitet.self_assessment import evidence
from wagtail_kvalitet.self_assessment.comparison import AssessmentComparison
from wagtail_kvalitet.self_assessment.evidence import Figure

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_download_has_a_row_per_part_with_its_figures_both_years(admin_client, superuser):
    manual = make_manual()
    parts = list(RegulationPart.objects.order_by("sort_order", "pk"))
    first = parts[0]
    make_assessment(manual, YEAR - 1, evidence={key: {"value": 5, "total": 8} for key in evidence.EVIDENCE})
    assessment = make_assessment(
        manual, YEAR, judgements={first.key: Judgement.PARTLY_MET}, summary="Sammantaget gott."
    )
    PartAssessment.objects.filter(assessment=assessment, part=first).update(
        comment="=Kommentar", planned_actions="Utbilda chefer."
    )
    url = reverse("wagtail_kvalitet_self_assessment_edit", args=[assessment.pk]) + "?export=xlsx"
    workbook = workbook_of(admin_client.get(url))

    sheet = rows(workbook.worksheets[0])
    header, body = sheet[1], sheet[2:]
    assert len(body) == len(parts)
    assert [row[1] for row in body] == [part.title for part in parts]
    row = dict(zip(header, body[0], strict=True))
    values = list(body[0])
    assert values[0] == first.reference
    assert values[2] == str(Judgement.PARTLY_MET.label)
    assert values[3] == "=Kommentar"  # text, never a formula
    assert values[4] == "Utbilda chefer."
    current = evidence.compute(manual, YEAR)
    for key in first.evidence:
        label = str(evidence.EVIDENCE[key])
        assert row[f"{label} ({YEAR})"] == cell_value(current[key])
        assert row[f"{label} ({YEAR - 1})"] == cell_value(Figure(key, 5, 8))
    # A figure the part does not show is left empty on its row.
    other = next(
        key for key in evidence.EVIDENCE if key not in first.evidence and any(key in p.evidence for p in parts)
    )
    assert row[f"{evidence.EVIDENCE[other]} ({YEAR})"] is None

    figures = rows(workbook.worksheets[1])
    by_key = {line[0]: line for line in figures[2:]}
    assert by_key["processes"][2] == current["processes"].value
    assert (by_key["processes"][4], by_key["processes"][5]) == (5, 8)
    assert rows(workbook.worksheets[2])[2] == ["Sammantaget gott."]

    entry = ModelLogEntry.objects.get(action=SELF_ASSESSMENT_EXPORTED)
    assert (entry.object_id, entry.user_id) == (str(assessment.pk), superuser.pk)


def test_a_count_is_a_number_and_a_share_reads_as_text():
    assert cell_value(Figure("processes", 4)) == 4
    text = cell_value(Figure("processes", 4, 9))
    assert isinstance(text, str) and "4" in text and "9" in text
    assert cell_value(None) is None


def test_the_export_counts_what_it_wrote():
    assessment = make_assessment(make_manual(), YEAR)
    export = SelfAssessmentExport(AssessmentComparison(assessment))
    export.save(io.BytesIO())
    assert export.counts == {
        "parts": RegulationPart.objects.count(),
        "figures": len(export.comparison.shown_keys),
        "summary": 1,
    }
