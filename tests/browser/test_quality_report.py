"""The demo's quality report in a real browser: WCAG 2.1 AA, its table of contents by keyboard, and A4 print.

The report goes to the board on paper as often as on screen, so besides axe and the keyboard this
checks that, printed, no table is wider than the page, each chapter starts a page of its own, and
the whole prints to a sensible number of A4 pages.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_manual_pages import log_in
from wagtail_kvalitet.quality_report.contents import report_contents
from wagtail_kvalitet.quality_report.draft import build_draft

YEAR = 2025
TOC_LINKS = "main nav.kvalitet-quality-report__toc a[href^='#']"


def published_report(demo):
    """The demo manual's report for 2025, written as a draft and published as staff would."""
    from tests.conftest import make_user

    author = make_user(username="kvalitetsutvecklare", is_superuser=True)
    report = build_draft(demo["manual"], YEAR, author)
    report.latest_revision.publish()
    report.refresh_from_db()
    return report


def pdf_page_count(pdf):
    """Page objects in the PDF: ``/Type /Page`` but not the ``/Type /Pages`` tree nodes."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_report_meets_wcag_21_aa_and_its_contents_reach_each_chapter_by_keyboard(page, demo):
    report = published_report(demo)
    chapters = report_contents(report.body).chapters
    log_in(page, demo["url"], report.url)
    expect(page.locator("main h1")).to_have_text(report.title)
    assert_no_axe_violations(page)

    hrefs = page.locator(TOC_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"#{chapter.anchor}" for chapter in chapters]
    expect(page.locator("main section.kvalitet-quality-report__chapter > h2")).to_have_count(len(chapters))

    reached = []
    for _ in range(len(hrefs) + 40):
        page.keyboard.press("Tab")
        href = page.evaluate(
            f"() => document.activeElement.matches({TOC_LINKS!r}) ? document.activeElement.getAttribute('href') : null"
        )
        if href is not None and href not in reached:
            reached.append(href)
        if len(reached) == len(hrefs):
            break
    assert reached == hrefs, "Tab did not reach every entry of the contents in order"

    for href in (hrefs[0], hrefs[len(hrefs) // 2], hrefs[-1]):
        page.locator(f"{TOC_LINKS}[href='{href}']").focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        heading = page.locator(href)
        expect(heading).to_be_in_viewport()
        expect(heading).to_be_focused()


def test_printed_on_a4_no_table_is_wider_than_the_page_and_each_chapter_starts_a_page(page, demo):
    report = published_report(demo)
    chapters = len(report_contents(report.body).chapters)
    log_in(page, demo["url"], report.url)

    page.emulate_media(media="print")
    expect(page.locator("main nav.kvalitet-quality-report__toc")).to_be_visible()
    widths = page.locator("main table").evaluate_all(
        "tables => tables.map(t => [t.scrollWidth, t.parentElement.clientWidth, t.caption && t.caption.textContent])"
    )
    assert len(widths) >= chapters
    too_wide = [caption for width, room, caption in widths if width > room + 1]
    assert not too_wide, f"tables wider than the printed page: {too_wide}"
    breaks = page.locator("main section.kvalitet-quality-report__chapter").evaluate_all(
        "sections => sections.map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks == ["page"] * chapters

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    pages = pdf_page_count(pdf)
    assert chapters + 1 <= pages <= 4 * chapters, f"the report printed to {pages} A4 pages for {chapters} chapters"
