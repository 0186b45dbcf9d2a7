"""``manage.py kvalitet_export_legal``: the same workbook as the admin's download, written to a file."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import gettext

from tests.conftest import make_user
from tests.exports.builders import column_values, make_requirement, make_review, make_statute, open_workbook
from wagtail_kvalitet.models import ComplianceStatus

pytestmark = pytest.mark.django_db


def export(path, **options):
    stdout = io.StringIO()
    call_command("kvalitet_export_legal", out=str(path), stdout=stdout, **options)
    return stdout.getvalue()


def test_writes_the_filtered_list_and_its_history(tmp_path, tree):
    today = timezone.localdate()
    karin = make_user(first_name="Karin", last_name="Lund")
    sol = make_statute(title="Socialtjänstlag")
    late = make_requirement(sol, title="Riskanalys", units=[tree["elderly"]], responsible_person=karin,
                            next_review_due=today - datetime.timedelta(days=3))
    make_requirement(sol, title="Journalföring", responsible_person=karin,
                     next_review_due=today + datetime.timedelta(days=90))
    make_requirement(title="Annan lag", next_review_due=today - datetime.timedelta(days=3))
    make_review(late, reviewed_on=today - datetime.timedelta(days=400))
    path = tmp_path / "lagkrav.xlsx"

    output = export(path, statute=str(sol.pk), unit=str(tree["home_care"].pk), review="overdue",
                    responsible_person=str(karin.pk))

    workbook = open_workbook(path.read_bytes())
    assert column_values(workbook.worksheets[0], "Krav") == ["Riskanalys"]
    assert column_values(workbook.worksheets[1], "ID") == [late.pk]
    message = gettext("Wrote %(requirements)d requirements and %(reviews)d reviews to %(file)s.")
    assert output.strip() == message % {"requirements": 1, "reviews": 1, "file": path}


def test_search_narrows_the_list(tmp_path):
    make_requirement(title="Riskanalys vid förändring")
    make_requirement(title="Journalföring")
    path = tmp_path / "lagkrav.xlsx"
    export(path, search="  riskanal ")
    assert column_values(open_workbook(path.read_bytes()).worksheets[0], "Krav") == ["Riskanalys vid förändring"]


def test_a_value_the_filters_refuse_is_an_error_and_the_old_file_stays(tmp_path):
    make_requirement(status=ComplianceStatus.MET)
    path = tmp_path / "lagkrav.xlsx"
    path.write_bytes(b"the previous export")
    with pytest.raises(CommandError) as error:
        export(path, statute="999999")
    assert str(error.value).startswith(gettext("Statute") + ": ")
    assert path.read_bytes() == b"the previous export"
    assert [item.name for item in tmp_path.iterdir()] == ["lagkrav.xlsx"], "no half-written file is left"


def test_refuses_a_file_name_that_is_not_xlsx_or_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx"):
        export(tmp_path / "lagkrav.csv")
    with pytest.raises(CommandError):
        export(tmp_path / "saknas" / "lagkrav.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_leaves_no_partial_file(tmp_path):
    make_requirement()
    target = tmp_path / "lagkrav.xlsx"
    target.mkdir()  # a folder where the file should go: moving the finished workbook there fails
    with pytest.raises(CommandError):
        export(target)
    assert [item.name for item in tmp_path.iterdir()] == ["lagkrav.xlsx"] and target.is_dir()
