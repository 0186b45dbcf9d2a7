"""Every combination of the register's filters and search gives the same requirements in the admin listing,
its download and ``kvalitet_export_legal``: all three go through the one filterset."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.exports.builders import make_requirement, make_statute
from wagtail_kvalitet.models import ComplianceStatus

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
#: The listing without the admin's chrome: the same view and rows, rendered faster.
RESULTS_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list_results"


@pytest.fixture
def register(tree):
    """Requirements spread over two statutes, the unit tree, two people, statuses, review dates and words."""
    today = timezone.localdate()
    sol, sosfs = make_statute(title="Socialtjänstlag"), make_statute(title="SOSFS 2011:9")
    karin, ali = make_user(first_name="Karin"), make_user(first_name="Ali")
    dues = [today - datetime.timedelta(days=5), today + datetime.timedelta(days=10), None,
            today + datetime.timedelta(days=300)]
    units = [[], [tree["elderly"]], [tree["home_care"]], [tree["group_home"]], [tree["admin"]],
             [tree["nursing_home"], tree["disability"]], [tree["elderly"], tree["home_care"]]]
    statuses = [ComplianceStatus.MET, ComplianceStatus.NOT_MET, ComplianceStatus.PARTLY_MET]
    for n in range(24):
        make_requirement(
            (sol, sosfs)[n % 2],
            units=units[n % 7],
            title=("Riskanalys" if n % 5 == 0 else "Dokumentation") + f" {n}",
            responsible_person=(karin, ali, None)[n % 3],
            status=statuses[n % 4 % 3],
            next_review_due=dues[n % 4],
        )
    return {
        "statute": ["", str(sol.pk)],
        "unit": ["", str(tree["elderly"].pk), str(tree["home_care"].pk)],
        "responsible_person": ["", str(karin.pk)],
        "status": ["", ComplianceStatus.MET],
        "review": ["", "overdue", "due"],
        "q": ["", "riskanalys"],
    }


def ids_in(path):
    workbook = load_workbook(path, read_only=True)
    try:
        return [row[0] for row in workbook.worksheets[0].iter_rows(min_row=3, max_col=1, values_only=True)]
    finally:
        workbook.close()


def test_listing_download_and_command_agree_for_every_filter_combination(admin_client, register, tmp_path):
    results = set()
    names = list(register)
    for values in itertools.product(*register.values()):
        params = {name: value for name, value in zip(names, values, strict=True) if value}
        response = admin_client.get(reverse(RESULTS_URL), params)
        assert response.status_code == 200
        listed = [item.pk for item in response.context["object_list"]]

        download = admin_client.get(reverse(LIST_URL), {**params, "export": "xlsx"})
        downloaded = tmp_path / "download.xlsx"
        downloaded.write_bytes(b"".join(download.streaming_content))

        written = tmp_path / "command.xlsx"
        options = {name: value for name, value in params.items() if name != "q"}
        call_command("kvalitet_export_legal", out=str(written), search=params.get("q", ""), stdout=io.StringIO(),
                     **options)

        # The same requirements; their order is the listing's, which leaves ties to the database.
        assert sorted(ids_in(downloaded)) == sorted(listed), params
        assert sorted(ids_in(written)) == sorted(listed), params
        results.add(tuple(sorted(listed)))
    assert len(results) > 30, "the filters must actually tell the requirements apart"
