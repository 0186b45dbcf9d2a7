"""The legal requirement list's download: the listing's own rows, formatted, with the review history beside them."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from tests.conftest import make_user
from tests.exports.builders import (
    column_values,
    make_requirement,
    make_review,
    make_routines,
    make_statute,
    open_workbook,
    sheet_rows,
)
from wagtail_kvalitet.exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS, REVIEW_HISTORY_COLUMNS
from wagtail_kvalitet.exports.legal_requirements import LegalRequirementExport
from wagtail_kvalitet.exports.workbook import organisation_name
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirement

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
KEYS = [column.key for column in LEGAL_REQUIREMENT_COLUMNS]


def download(client, **params):
    response = client.get(reverse(LIST_URL), {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return open_workbook(response)


def headings(columns):
    with translation.override("sv"):
        return [str(column.heading) for column in columns]


def listed_ids(client, **params):
    response = client.get(reverse(LIST_URL), params)
    assert response.status_code == 200
    return [item.pk for item in response.context["object_list"]]


def test_the_download_holds_each_requirement_formatted(admin_client, tree):
    today = timezone.localdate()
    process, routines = make_routines(2, title="Handläggning")
    karin = make_user(username="k.lund", first_name="Karin", last_name="Lund")
    statute = make_statute(title="Socialtjänstlag", number="2025:400")
    requirement = make_requirement(
        statute,
        units=[tree["nursing_home"], tree["home_care"]],
        routines=routines,
        processes=[process],
        reference="3 kap. 3 §",
        title="Insatser av god kvalitet",
        demands="=Vi följer upp varje insats.",
        responsible_person=karin,
        responsible_function="Enhetschef",
        how_met="Egenkontroll varje kvartal.",
        status=ComplianceStatus.PARTLY_MET,
        review_interval_months=6,
        last_reviewed=today - datetime.timedelta(days=200),
        next_review_due=today - datetime.timedelta(days=17),
        notes="Se även 5 kap.",
    )
    workbook = download(admin_client)
    with translation.override("sv"):
        assert workbook.sheetnames == [gettext("Legal requirements"), gettext("Review history")]
        title = f"{organisation_name()} – {gettext('Legal requirements')} – {date_format(today, 'DATE_FORMAT')}"
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == title
    assert [cell.value for cell in sheet[2]] == headings(LEGAL_REQUIREMENT_COLUMNS)
    row = dict(zip(KEYS, sheet[3], strict=True))
    assert row["id"].value == requirement.pk
    assert [row[key].value for key in ("statute", "statute_number", "reference", "title")] == [
        "Socialtjänstlag",
        "2025:400",
        "3 kap. 3 §",
        "Insatser av god kvalitet",
    ]
    assert row["demands"].value == "=Vi följer upp varje insats." and row["demands"].data_type == "s"
    assert row["units"].value == "Hemtjänst Norr; Tallgården"
    assert row["responsible_person"].value == "Karin Lund (k.lund)"
    first, second = sorted(routines, key=lambda page: page.title)
    assert row["routines"].value == f"{first.title}; {second.title}"
    assert row["routines"].hyperlink.target == first.full_url
    assert row["processes"].value == "Handläggning"
    assert row["status"].value == "Delvis uppfyllt"
    assert row["status"].fill.fgColor.rgb == "00FFEB9C"
    assert row["review_interval_months"].value == 6
    assert row["last_reviewed"].value.date() == requirement.last_reviewed and row["last_reviewed"].is_date
    assert row["next_review_due"].value.date() == requirement.next_review_due
    assert row["overdue"].value == "Försenad" and row["overdue"].fill.fgColor.rgb == "00FFC7CE"
    assert row["notes"].value == "Se även 5 kap."


def test_each_status_has_its_colour_and_only_overdue_rows_say_so(admin_client):
    today = timezone.localdate()
    for status in ComplianceStatus.values:
        make_requirement(title=status, status=status, next_review_due=today)
    make_requirement(title="late", status=ComplianceStatus.MET, next_review_due=today - datetime.timedelta(days=1))
    sheet = download(admin_client).worksheets[0]
    fills = {}
    for cells in sheet.iter_rows(min_row=3):
        row = dict(zip(KEYS, cells, strict=True))
        fills[row["title"].value] = row["status"].fill.fgColor.rgb if row["status"].fill.fill_type else None
    assert fills == {
        "met": "00C6EFCE",
        "partly-met": "00FFEB9C",
        "not-met": "00FFC7CE",
        "not-assessed": "00E7E6E6",
        "not-applicable": None,
        "late": "00C6EFCE",
    }
    overdue = dict(zip(column_values(sheet, "Krav"), column_values(sheet, "Granskning"), strict=True))
    assert overdue == {status: None for status in ComplianceStatus.values} | {"late": "Försenad"}


def test_the_review_history_covers_the_exported_requirements_only(admin_client, tree):
    kept = make_requirement(title="Klagomål", reference="5 kap. 6 §", status=ComplianceStatus.MET)
    other = make_requirement(title="Journalföring")
    make_review(kept, reviewed_on=datetime.date(2025, 3, 1), outcome=ComplianceStatus.NOT_MET, comment="Saknas rutin.")
    make_review(kept, reviewed_on=datetime.date(2026, 3, 1), outcome=ComplianceStatus.MET, comment="=Rutin finns.",
                next_review_due=datetime.date(2027, 3, 1))
    make_review(other, reviewed_on=datetime.date(2026, 2, 1))
    sheet = download(admin_client, statute=kept.statute_id).worksheets[1]
    assert [cell.value for cell in sheet[2]] == headings(REVIEW_HISTORY_COLUMNS)
    rows = sheet_rows(sheet)
    assert [row[:6] for row in rows] == [
        (kept.pk, "5 kap. 6 § Klagomål", datetime.datetime(2026, 3, 1), "Karin Lund", "Uppfyllt", "=Rutin finns."),
        (kept.pk, "5 kap. 6 § Klagomål", datetime.datetime(2025, 3, 1), "Karin Lund", "Ej uppfyllt", "Saknas rutin."),
    ]
    assert rows[0][6] == datetime.datetime(2027, 3, 1)
    recorded = kept.reviews.get(reviewed_on=datetime.date(2026, 3, 1)).recorded_at
    assert rows[0][7] == timezone.localtime(recorded).replace(tzinfo=None, microsecond=0)
    assert sheet["E3"].fill.fgColor.rgb == "00C6EFCE" and sheet["E4"].fill.fgColor.rgb == "00FFC7CE"


def test_the_download_follows_the_listings_search_and_sort(admin_client):
    statuses = iter(ComplianceStatus.values)
    for reference in ("2 §", "10 §", "1 §"):
        make_requirement(title=f"Riskanalys {reference}", reference=reference, status=next(statuses))
    make_requirement(title="Journalföring", reference="3 §", status=next(statuses))
    for params in ({"ordering": "-reference"}, {"ordering": "status"}, {"q": "riskanalys"}):
        expected = listed_ids(admin_client, **params)
        assert column_values(download(admin_client, **params).worksheets[0], "ID") == expected, params
    assert len(listed_ids(admin_client, q="riskanalys")) == 3


def test_queries_do_not_grow_with_the_list(tree):
    _process, routines = make_routines(3)
    units = [tree["home_care"], tree["nursing_home"], tree["group_home"]]

    def add(count):
        for n in range(count):
            requirement = make_requirement(units=units[: n % 3 + 1], routines=routines[: n % 3],
                                           responsible_person=make_user())
            make_review(requirement, reviewed_on=datetime.date(2026, 1, 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            LegalRequirementExport(LegalRequirement.objects.all()).save(io.BytesIO())
        return len(captured.captured_queries)

    add(2)
    queries()  # the sites' root paths are cached from here on
    few = queries()
    add(20)
    assert queries() == few
    assert few <= 4, "the list, the history, the organisation's name and at most the sites' root paths"


def test_a_list_with_awkward_text_still_opens(admin_client):
    make_requirement(title="Kontroll\x07tecken\x1b", demands="x" * 50_000, notes="@rubrik\r\nrad två")
    row = dict(zip(KEYS, sheet_rows(download(admin_client).worksheets[0])[0], strict=True))
    assert row["title"] == "Kontrolltecken"
    assert len(row["demands"]) == 32_767
    assert row["notes"] == "@rubrik\nrad två"


def test_csv_download_uses_the_same_rows_and_keeps_formulas_inert(admin_client):
    make_requirement(title="=1+2", reference="1 §")
    response = admin_client.get(reverse(LIST_URL), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == headings(LEGAL_REQUIREMENT_COLUMNS)
    assert ",1 §,'=1+2," in lines[1]


def test_the_listing_offers_the_download(admin_client):
    make_requirement()
    html = admin_client.get(reverse(LIST_URL), {"status": "met"}).content.decode()
    assert "status=met&amp;export=xlsx" in html


def test_the_file_is_named_for_the_list_and_the_day(admin_client):
    response = admin_client.get(reverse(LIST_URL), {"export": "xlsx"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="lagkrav-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )  # named in the site's language


def test_a_user_without_permission_to_the_register_cannot_export(client):
    make_requirement(title="Hemligt krav")
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for export in ("xlsx", "csv"):
        response = client.get(reverse(LIST_URL), {"export": export})
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
        assert "spreadsheet" not in response["Content-Type"] and "csv" not in response["Content-Type"]


def test_a_user_who_may_view_the_register_may_export(client):
    make_requirement(title="Synligt krav")
    user = make_user(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_legalrequirement")
    )
    client.force_login(user)
    assert column_values(download(client).worksheets[0], "Krav") == ["Synligt krav"]
