"""The downloaded workbook opens in LibreOffice Calc as it was written, read back through headless ``soffice``.

openpyxl reading its own output proves little about other programs, so LibreOffice converts the
download to CSV (what a user sees in each sheet) and back to .xlsx (the types and links it read).
The tests are skipped when LibreOffice is not installed (Debian: ``libreoffice-calc-nogui``), unless
``KVALITET_REQUIRE_LIBREOFFICE=1`` (CI sets it), which makes them fail instead.
"""

import csv
import datetime
import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.exports.builders import make_requirement, make_review, make_routines, make_statute, open_workbook
from wagtail_kvalitet.exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from wagtail_kvalitet.models import ComplianceStatus

pytestmark = pytest.mark.django_db

SOFFICE = os.environ.get("KVALITET_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
#: LibreOffice's CSV export options: comma, double quotes, UTF-8, cells as shown, every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
KEYS = [column.key for column in LEGAL_REQUIREMENT_COLUMNS]


@pytest.fixture
def convert(tmp_path):
    if not SOFFICE:
        reason = "LibreOffice (soffice) is not installed; on Debian: apt-get install libreoffice-calc-nogui"
        if os.environ.get("KVALITET_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)

    def run(source, target_filter):
        out = tmp_path / "converted"
        out.mkdir(exist_ok=True)
        # A profile of its own, so that a LibreOffice already running elsewhere does not take the job.
        profile = (tmp_path / "profile").as_uri()
        result = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target_filter,
             "--outdir", str(out), str(source)],
            capture_output=True, text=True, timeout=180, check=False,
        )
        assert result.returncode == 0, result.stderr
        return out

    return run


@pytest.fixture
def downloaded(admin_client, tmp_path, tree):
    """The admin's download of a list with text a spreadsheet could misread, dates, colours and a link."""
    today = timezone.localdate()
    _process, routines = make_routines(1)
    statute = make_statute(title="Hälso- och sjukvårdslag", number="2017:30")
    requirement = make_requirement(
        statute,
        units=[tree["home_care"]],
        routines=routines,
        reference="5 kap. 1 §",
        title="=Patientsäkerhet",
        demands="+46 är inget nummer här; -1 inte heller\nochså en ny rad",
        responsible_person=make_user(first_name="Åsa", last_name="Öberg", username="asa"),
        status=ComplianceStatus.NOT_MET,
        last_reviewed=datetime.date(2025, 2, 28),
        next_review_due=today - datetime.timedelta(days=1),
        notes="@notering",
    )
    make_review(requirement, reviewed_on=datetime.date(2025, 2, 28), comment="=1+1")
    response = admin_client.get(reverse("wagtailsnippets_wagtail_kvalitet_legalrequirement:list"), {"export": "xlsx"})
    path = tmp_path / "lagkrav.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    return {"path": path, "requirement": requirement, "routine": routines[0], "today": today}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_libreoffice_shows_every_sheet_as_written(convert, downloaded):
    out = convert(downloaded["path"], CSV_FILTER)
    sheets = sorted(out.glob("*.csv"))
    assert len(sheets) == 2, [sheet.name for sheet in sheets]
    requirement_rows = read_csv(out / "lagkrav-Lagkrav.csv")
    history_rows = read_csv(next(sheet for sheet in sheets if sheet.name != "lagkrav-Lagkrav.csv"))

    assert requirement_rows[0][0].endswith(f"{downloaded['today'].year}")
    row = dict(zip(KEYS, requirement_rows[2], strict=True))
    assert row["id"] == str(downloaded["requirement"].pk)
    assert row["title"] == "=Patientsäkerhet", "shown as text, not run as a formula"
    assert row["demands"] == "+46 är inget nummer här; -1 inte heller\nochså en ny rad"
    assert row["notes"] == "@notering"
    assert row["responsible_person"] == "Åsa Öberg (asa)"
    assert row["last_reviewed"] == "2025-02-28"
    assert row["status"] == "Ej uppfyllt" and row["overdue"] == "Försenad"
    assert history_rows[2][2:3] == ["2025-02-28"] and history_rows[2][5] == "=1+1"


def test_libreoffice_reads_the_types_and_links(convert, downloaded):
    out = convert(downloaded["path"], "xlsx:Calc MS Excel 2007 XML")
    workbook = open_workbook((out / "lagkrav.xlsx").read_bytes())
    sheet = workbook.worksheets[0]
    row = dict(zip(KEYS, sheet[3], strict=True))
    assert row["title"].value == "=Patientsäkerhet" and row["title"].data_type == "s"
    assert row["id"].data_type == "n"
    assert row["last_reviewed"].is_date and row["last_reviewed"].value == datetime.datetime(2025, 2, 28)
    assert row["routines"].hyperlink.target == downloaded["routine"].full_url
    assert sheet.auto_filter.ref == "A2:R3"
    assert workbook.worksheets[1]["F3"].value == "=1+1" and workbook.worksheets[1]["F3"].data_type == "s"
