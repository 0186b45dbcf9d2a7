"""The shared spreadsheet builder: safe cells, real dates in local time, layout, colours and links.

Every workbook is read back with openpyxl, as a spreadsheet program would read it.
"""

import datetime
import io

import pytest
from django.test.utils import override_settings
from wagtail.models import Site

from tests.exports.builders import open_workbook, sheet_rows
from wagtail_kvalitet.exports import workbook
from wagtail_kvalitet.exports.legal_columns import SheetColumn
from wagtail_kvalitet.exports.workbook import (
    AMBER,
    GREEN,
    GREY,
    MAX_CELL_CHARS,
    RED,
    Styled,
    WorkbookBuilder,
    csv_response,
)

COLUMNS = (SheetColumn("name", "Name", 30), SheetColumn("when", "When", 12), SheetColumn("count", "Count", 8))


def build(rows, columns=COLUMNS, **kwargs):
    kwargs.setdefault("organisation", "Exempelviks kommun")
    kwargs.setdefault("today", datetime.date(2026, 3, 2))
    builder = WorkbookBuilder("Testlista", **kwargs)
    builder.add_sheet("Testlista", columns, rows)
    file = io.BytesIO()
    builder.save(file)
    return open_workbook(file.getvalue()).active


FORMULA_LIKE = [
    "=1+1",
    '=HYPERLINK("http://evil.example","Klicka")',
    "+46 70 123 45 67",
    "-5 dagar",
    "@SUM(A1)",
    "\tindraget",
    "\rretur",
]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_stored_as_text(text):
    cell = build([{"name": text}])["A3"]
    assert cell.value == text.replace("\r", "\n") and cell.data_type == "s"
    assert cell.quotePrefix, "Excel's own apostrophe keeps the cell text when someone edits it"


def test_error_codes_and_ordinary_text_stay_text():
    sheet = build([{"name": "#N/A"}, {"name": "Rutin för klagomål"}])
    assert [(cell.value, cell.data_type) for cell in sheet["A"][2:]] == [("#N/A", "s"), ("Rutin för klagomål", "s")]
    assert not sheet["A4"].quotePrefix


def test_characters_a_workbook_cannot_hold_are_dropped():
    sheet = build([{"name": "Be\x00gä\x07ran\x1f om\ufffe insats\ud800", "when": "rad 1\r\nrad 2\rrad 3\tflik"}])
    assert sheet["A3"].value == "Begäran om insats"
    assert sheet["B3"].value == "rad 1\nrad 2\nrad 3\tflik"


def test_over_long_text_is_cut_with_a_visible_marker():
    value = build([{"name": "å" * 40_000}])["A3"].value
    assert len(value) == MAX_CELL_CHARS
    assert value.startswith("å" * 30_000) and value.endswith(workbook.cut_marker())


def test_dates_are_date_cells_and_datetimes_local_time():
    winter = datetime.datetime(2026, 1, 15, 23, 30, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 1, 22, 15, 59, 999, tzinfo=datetime.UTC)
    with override_settings(TIME_ZONE="Europe/Stockholm"):
        sheet = build([{"when": datetime.date(2026, 4, 30)}, {"when": winter}, {"when": summer}])
    date_cell, winter_cell, summer_cell = sheet["B3"], sheet["B4"], sheet["B5"]
    assert date_cell.is_date and date_cell.value == datetime.datetime(2026, 4, 30)
    assert date_cell.number_format == "yyyy-mm-dd"
    assert winter_cell.value == datetime.datetime(2026, 1, 16, 0, 30), "CET is an hour ahead of UTC"
    assert summer_cell.value == datetime.datetime(2026, 7, 2, 0, 15, 59), "CEST is two hours ahead"
    assert winter_cell.number_format == "yyyy-mm-dd hh:mm"


def test_numbers_stay_numbers_and_empty_values_leave_no_cell():
    sheet = build([{"name": "", "when": None, "count": 12}])
    assert sheet["C3"].value == 12 and sheet["C3"].data_type == "n"
    assert sheet["A3"].value is None and sheet["B3"].value is None


