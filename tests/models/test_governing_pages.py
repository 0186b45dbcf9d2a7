"""Manual, process and routine pages: what readers see, and query counts that do not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from tests.builders import make_manual, make_process, make_routine, make_section, risk
from wagtail_kvalitet.blocks import risk_level
from wagtail_kvalitet.models import ProcessKind, ProcessPage, ReviewStatus, RoutinePage, add_months, process_map

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_process_page_queries_do_not_grow_with_its_blocks(client, tree):
    manual = make_manual()
    small = make_process(manual, blocks=3, unit=tree["elderly"])
    large = make_process(manual, blocks=40, unit=tree["elderly"])
    client.get(small.url)  # warm the site-root and content-type caches
    small_count, small_html = count_queries(client, small.url)
    large_count, large_html = count_queries(client, large.url)
    assert large_html.count('class="kvalitet-role"') == 14
    assert large_html.count('class="kvalitet-risk"') == 13
    assert small_count == large_count


def test_manual_process_map_queries_do_not_grow_with_processes(client):
    small = make_manual()
    large = make_manual()
    for index in range(5):
        make_process(small, kind=list(ProcessKind)[index % 3])
    for index in range(60):
        make_process(large, kind=list(ProcessKind)[index % 3])
    client.get(small.url)
    small_count, _ = count_queries(client, small.url)
    large_count, html = count_queries(client, large.url)
    assert html.count('class="kvalitet-process-map__list"') == 3
    assert small_count == large_count


def test_process_map_groups_live_processes_by_kind_in_tree_order():
    manual = make_manual()
    chapter = make_section(manual)
    first = make_process(manual, kind=ProcessKind.CORE, title="Bistånd")
    nested = make_process(chapter, kind=ProcessKind.CORE, title="Hemtjänst")
    support = make_process(manual, kind=ProcessKind.SUPPORT, title="Kompetens")
    draft = make_process(manual, kind=ProcessKind.MANAGEMENT, title="Utkast")
    draft.unpublish()
    rows = {row["kind"]: row["processes"] for row in process_map(manual)}
    assert list(rows) == ["management", "core", "support"]
    assert rows["management"] == []
    assert [p.pk for p in rows["core"]] == [nested.pk, first.pk]  # the chapter comes first in the tree
    assert [p.pk for p in rows["support"]] == [support.pk]


def test_manual_page_links_each_process_from_the_map(client):
    manual = make_manual()
    process = make_process(manual, kind=ProcessKind.MANAGEMENT, title="Styrning och uppföljning")
    html = client.get(manual.url).content.decode()
    assert f'href="{process.url}"' in html
    assert "Ledningsprocesser" in html and "Kärnprocesser" in html and "Stödprocesser" in html
    assert "Planera" in html  # the standard improvement-cycle text, in Swedish


def test_risks_are_numbered_scored_and_placed_in_the_matrix(client):
    manual = make_manual()
    process = make_process(manual)
    process.body = [risk(4, 4, "Fallolycka"), risk(1, 2, "Försenad journal")]
    process.save_revision().publish()
    html = client.get(process.url).content.decode()
    assert "Risk 1: Fallolycka" in html and "Risk 2: Försenad journal" in html
    assert "16: Mycket hög risk" in html and "2: Låg risk" in html
    matrix = html[html.index("kvalitet-risk-matrix") :]
    assert matrix.index("1. Fallolycka") < matrix.index("2. Försenad journal")  # most probable row first


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1, "low"),
        (3, "low"),
        (4, "medium"),
        (6, "medium"),
        (8, "high"),
        (9, "high"),
        (12, "very-high"),
        (16, "very-high"),
    ],
)
def test_risk_levels(score, level):
    assert risk_level(score)[0] == level


def test_routine_page_shows_what_it_applies_to_and_its_process(client, tree):
    manual = make_manual()
    process = make_process(manual, title="Hemtjänst")
    routine = make_routine(process, units=[tree["home_care"]], legal_basis="SoL 14 kap. 3 §")
    html = client.get(routine.url).content.decode()
    assert "Hemtjänst Norr" in html and "SoL 14 kap. 3 §" in html
    assert f'href="{process.url}"' in html
    everywhere = make_routine(process)
    assert "Alla enheter" in client.get(everywhere.url).content.decode()


def test_routine_must_sit_under_a_process():
    assert RoutinePage.parent_page_types == ["wagtail_kvalitet.ProcessPage"]
    assert ProcessPage in RoutinePage.allowed_parent_page_models()


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


@override_settings(KVALITET_REVIEW_DUE_SOON_DAYS=30)
def test_review_status():
    today = timezone.localdate()
    page = RoutinePage(approved_on=today - datetime.timedelta(days=400))
    assert RoutinePage(approved_on=None).review_status() == ReviewStatus.NOT_APPROVED
    page.review_by = today - datetime.timedelta(days=1)
    assert page.review_status() == ReviewStatus.OVERDUE
    page.review_by = today + datetime.timedelta(days=30)
    assert page.review_status() == ReviewStatus.DUE
    page.review_by = today + datetime.timedelta(days=31)
    assert page.review_status() == ReviewStatus.CURRENT


def test_overdue_page_tells_readers_it_is_under_review(client):
    manual = make_manual()
    process = make_process(manual)
    routine = make_routine(process)
    routine.approved_by_name = "Socialchef"
    routine.approved_on = datetime.date(2024, 3, 1)
    routine.review_by = datetime.date(2025, 3, 1)
    routine.save_revision().publish()
    html = client.get(routine.url).content.decode()
    assert "Fastställd av Socialchef den 1 mars 2024, revideras senast 1 mars 2025." in html
    assert "Under revision." in html
    routine.review_by = timezone.localdate() + datetime.timedelta(days=200)
    routine.save_revision().publish()
    assert "Under revision." not in client.get(routine.url).content.decode()


@override_settings(KVALITET_REVIEW_INTERVAL_MONTHS={"default": 6, "routinepage": 18})
def test_review_interval_comes_from_settings_per_page_type():
    assert RoutinePage.review_interval_months() == 18
    assert ProcessPage.review_interval_months() == 6
