"""The legal requirement list on the intranet, and a routine page showing the requirements it meets, in a browser.

Staff check what the law demands of their unit on the intranet, so the list must work with a
keyboard alone and meet WCAG 2.1 AA in every state, like the routine pages it links to.
"""

import re

from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_manual_pages import MANUAL, log_in
from tests.browser.test_public_pages import open_page
from wagtail_kvalitet.demo.legal_requirements import REQUIREMENTS
from wagtail_kvalitet.models import LegalRequirementListPage, OrganisationUnit

LIST = MANUAL + "lagkrav-test/"
#: A routine the demo links to two requirements, in health care law and its regulation.
MEDICATION = MANUAL + "sarskilt-boende/lakemedelshantering/"
NURSING_HOME = "AO-TALL"
#: A requirement for the disability support area only: never shown for the nursing home.
DISABILITY_ONLY = "Lex Sarah inom verksamhet enligt LSS"
MAX_ARROW_PRESSES = 40


def sv(msgid):
    """``msgid`` as the Swedish reader sees it, translated or (until it is) as written."""
    with translation.override("sv"):
        return translation.gettext(msgid)


def count_heading(number):
    with translation.override("sv"):
        plural = translation.ngettext("%(counter)s legal requirement", "%(counter)s legal requirements", number)
    return plural % {"counter": number}


def add_list_page(demo):
    page = LegalRequirementListPage(
        title="Lagkravslista",
        slug="lagkrav-test",
        intro="<p>De lagar och föreskrifter som styr socialtjänsten i Exempelvik (exempel).</p>",
    )
    demo["manual"].add_child(instance=page)
    page.save_revision().publish()


def requirements_for_unit(unit):
    """Titles of the demo's requirements for ``unit``: its own, any unit's above it, and those for everyone."""
    reach = {unit.code, *(ancestor.code for ancestor in unit.get_ancestors())}
    return {spec[2] for spec in REQUIREMENTS if not spec[4] or reach & set(spec[4])}


def results_heading(page):
    return page.locator("#kvalitet-results-heading")


def requirement_titles(page):
    return page.locator("main .kvalitet-requirement h4")


def tab_to(page, element_id, presses=40):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_staff_filter_the_list_by_unit_with_the_keyboard_alone(page, demo):
    add_list_page(demo)
    log_in(page, demo["url"], LIST)
    expect(results_heading(page)).to_have_text(count_heading(len(REQUIREMENTS)))
    unit = OrganisationUnit.objects.get(code=NURSING_HOME)
    expected = requirements_for_unit(unit)
    assert DISABILITY_ONLY not in expected and len(expected) < len(REQUIREMENTS), expected

    tab_to(page, "id_unit")
    unit_select = page.locator("#id_unit")
    for _ in range(MAX_ARROW_PRESSES):
        if unit_select.input_value() == str(unit.pk):
            break
        page.keyboard.press("ArrowDown")
    expect(unit_select).to_have_value(str(unit.pk))
    page.keyboard.press("Tab")
    expect(page.locator("#id_statute")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=sv("Show requirements"))).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"[?&]unit={unit.pk}(&|$)"))
    expect(results_heading(page)).to_have_text(count_heading(len(expected)))
    assert set(requirement_titles(page).all_inner_texts()) == expected
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))

    link = (
        page.locator("main .kvalitet-requirement")
        .filter(has_text="Säker hantering av läkemedel")
        .get_by_role("link", name="Hantering av läkemedel")
    )
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo["url"] + MEDICATION)


def test_the_list_meets_wcag_21_aa_in_every_state(page, demo):
    add_list_page(demo)
    log_in(page, demo["url"], LIST)
    main = page.locator("main")
    expect(main.locator(".kvalitet-statute h3").first).to_be_visible()
    expect(main.locator(".kvalitet-requirement a").first).to_be_visible()
    assert_no_axe_violations(page)

    unit = OrganisationUnit.objects.get(code=NURSING_HOME)
    open_page(page, demo["url"] + LIST + f"?unit={unit.pk}&statute=&q=")
    expect(main.get_by_role("link", name=sv("Clear filters"))).to_be_visible()
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LIST + "?q=finns-inte-i-något-krav")
    expect(results_heading(page)).to_have_text(count_heading(0))
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LIST + "?unit=999999")
    error = main.locator(".kvalitet-field--error .kvalitet-field__error")
    expect(error).to_contain_text("giltigt")
    expect(page.locator("#id_unit")).to_have_accessible_description(error.inner_text())
    assert_no_axe_violations(page)


def test_a_routine_page_with_requirements_meets_wcag_21_aa(page, demo):
    log_in(page, demo["url"], MEDICATION)
    section = page.locator("main .kvalitet-requirements-met")
    expect(section.get_by_role("heading", level=2)).to_have_text(sv("Legal requirements this routine meets"))
    expect(section.locator("li")).to_have_count(2)
    expect(section).to_contain_text("Säker hantering av läkemedel")
    expect(section).to_contain_text("Hälso- och sjukvårdslag (2017:30), 5 kap. 1 §")
    assert_no_axe_violations(page)