def test_layout_title_row_frozen_bold_header_filter_widths_and_wrapping():
    sheet = build([{"name": "Ett", "count": 1}, {"name": "Två", "count": 2}])
    assert sheet["A1"].value == "Exempelviks kommun – Testlista – 2 mars 2026"
    assert sheet["A1"].font.b
    assert [cell.value for cell in sheet[2]] == ["Name", "When", "Count"]
    assert all(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:C4"
    assert sheet.print_title_rows == "$1:$2"
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [30, 12, 8]
    assert sheet["A3"].alignment.wrap_text and sheet["A3"].alignment.vertical == "top"
    assert sheet["C3"].alignment.vertical == "top"


@pytest.mark.django_db
def test_organisation_from_the_setting_else_the_default_site():
    Site.objects.filter(is_default_site=True).update(site_name="Exempelvik kommun (webb)")
    assert build([], organisation=None)["A1"].value.startswith("Exempelvik kommun (webb) – Testlista")
    with override_settings(KVALITET_ORGANISATION_NAME="Exempelviks kommun, socialnämnden"):
        assert build([], organisation=None)["A1"].value.startswith("Exempelviks kommun, socialnämnden – ")
    assert build([], organisation="")["A1"].value == "Testlista – 2 mars 2026"


def test_fills_colour_the_cell_and_its_text():
    sheet = build([{"name": Styled("Uppfyllt", fill=GREEN)}, {"name": Styled("Ej uppfyllt", fill=RED)}])
    assert sheet["A3"].fill.fgColor.rgb == "00C6EFCE" and sheet["A3"].font.color.rgb == "00006100"
    assert sheet["A4"].fill.fgColor.rgb == "00FFC7CE" and sheet["A4"].font.color.rgb == "009C0006"


def relative_luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(hex_colour[n : n + 2], 16)) for n in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("fill", [GREEN, AMBER, RED, GREY], ids=["green", "amber", "red", "grey"])
def test_fill_colours_keep_text_readable(fill):
    lighter, darker = sorted((relative_luminance(fill.background), relative_luminance(fill.text)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG 2.1 AA for normal text


def test_links_point_to_their_address_and_overlong_addresses_are_left_out():
    url = "https://intranat.exempelvik.se/ledningssystem/rutin-for-klagomal/"
    too_long = "https://x.example/" + "a" * 3000
    sheet = build([{"name": Styled("Rutin för klagomål", link=url)}, {"name": Styled("Lång", link=too_long)}])
    assert sheet["A3"].hyperlink.target == url and sheet["A3"].font.u == "single"
    assert sheet["A4"].value == "Lång" and sheet["A4"].hyperlink is None


def test_links_stop_at_excels_limit_per_sheet(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_LINKS_PER_SHEET", 2)
    sheet = build([{"name": Styled(f"Rutin {n}", link=f"https://x.example/{n}/")} for n in range(3)])
    assert [cell.hyperlink.target if cell.hyperlink else None for cell in sheet["A"][2:]] == [
        "https://x.example/0/",
        "https://x.example/1/",
        None,
    ]
    assert sheet["A5"].value == "Rutin 2"


def test_rows_of_many_links_to_few_addresses_share_them():
    url = "https://intranat.exempelvik.se/rutin/"
    sheet = build([{"name": Styled(f"Krav {n}", link=url)} for n in range(50)])
    assert {cell.hyperlink.target for cell in sheet["A"][2:]} == {url}
    assert [cell.hyperlink.ref for cell in sheet["A"][2:5]] == ["A3", "A4", "A5"]


def test_a_sheet_without_rows_still_has_its_header_and_filter():
    sheet = build([])
    assert [cell.value for cell in sheet[2]] == ["Name", "When", "Count"]
    assert sheet.auto_filter.ref == "A2:C2" and sheet_rows(sheet) == []


def test_sheet_names_lose_characters_excel_forbids():
    builder = WorkbookBuilder("Lista", organisation="", today=datetime.date(2026, 3, 2))
    builder.add_sheet("Lagkrav: SoL/LSS [2026] och mycket mer text än trettioen tecken", COLUMNS, [])
    file = io.BytesIO()
    builder.save(file)
    assert open_workbook(file.getvalue()).sheetnames == ["Lagkrav  SoL LSS  2026  och myc"]


def test_response_streams_the_workbook_as_a_download():
    builder = WorkbookBuilder("Lista", organisation="Exempelviks kommun", today=datetime.date(2026, 3, 2))
    builder.add_sheet("Lista", COLUMNS, [{"name": "Ett"}])
    response = builder.response("lagkrav-2026-03-02")
    assert response["Content-Type"] == workbook.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="lagkrav-2026-03-02.xlsx"'
    assert open_workbook(response).active["A3"].value == "Ett"


def test_csv_keeps_formula_like_text_inert():
    with override_settings(TIME_ZONE="Europe/Stockholm"):
        response = csv_response(
            "lista",
            COLUMNS,
            [
                {"name": "=1+1", "when": datetime.date(2026, 4, 30), "count": 3},
                {"name": Styled("Rutin, med komma", link="https://x/"),
                 "when": datetime.datetime(2026, 1, 15, 23, 30, tzinfo=datetime.UTC)},
            ],
        )
        text = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    assert text.splitlines() == ["\ufeffName,When,Count", "'=1+1,2026-04-30,3", '"Rutin, med komma",2026-01-16 00:30,']
