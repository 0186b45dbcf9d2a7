"""The demo's annual cycle in a real browser: WCAG 2.1 AA, and the wheel's content as a list for keyboards.

The wheel is a picture; a screen reader user or a keyboard user gets the same occurrences from the
month-by-month list beside it, so every marker drawn must be in the list and every link in the list
must be reached by Tab.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_public_pages import open_page
from wagtail_kvalitet.models import AnnualCyclePage, OrganisationUnit

LIST_LINKS = "main .kvalitet-cycle__months a[href]"


def cycle_url(demo):
    return demo["url"] + AnnualCyclePage.objects.get().url


def test_the_annual_cycle_meets_wcag_21_aa_and_the_wheel_is_in_the_list(page, demo):
    open_page(page, cycle_url(demo))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Årshjul")
    assert_no_axe_violations(page)

    wheel = page.locator("main figure.kvalitet-wheel")
    expect(wheel).to_have_attribute("aria-hidden", "true")
    expect(wheel.locator("svg")).to_be_visible()
    expect(wheel.locator(".kvalitet-wheel__month")).to_have_count(12)
    # Nothing in the hidden wheel can take focus.
    assert wheel.evaluate("w => w.querySelectorAll('a, button, [tabindex]').length") == 0

    drawn = page.locator("main .kvalitet-wheel__marker").evaluate_all(
        "markers => markers.map(m => m.dataset.occurrence)"
    )
    assert len(drawn) >= 20
    listed = page.locator("main .kvalitet-cycle__occurrence").evaluate_all(
        "items => items.map(i => i.dataset.occurrence)"
    )
    assert sorted(drawn) == sorted(listed)
    for key in drawn[:5] + drawn[-5:]:
        item = page.locator(f'main .kvalitet-cycle__occurrence[data-occurrence="{key}"]')
        expect(item).to_be_visible()
        expect(item.locator("h4 time")).to_have_attribute("datetime", key.split("-", 1)[1])
        expect(item.locator(".kvalitet-cycle-state")).not_to_be_empty()
    # Twelve month headings, each inside the section the month navigation jumps to.
    expect(page.locator("main .kvalitet-cycle__month h3")).to_have_count(12)


def test_every_link_in_the_list_is_reached_by_tab_and_the_month_links_jump(page, demo):
    open_page(page, cycle_url(demo))
    wanted = page.locator(LIST_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(wanted) > 12  # the month navigation and the routine links
    reached = set()
    for _ in range(len(wanted) + 80):
        page.keyboard.press("Tab")
        href = page.evaluate(
            f"() => document.activeElement.matches({LIST_LINKS!r}) ? document.activeElement.getAttribute('href') : null"
        )
        if href is not None:
            reached.add(href)
        if reached == set(wanted):
            break
    assert reached == set(wanted)

    page.locator('main .kvalitet-cycle__month-nav a[href="#kvalitet-month-6"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#kvalitet-month-6$"))
    expect(page.locator("#kvalitet-month-6 h3")).to_be_in_viewport()


def test_the_unit_filter_and_the_years_by_keyboard(page, demo):
    open_page(page, cycle_url(demo))
    everything = page.locator("main .kvalitet-cycle__occurrence").count()
    page.locator("#id_unit").select_option(str(OrganisationUnit.objects.get(code="FS-LIND").pk))
    page.locator("form.kvalitet-filters button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]unit=\d+"))
    fewer = page.locator("main .kvalitet-cycle__occurrence").count()
    assert 0 < fewer < everything
    assert_no_axe_violations(page)

    page.locator("main .kvalitet-cycle__years a[rel=next]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"year=\d{4}"))
    expect(page.locator("main .kvalitet-cycle-state--coming")).to_have_count(fewer)
