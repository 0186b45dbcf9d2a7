"""The demo's self-assessment: two years judged, the board's compilations with one gap, and a published report."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.demo.self_assessment import REPORT_YEAR, YEARS, quarters
from wagtail_kvalitet.models import (
    CaseCompilation,
    Judgement,
    PartAssessment,
    QualityReportPage,
    RegulationPart,
    SelfAssessment,
)
from wagtail_kvalitet.self_assessment import evidence

pytestmark = pytest.mark.django_db


def counts():
    return (
        SelfAssessment.objects.count(),
        PartAssessment.objects.count(),
        CaseCompilation.objects.count(),
        QualityReportPage.objects.count(),
    )


def test_both_years_judge_every_part_with_more_met_in_the_later_year(site_root):
    summary = build_demo()
    assessments = {a.year: a for a in SelfAssessment.objects.filter(manual=summary["manual"])}
    assert sorted(assessments) == list(YEARS) and summary["assessments_created"] == 2
    parts = set(RegulationPart.objects.values_list("pk", flat=True))
    assert len(parts) == 11
    judged = {}
    for year, assessment in assessments.items():
        rows = list(assessment.parts.all())
        assert {row.part_id for row in rows} == parts
        assert all(row.judgement and row.comment for row in rows)
        assert all(row.planned_actions for row in rows if row.judgement != Judgement.MET)
        assert assessment.summary and "Exempelvik" in assessment.summary and assessment.updated_by is not None
        assert set(assessment.evidence) == set(evidence.EVIDENCE)  # the figures the judgement was made on
        judged[year] = [row.judgement for row in rows]
        # The manual counts in both years, so the figures have something to compare.
        assert assessment.evidence["processes"]["value"] > 0 and assessment.evidence["routines"]["value"] > 0
    met = {year: values.count(Judgement.MET) for year, values in judged.items()}
    partly = {year: values.count(Judgement.PARTLY_MET) for year, values in judged.items()}
    assert met[2026] > len(parts) / 2 and met[2026] > met[2025] and partly[2025] > partly[2026]
    assert 1 <= sum(values.count(Judgement.NOT_MET) for values in judged.values()) <= 3


def test_compilations_were_presented_to_the_board_but_one_quarter(site_root):
    summary = build_demo()
    compilations = list(CaseCompilation.objects.order_by("period_start"))
    assert summary["compilations_created"] == len(compilations) == 6  # the demo is built after October 2026
    assert all(c.unit.code == "SN" and c.presented_to and c.presented_on > c.period_end for c in compilations)
    starts = [c.period_start for c in compilations]
    assert [d for d in starts if d.year == 2025] == [datetime.date(2025, month, 1) for month in (1, 4, 7, 10)]
    assert [d for d in starts if d.year == 2026] == [datetime.date(2026, 1, 1), datetime.date(2026, 7, 1)]
    figure = SelfAssessment.objects.get(year=2026).evidence["quarters_compiled"]
    assert figure["value"] == 2


def test_no_compilation_is_presented_after_the_day_the_demo_is_built():
    presented = [presented_on for _start, _end, presented_on in quarters(datetime.date(2026, 5, 1))]
    assert len(presented) == 5 and max(presented) <= datetime.date(2026, 5, 1)


def test_the_quality_report_of_the_first_year_is_published_in_the_manual(site_root):
    summary = build_demo()
    report = QualityReportPage.objects.get()
    assert report.live and not report.has_unpublished_changes
    assert report.get_parent().pk == summary["manual"].pk
    assert report.year == REPORT_YEAR and "(exempel)" in report.title and str(REPORT_YEAR) in report.title
    assert report.board.code == "SN" and "exempelinnehåll" in report.intro
    blocks = list(report.body)
    assert sum(block.block_type == "chapter" for block in blocks) >= 5
    assert any(block.block_type == "figures" for block in blocks)
    # Every prompt of the draft is replaced by written analysis, as staff would before publishing.
    assert not any(block.block_type == "paragraph" and "<em>" in block.value.source for block in blocks)
    client = Client()
    client.force_login(SelfAssessment.objects.get(year=REPORT_YEAR).updated_by)
    response = client.get(report.url)
    assert response.status_code == 200


def test_the_later_year_opens_beside_the_earlier_one_in_the_admin(site_root, admin_client):
    build_demo()
    assessment = SelfAssessment.objects.get(year=2026)
    response = admin_client.get(reverse("wagtail_kvalitet_self_assessment_edit", args=[assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    earlier = PartAssessment.objects.filter(assessment__year=2025)
    assert html.count("data-previous-judgement=") == earlier.count()
    for row in earlier.select_related("part"):
        assert f'data-part="{row.part.key}"' in html and f'data-previous-judgement="{row.judgement}"' in html


def test_building_twice_adds_nothing(site_root):
    build_demo()
    before = counts()
    summary = build_demo()
    assert (summary["assessments_created"], summary["compilations_created"]) == (0, 0)
    assert counts() == before
