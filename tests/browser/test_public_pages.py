"""The demo's public pages as a visitor meets them: content, WCAG 2.1 AA (axe), keyboard and login.

The municipality's public site must be accessible by law (DOS-lagen), so every public page the
app renders is checked with axe in a real browser, not only for its status code.
"""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

SKIP_LINK_TEXT = re.compile(r"^\s*(Skip to content|Hoppa till innehållet)\s*$")


def open_page(page, url):
    """Open a public page; fail unless it and everything it loads (e.g. stylesheets) arrived."""
    broken = []

    def note_if_broken(response):
        if response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    page.on("response", note_if_broken)
    response = page.goto(url)
    status = response.status if response else None
    assert status == 200, f"{url} answered {status}"
    assert not broken, f"{url} loaded with broken resources: {broken}"
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    return response


def test_home_page_links_to_the_demo_sections(page, demo):
    open_page(page, demo["url"] + "/")
    expect(page.locator("h1")).to_have_text("Exempelvik kommun")
    sections = page.locator("main nav")
    for section, path in ((demo["public"], "/kvalitet-exempel/"), (demo["intranet"], "/intranat-exempel/")):
        expect(sections.get_by_role("link", name=section.title, exact=True)).to_have_attribute("href", path)
    assert_no_axe_violations(page)


def test_public_section_page(page, demo):
    open_page(page, demo["url"] + "/kvalitet-exempel/")
    expect(page.locator("main h1")).to_have_text(demo["public"].title)
    expect(page.locator("main")).to_contain_text("Socialnämnden i Exempelvik")
    expect(page.locator("main").get_by_role("link", name="Vår organisation", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_organisation_page_shows_the_units(page, demo):
    open_page(page, demo["url"] + "/kvalitet-exempel/organisation/")
    expect(page.locator("main h1")).to_have_text("Vår organisation")
    names = page.locator("main .kvalitet-tree__name")
    for name in ("Socialnämnden", "Socialförvaltningen", "Äldreomsorg", "Hemtjänst Norr"):
        expect(names.filter(has_text=re.compile(f"^{re.escape(name)}$"))).to_be_visible()
    home_care = page.locator("main .kvalitet-tree__unit").filter(
        has=page.locator(".kvalitet-tree__name", has_text=re.compile("^Hemtjänst Norr$"))
    )
    expect(home_care).to_contain_text("Sara Ek")
    assert_no_axe_violations(page)


def test_intranet_sends_an_anonymous_visitor_to_log_in(page, demo):
    response = page.goto(demo["url"] + "/intranat-exempel/")
    location = urlsplit(page.url)
    assert location.path != "/intranat-exempel/", "the intranet page was shown without logging in"
    assert parse_qs(location.query).get("next") == ["/intranat-exempel/"], page.url
    assert response.status == 200, f"the login page {page.url} answered {response.status}"
    expect(page.locator("input[type=password]")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("ledningssystem för systematiskt kvalitetsarbete")


def test_first_tab_reaches_the_skip_link_which_moves_focus_into_main(page, demo):
    open_page(page, demo["url"] + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(SKIP_LINK_TEXT)
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("Boolean(document.activeElement.closest('main'))"), (
        "after the skip link, focus is on " + page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    )
