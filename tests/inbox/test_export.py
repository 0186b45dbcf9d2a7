"""The inbox's download: the listing's own cases, in the app's workbook, without personal data, and logged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.case_builders import close, make_case
from tests.exports.builders import column_values, open_workbook, sheet_rows
from wagtail_kvalitet.exports.cases import CASE_COLUMNS
from wagtail_kvalitet.log_actions import CASE_EXPORTED
from wagtail_kvalitet.models import QualityArea

from .conftest import url

pytestmark = pytest.mark.django_db

PERSONAL = ("Greta Exempelsson", "greta@example.org", "070-1234567", "Exempelgatan 1", "Min mamma väntade")


def heading(key):
    return str(next(column.heading for column in CASE_COLUMNS if column.key == key))


def download(client, query=""):
    response = client.get(url("index") + "?export=xlsx" + query)
    assert response.status_code == 200
    return open_workbook(response).active


@pytest.fixture
def handled(tree, elderly_handler):
    areas = list(QualityArea.objects.order_by("sort_order")[:2])
    return make_case(
        tree["home_care"],
        received_at=timezone.now() - datetime.timedelta(days=40),
        name=PERSONAL[0],
        email=PERSONAL[1],
        phone=PERSONAL[2],
        postal_address=PERSONAL[3],
        description=PERSONAL[4],
        handler=elderly_handler,
        quality_areas=areas,
        lex_sarah=True,
        measures="Nytt schema för helger.",
    )


def test_the_workbook_holds_the_case_without_personal_data(client, handled, elderly_handler):
    client.force_login(elderly_handler)
    sheet = download(client)
    assert [cell.value for cell in sheet[2]] == [str(column.heading) for column in CASE_COLUMNS]
    [row] = sheet_rows(sheet)
    values = dict(zip([column.key for column in CASE_COLUMNS], row, strict=True))
    assert values["reference"] == handled.reference
    assert values["unit"] == "Hemtjänst Norr"
    assert values["handler"] == "Eva Ek"
    assert values["quality_areas"] == "; ".join(sorted(area.name for area in handled.quality_areas.all()))
    assert values["overdue"] and values["lex_sarah"] and not values["lex_maria"]
    assert values["handling_days"] == 40
    assert values["measures"] == "Nytt schema för helger."
    cells = " ".join(str(value) for value in row)
    for text in PERSONAL:
        assert text not in cells


def test_the_csv_has_the_same_columns(client, handled, elderly_handler):
    client.force_login(elderly_handler)
    response = client.get(url("index") + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, line = text.splitlines()[:2]
    assert header.split(",")[0] == heading("reference") and handled.reference in line
    for value in PERSONAL:
        assert value not in text


def test_the_export_is_the_filtered_and_searched_listing(admin_client, tree, handled):
    closed = close(make_case(tree["group_home"]))
    make_case(tree["nursing_home"], description="Om maten")
    assert column_values(download(admin_client, "&status__exact=closed"), heading("reference")) == [closed.reference]
    assert column_values(download(admin_client, f"&unit={tree['elderly'].pk}&q=Norr"), heading("reference")) == [
        handled.reference
    ]
    assert column_values(download(admin_client, "&overdue=any"), heading("reference")) == [handled.reference]


def test_an_export_is_logged_in_each_cases_history(client, tree, handled, elderly_handler):
    other = make_case(tree["elderly"])
    hidden = make_case(tree["group_home"])
    client.force_login(elderly_handler)
    download(client, f"&unit={tree['elderly'].pk}&q=SYN")
    logged = ModelLogEntry.objects.filter(action=CASE_EXPORTED)
    assert {entry.object_id for entry in logged} == {str(handled.pk), str(other.pk)}
    assert str(hidden.pk) not in {entry.object_id for entry in logged}
    entry = logged.first()
    assert entry.user == elderly_handler
    assert entry.data == {"count": 2, "filters": {"unit": str(tree["elderly"].pk), "q": True}, "format": "xlsx"}
    assert len({entry.uuid for entry in logged}) == 1
    for text in [*PERSONAL, "SYN"]:
        assert text not in str(entry.data)


def test_the_history_shows_the_export(client, handled, elderly_handler):
    client.force_login(elderly_handler)
    download(client)
    html = client.get(url("history", handled)).content.decode()
    assert ModelLogEntry.objects.get(action=CASE_EXPORTED).message in html


def export_queries(client, export_format):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("index") + f"?export={export_format}&overdue=any")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_the_number_of_cases(client, tree, elderly_handler, export_format):
    areas = list(QualityArea.objects.all()[:3])
    client.force_login(elderly_handler)

    def add(count):
        for _ in range(count):
            make_case(
                tree["home_care"],
                handler=elderly_handler,
                quality_areas=areas,
                received_at=timezone.now() - datetime.timedelta(days=30),
            )

    add(2)
    export_queries(client, export_format)
    few = export_queries(client, export_format)
    add(15)
    assert export_queries(client, export_format) == few
