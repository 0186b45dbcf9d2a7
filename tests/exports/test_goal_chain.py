"""The goal chain workbook, loaded back with openpyxl, and the admin download that serves it.

The board reads the workbook instead of the chain page, so it must show the same tree, the same
statuses (in words, not only colour) and the latest figures as numbers and dates a spreadsheet
can calculate with, and only to users who may see the indicators.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from wagtail_kvalitet.exports.goal_chain import GOAL_COLUMNS, INDENT, INDICATOR_COLUMNS, GoalChainExport
from wagtail_kvalitet.goals.status import GoalStatus
from wagtail_kvalitet.models import GoalLevel, QualityArea
from wagtail_kvalitet.reports.goal_chains import GoalChainExportMenuItem, goal_chain_export_menu_item

pytestmark = pytest.mark.django_db

URL = "wagtail_kvalitet_goal_chain_export:index"
TODAY = datetime.date(2026, 5, 4)


def label(status):
    return str(GoalStatus(status).label)


def load(content):
    if hasattr(content, "streaming_content"):
        content = b"".join(content.streaming_content)
    return load_workbook(io.BytesIO(content))


def export(chain, user=None):
    file = io.BytesIO()
    GoalChainExport(chain, user=user, today=TODAY).save(file)
    return load(file.getvalue())


def values(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


@pytest.fixture
def chain(tree):
    """A board goal on track by itself but with an administration goal off track below it."""
    area = QualityArea.objects.order_by("sort_order").first()
    chain = make_chain(title="Målkedja 2026")
    board_goal = make_goal(chain, tree["board"], quality_areas=[area], title="Trygg omsorg")
    admin_goal = make_goal(board_goal, tree["admin"], title="Nöjda brukare")
    make_goal(board_goal, tree["admin"], live=False, title="Utkast")
    satisfaction = make_indicator(
        tree["board"], name="Brukarnöjdhet", code="brukarnojdhet", unit_of_measure="%", kolada_kpi="U21468"
    )
    waiting = make_indicator(
        tree["admin"], name="Väntetid", code="vantetid", unit_of_measure="dagar", higher_is_better=False
    )
    link(board_goal, satisfaction, 80, target_date=datetime.date(2026, 12, 31))
    add_measurement(satisfaction, tree["board"], "2024", 70)
    add_measurement(satisfaction, tree["board"], "2025", "85.5", value_women=88, value_men="82.25")
    link(admin_goal, waiting, 10)
    add_measurement(waiting, tree["admin"], "2025", 30)
    link(admin_goal, make_indicator(tree["admin"], name="Utan siffror", code="utan-siffror"), 5)
    return chain


def test_goals_sheet_lists_the_live_tree_with_rolled_up_and_own_status(chain, tree):
    sheet = export(chain)[gettext("Goals")]
    caption = sheet["A1"].value
    assert gettext("Goals") in caption
    assert str(TODAY.year) in caption
    assert [cell.value for cell in sheet[2]] == [str(column.heading) for column in GOAL_COLUMNS]
    assert sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    area = QualityArea.objects.order_by("sort_order").first()
    assert values(sheet) == [
        [
            "Trygg omsorg",
            str(GoalLevel.BOARD.label),
            "Socialnämnden",
            area.name,
            label(GoalStatus.OFF_TRACK),
            label(GoalStatus.ON_TRACK),
            1,
        ],
        [
            INDENT + "Nöjda brukare",
            str(GoalLevel.ADMINISTRATION.label),
            "Socialförvaltningen",
            None,
            label(GoalStatus.OFF_TRACK),
            label(GoalStatus.OFF_TRACK),
            2,
        ],
    ]
    # Colour as well as words: the board goal's own status is green, its rolled-up status red.
    assert sheet["E3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["F3"].fill.fgColor.rgb.endswith("C6EFCE")


def test_indicator_sheet_holds_latest_figures_as_numbers_and_dates(chain):
    sheet = export(chain)[gettext("Indicators")]
    assert [cell.value for cell in sheet[2]] == [str(column.heading) for column in INDICATOR_COLUMNS]
    rows = values(sheet)
    assert rows[0] == [
        "Trygg omsorg",
        "Brukarnöjdhet",
        "brukarnojdhet",
        "%",
        gettext("Higher is better"),
        80,
        datetime.datetime(2026, 12, 31),
        "2025",
        85.5,
        88,
        82.25,
        label(GoalStatus.ON_TRACK),
        "U21468",
    ]
    assert sheet["G3"].is_date
    assert sheet["I3"].data_type == "n"
    assert rows[1][:2] == ["Nöjda brukare", "Väntetid"]
    assert rows[1][4] == gettext("Lower is better")
    assert rows[1][8] == 30
    assert rows[1][11] == label(GoalStatus.OFF_TRACK)
    assert rows[2][1] == "Utan siffror"
    assert rows[2][7:11] == [None, None, None, None]
    assert rows[2][11] == label(GoalStatus.NO_FIGURES)
    assert len(rows) == 3


@override_settings(KVALITET_ORGANISATION_NAME="Exempelviks kommun")
def test_title_row_names_the_organisation(chain):
    assert "Exempelviks kommun" in export(chain)[gettext("Indicators")]["A1"].value


def grow(chain, tree, goals):
    parent = chain
    for number in range(goals):
        goal = make_goal(parent, tree["home_care"], quality_areas=QualityArea.objects.all()[:2])
        indicator = make_indicator(tree["home_care"])
        link(goal, indicator, 50)
        add_measurement(indicator, tree["home_care"], "2025", number)
        parent = goal if number % 2 else chain


def queries_for(chain):
    with CaptureQueriesContext(connection) as context:
        export(chain)
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_chain(tree):
    small, large = make_chain(), make_chain()
    grow(small, tree, 2)
    grow(large, tree, 12)
    assert len(values(export(large)[gettext("Goals")])) == 12
    assert queries_for(small) == queries_for(large)


def exporter(perms):
    user = make_user(is_staff=True)
    user.user_permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (perm.split(".") for perm in perms)
        ]
    )
    return user


def test_admin_form_lists_chains_and_downloads_the_chosen_one(client, chain):
    other = make_chain(title="Målkedja 2027")
    client.force_login(exporter(["wagtailadmin.access_admin", "wagtail_kvalitet.view_indicator"]))
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    options = page.context["form"].fields["chain"].queryset
    assert list(options) == [chain, other]
    assert 'method="get"' in page.content.decode()

    response = client.get(reverse(URL), {"chain": chain.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "malkedja-" in response["Content-Disposition"]
    workbook = load(response)
    assert workbook.sheetnames == [gettext("Goals"), gettext("Indicators")]
    assert values(workbook[gettext("Goals")])[0][0] == "Trygg omsorg"


def test_unknown_chain_shows_the_form_with_an_error(admin_client, chain):
    response = admin_client.get(reverse(URL), {"chain": chain.pk + 999})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors


def test_refused_without_view_permission_on_indicators(client, rf, chain):
    user = exporter(["wagtailadmin.access_admin"])
    client.force_login(user)
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    for query in ({}, {"chain": chain.pk}):
        response = client.get(reverse(URL), query)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    request = rf.get("/")
    request.user = user
    assert not goal_chain_export_menu_item().is_shown(request)


def test_menu_item_shown_to_those_who_may_export(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    item = goal_chain_export_menu_item()
    assert isinstance(item, GoalChainExportMenuItem)
    assert item.is_shown(request)
    assert item.url == reverse(URL)
