"""Reading a workbook for import: where the header is, which rows count, and files that cannot be imported."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from tests.imports.builders import headings, workbook_file
from wagtail_kvalitet.exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from wagtail_kvalitet.imports.legal_requirements import REQUIRED_COLUMNS
from wagtail_kvalitet.imports.sheets import read_sheet, split_list


def read(file, **kwargs):
    return read_sheet(file, LEGAL_REQUIREMENT_COLUMNS, REQUIRED_COLUMNS, **kwargs)


def sheet_file(*rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    return file


def refusal(file, **kwargs):
    with pytest.raises(ValidationError) as refused:
        read(file, **kwargs)
    return refused.value.messages[0]


def test_the_header_is_found_below_the_title_and_rows_keep_their_spreadsheet_numbers():
    rows = [{"title": "Ett"}, {}, {"title": "Två", "units": "  Tallgården  "}, {}, {}]
    sheet = read(workbook_file(rows, ["id", "statute", "title", "units"]))
    assert sheet.header_row == 3
    assert [(row.number, row.values["title"]) for row in sheet.rows] == [(4, "Ett"), (6, "Två")]
    assert sheet.rows[1].values == {"id": None, "statute": None, "title": "Två", "units": "Tallgården"}


def test_only_the_first_sheet_is_read():
    sheet = read(workbook_file([{"title": "Krav"}]))
    assert [row.values["title"] for row in sheet.rows] == ["Krav"]


def test_cells_list_several_things_separated_by_semicolons_or_line_breaks():
    assert split_list(" Tallgården;Linden ;\nHemtjänst Norr\n\n") == ["Tallgården", "Linden", "Hemtjänst Norr"]
    assert split_list(None) == []


def compound_file(*streams):
    """The start of an OLE compound file, as Excel writes for .xls and for password-protected .xlsx."""
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in streams)
    return io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory)


def zip_file(name, content):
    file = io.BytesIO()
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr(name, content)
    file.seek(0)
    return file


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (io.BytesIO("ID;Författning;Krav\n1;SoL;Klagomål\n".encode()), "The file is not an Excel workbook (.xlsx)."),
        (compound_file("EncryptionInfo", "EncryptedPackage"), "The workbook is protected with a password."),
        (compound_file("Workbook", "SummaryInformation"), "This is an old Excel file (.xls)."),
        (io.BytesIO(b"PK\x03\x04" + b"trasig" * 100), "The file could not be read as an Excel workbook."),
        (zip_file("word/document.xml", "<w:document/>"), "The file could not be read as an Excel workbook."),
        (io.BytesIO(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)), "The file is larger than 5 MB."),
    ],
    ids=["text", "password", "xls", "corrupt", "not-a-workbook", "too-large"],
)
def test_files_that_are_not_readable_workbooks_are_refused_with_a_message(file, message):
    assert refusal(file).startswith(message)


def test_an_empty_sheet_is_refused():
    assert refusal(sheet_file()) == "The first sheet of the workbook is empty."


def test_a_sheet_without_the_headings_is_refused():
    message = refusal(sheet_file(["Lagkrav"], ["Lag", "Vad"], ["SoL", "Klagomål"]))
    assert message.startswith("No header row found in the first 10 rows.")
    for key in REQUIRED_COLUMNS:
        assert headings([key])[0] in message


def test_a_header_below_the_tenth_row_is_not_found():
    assert refusal(sheet_file(*[["Titel"]] * 10, headings(), ["1"])).startswith("No header row found")


def test_a_header_that_lacks_a_required_column_says_which():
    message = refusal(sheet_file(headings(["id", "statute", "units"]), [1, "SoL", "Linden"]))
    assert message == f"The header row lacks the column(s): {headings(['title'])[0]}."


def test_a_heading_twice_is_refused():
    header = headings(["id", "statute", "title", "title"])
    assert refusal(sheet_file(header, [1, "SoL", "A", "B"])).startswith(f"The column “{header[3]}” appears twice")


def test_a_header_without_rows_is_refused():
    assert refusal(sheet_file(headings(), [], [])) == "The sheet has no rows below the header row."


def test_the_number_of_rows_is_capped():
    file = workbook_file([{"title": f"Krav {n}"} for n in range(4)])
    assert refusal(file, max_rows=3).startswith("The sheet has more than 3 rows.")
    file.seek(0)
    assert len(read(file, max_rows=4).rows) == 4
