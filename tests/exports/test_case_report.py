"""The board's compilation of cases as a workbook, loaded back with openpyxl.

The workbook goes into the board's papers, so it must hold the same figures as the page, one sheet
per breakdown with both periods and the change, the measures in full, and nothing personal.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests.case_builders import make_case
from tests.conftest import make_user
from wagtail_kvalitet.exports.case_report import CaseReportExport
from wagtail_kvalitet.models import CaseKind, FeedbackCase, QualityArea
from wagtail_kvalitet.models.feedback import CaseAccess
from wagtail_kvalitet.reports import case_statistics
from wagtail_kvalitet.reports.case_statistics import CaseStatistics
from wagtail_kvalitet.reports.cases import EXPORT_ACTION
from wagtail_kvalitet.reports.periods import Period

pytestmark = pytest.mark.django_db

EXPORT_URL = "wagtail_kvalitet_case_report:export"
Q1 = Period.quarter(2025, 1)


def local(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def sample(tree):
    area = QualityArea.objects.order_by("sort_order").first()
    make_case(tree["home_care"], received_at=local(2025, 2, 3), quality_areas=[area],
              measures="=HYPERLINK(\"x\") Ny rutin.", name="Anna Andersson", description="Om Zelmira.")
    make_case(tree["home_care"], received_at=local(2025, 2, 4))
    make_case(tree["group_home"], kind=CaseKind.PRAISE, received_at=local(2024, 11, 4))
    return area


def test_one_sheet_per_breakdown_with_both_periods_and_the_change(admin_client, tree):
    area = sample(tree)
    workbook = workbook_of(admin_client.get(reverse(EXPORT_URL), {"period": Q1.key}))
    assert workbook.sheetnames == [
        gettext("Handling"),
        gettext("Cases by kind"),
        gettext("Cases by unit"),
        gettext("Cases by area"),
        gettext("Cases by quality area"),
        gettext("Cases by sender"),
        gettext("Cases by channel"),
        gettext("Improvement ideas by status"),
        gettext("Measures taken"),
    ]
    kinds = rows(workbook[gettext("Cases by kind")])
    assert gettext("Cases by kind") in kinds[0][0]
    assert kinds[1][0] == gettext("Cases by kind")
    assert kinds[1][3] == gettext("Change")
    assert Q1.dates_label in kinds[1][1]
    assert Q1.previous().dates_label in kinds[1][2]
    by_label = {row[0]: row[1:] for row in kinds[2:]}
    assert by_label[str(CaseKind.COMPLAINT.label)] == [2, 0, 2]
    assert by_label[str(CaseKind.PRAISE.label)] == [0, 1, -1]
    assert by_label[gettext("Total")] == [2, 1, 1]
    sheet = workbook[gettext("Cases by kind")]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 40

    areas = {row[0]: row[1:] for row in rows(workbook[gettext("Cases by quality area")])[2:]}
    assert areas[area.name] == [1, 0, 1]
    assert areas[gettext("Unclassified")] == [1, 1, 0]
    assert gettext("Total") not in areas

    units = [row[0] for row in rows(workbook[gettext("Cases by unit")])[2:]]
    assert "        Äldreomsorg" in units
    assert "            Hemtjänst Norr" in units


def test_measures_sheet_holds_no_personal_data_and_formulas_stay_text(admin_client, tree):
    area = sample(tree)
    workbook = workbook_of(admin_client.get(reverse(EXPORT_URL), {"period": Q1.key}))
    measures = rows(workbook[gettext("Measures taken")])
    assert len(measures) == 3
    reference, kind, received, unit, areas, text = measures[2]
    assert (kind, received.date(), unit, areas) == (str(CaseKind.COMPLAINT.label), datetime.date(2025, 2, 3),
                                                    "Hemtjänst Norr", area.name)
    assert text == '=HYPERLINK("x") Ny rutin.'
    assert workbook[gettext("Measures taken")]["F3"].data_type == "s"
    everything = str([rows(sheet) for sheet in workbook.worksheets])
    assert "Anna Andersson" not in everything and "Zelmira" not in everything


def test_the_measures_sheet_lists_them_all_beyond_the_page_limit(tree, monkeypatch):
    monkeypatch.setattr(case_statistics, "MEASURES_LIMIT", 2)
    for day in range(1, 6):
        make_case(tree["home_care"], received_at=local(2025, 1, day), measures=f"Åtgärd {day}")
    statistics = CaseStatistics(FeedbackCase.objects.all(), Q1)
    assert len(statistics.measures) == 2
    export = CaseReportExport(statistics)
    workbook = load_workbook(_saved(export))
    assert [row[5] for row in rows(workbook[gettext("Measures taken")])[2:]] == [f"Åtgärd {day}" for day in range(1, 6)]
    assert export.counts["measures"] == 5


def _saved(export):
    file = io.BytesIO()
    export.save(file)
    file.seek(0)
    return file


def test_handling_sheet_shows_shares_and_days(admin_client, tree):
    make_case(tree["home_care"], received_at=local(2025, 1, 13), acknowledged_at=local(2025, 1, 13),
              answered_at=local(2025, 1, 15), status="answered", receipt_due_on=datetime.date(2025, 1, 15),
              answer_due_on=datetime.date(2025, 1, 27))
    workbook = workbook_of(admin_client.get(reverse(EXPORT_URL), {"period": Q1.key}))
    handling = {row[0]: row[1:] for row in rows(workbook[gettext("Handling")])[2:]}
    assert handling[f"{gettext('Receipt confirmed within the deadline')} (%)"] == [100, None, None]
    assert handling[gettext("%(label)s (working days)") % {"label": gettext("Median time to answer")}][0] == 2


def test_each_download_is_written_to_the_audit_log(admin_client, superuser, tree):
    admin_client.get(reverse(EXPORT_URL), {"period": Q1.key, "unit": tree["elderly"].pk})
    entry = ModelLogEntry.objects.get(action=EXPORT_ACTION)
    assert entry.user == superuser
    assert entry.data == {"start": "2025-01-01", "end": "2025-03-31", "unit": tree["elderly"].pk}
    assert entry.object_id == str(superuser.pk)


def test_a_handler_exports_only_their_units(client, tree):
    handler = make_user(is_staff=True)
    handler.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_feedbackcase"),
    )
    CaseAccess.objects.create(user=handler, unit=tree["disability"])
    sample(tree)
    client.force_login(handler)
    workbook = workbook_of(client.get(reverse(EXPORT_URL), {"period": Q1.key}))
    kinds = {row[0]: row[1:] for row in rows(workbook[gettext("Cases by kind")])[2:]}
    assert kinds[gettext("Total")] == [0, 1, -1]
    assert rows(workbook[gettext("Measures taken")])[2:] == []


def export_queries(tree, count):
    for n in range(count):
        make_case(tree["home_care"], received_at=local(2025, 1, 1 + n % 28), measures=f"Åtgärd {n}",
                  quality_areas=list(QualityArea.objects.all()[: n % 3]))
    with CaptureQueriesContext(connection) as captured:
        _saved(CaseReportExport(CaseStatistics(FeedbackCase.objects.all(), Q1)))
    return len(captured.captured_queries)


def test_export_queries_do_not_grow_with_the_number_of_cases(tree):
    export_queries(tree, 0)  # warm-up: the site name for the title row
    assert export_queries(tree, 3) == export_queries(tree, 40)
