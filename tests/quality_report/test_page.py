"""The published report as readers see it: a numbered table of contents that matches its chapters, and
tables a screen reader can navigate (caption, column headings, a heading per row)."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_user
from tests.quality_report.builders import TODAY, YEAR, build_system
from wagtail_kvalitet.quality_report.contents import report_contents
from wagtail_kvalitet.quality_report.draft import build_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    system = build_system()
    page = build_draft(system["manual"], YEAR, make_user(is_superuser=True), today=TODAY)
    page.latest_revision.publish()
    page.refresh_from_db()
    return page


def render(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_table_of_contents_lists_each_chapter_in_order_with_its_number(client, report):
    html = render(client, report)
    assert len(html.select("main h1")) == 1
    links = html.select("nav.kvalitet-quality-report__toc ol li a")
    headings = html.select("section.kvalitet-quality-report__chapter > h2")
    chapters = report_contents(report.body).chapters
    assert len(links) == len(headings) == len(chapters) == 6
    for number, (link, heading, chapter) in enumerate(zip(links, headings, chapters, strict=True), start=1):
        assert link["href"] == f"#{heading['id']}" == f"#{chapter.anchor}"
        assert link.select_one(".kvalitet-quality-report__number").get_text() == str(number)
        assert heading.select_one(".kvalitet-quality-report__number").get_text() == str(number)
        assert heading.parent["aria-labelledby"] == heading["id"]
    assert len({heading["id"] for heading in headings}) == 6


def test_every_table_has_a_caption_column_headings_and_row_headings(client, report):
    html = render(client, report)
    tables = html.select("main table")
    assert len(tables) >= 12
    for table in tables:
        assert table.caption.get_text(strip=True)
        columns = table.select("thead tr th")
        assert columns and all(th["scope"] == "col" for th in columns)
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert cells[0].name == "th" and cells[0]["scope"] == "row"
            assert all(cell.name == "td" for cell in cells[1:])
            assert len(cells) == len(columns)


def test_the_page_loads_the_print_stylesheet(client, report):
    html = render(client, report)
    assert any(link["href"].endswith("quality_report.css") for link in html.select("link[rel=stylesheet]"))


def test_a_chapter_added_by_an_editor_is_numbered_and_listed(client, report):
    report.body.append(("chapter", "Tack"))
    report.save_revision().publish()
    html = render(client, report)
    links = html.select("nav.kvalitet-quality-report__toc ol li")
    assert len(links) == 7 and links[-1]["data-chapter"] == "7"


def test_the_page_takes_the_same_queries_whatever_the_number_of_tables(client, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    render(client, report)
    with CaptureQueriesContext(connection) as few:
        render(client, report)
    table = next(block for block in report.body if block.block_type == "figures")
    for _index in range(10):
        report.body.append(("figures", table.value))
    report.save_revision().publish()
    render(client, report)
    with CaptureQueriesContext(connection) as many:
        render(client, report)
    assert len(many) == len(few)
