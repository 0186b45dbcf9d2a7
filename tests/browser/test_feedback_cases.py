"""A complaint from a citizen's keyboard to the handler who closes it, in a real browser.

The public form is for everyone, so it must work by keyboard alone and meet WCAG 2.1 AA in every
state a sender meets: the empty form, the form with errors, and the thank-you page. Once sent, the
case belongs to the handlers of its unit: one of them opens and closes it, and a handler of
another unit does not even learn that it exists.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_manual_pages import log_in
from tests.inbox.conftest import make_handler
from wagtail_kvalitet.models import CaseStatus, FeedbackCase, FeedbackFormPage, FormKind, OrganisationUnit, UnitKind

PASSWORD = "ett-langt-testlosenord"
MARKER = "Ingen ringde tillbaka efter samtalet i oktober"


@pytest.fixture
def quick_forms(settings):
    """The live server runs in this process, so the minimum time on the form can be lifted here."""
    settings.KVALITET_FEEDBACK_MIN_SECONDS = 0


def public_form_page():
    return FeedbackFormPage.objects.live().filter(form_kind=FormKind.PUBLIC).first()


SEND_BUTTON = "[data-kvalitet-feedback-form] button[type=submit]"


def tab_to(page, selector, presses=60):
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got focus by Tab")


def choose_radio(page, name, value):
    """Tab into a radio group, select its first choice with Space and move to ``value`` with the arrow keys."""
    radios = page.locator(f"input[type=radio][name='{name}']")
    ids = [radios.nth(i).get_attribute("id") for i in range(radios.count())]
    values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
    tab_to(page, f"#{ids[0]}")
    page.keyboard.press("Space")
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[type=radio][name='{name}'][value='{value}']")).to_be_checked()


def choose_option(page, select_id, value):
    """Tab to a select and move down to the option with ``value`` using the arrow keys."""
    tab_to(page, f"#{select_id}")
    values = page.locator(f"#{select_id} option").evaluate_all("options => options.map(o => o.value)")
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#{select_id}")).to_have_value(value)


def sign_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_complaint_sent_by_keyboard_is_closed_by_its_unit_and_hidden_from_another(page, demo, quick_forms):
    form_page = public_form_page()
    units = list(OrganisationUnit.objects.filter(kind=UnitKind.UNIT).order_by("path")[:2])
    unit, other_unit = units
    base = demo["url"]
    cases_before = FeedbackCase.objects.count()

    # The citizen: the empty form meets WCAG 2.1 AA.
    page.goto(base + form_page.url)
    expect(page.locator("[data-kvalitet-feedback-form]")).to_be_visible()
    assert_no_axe_violations(page)

    # Sending it empty, by keyboard, gives an error summary that links to each question.
    tab_to(page, SEND_BUTTON)
    page.keyboard.press("Enter")
    summary = page.locator("[data-kvalitet-error-summary]")
    expect(summary).to_be_visible()
    assert summary.locator("a").count() >= 2
    assert_no_axe_violations(page)
    assert FeedbackCase.objects.count() == cases_before

    # Filled in by keyboard alone.
    choose_radio(page, "kind", "complaint")
    choose_option(page, "id_unit", str(unit.pk))
    tab_to(page, "#id_description")
    page.keyboard.type(MARKER)
    choose_radio(page, "sender_type", "relative")
    tab_to(page, SEND_BUTTON)
    page.keyboard.press("Enter")

    reference = page.locator("[data-kvalitet-reference]")
    expect(reference).to_have_text(re.compile(r"^SYN-\d{4}-\d{5}$"))
    assert_no_axe_violations(page)
    case = FeedbackCase.objects.get(reference=reference.inner_text().strip())
    assert case.unit == unit
    assert case.description == MARKER

    # A handler of that unit finds it in the inbox, opens it and closes it.
    make_handler(unit, username="handlaggare", password=PASSWORD)
    sign_in(page, base, "handlaggare")
    page.goto(base + "/admin/wagtail_kvalitet/feedbackcase/")
    row = page.locator("tbody tr", has_text=case.reference)
    expect(row).to_have_count(1)
    page.goto(base + f"/admin/wagtail_kvalitet/feedbackcase/edit/{case.pk}/")
    page.locator("select[name=status]").select_option(CaseStatus.CLOSED)
    page.locator("button.action-save").click()
    expect(page.locator(".messages .success")).to_contain_text(case.reference)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.finished_at is not None

    # A handler of another unit sees neither the row nor the case itself.
    page.context.clear_cookies()
    make_handler(other_unit, username="annan", password=PASSWORD)
    sign_in(page, base, "annan")
    page.goto(base + "/admin/wagtail_kvalitet/feedbackcase/")
    expect(page.locator("tbody tr", has_text=case.reference)).to_have_count(0)
    response = page.goto(base + f"/admin/wagtail_kvalitet/feedbackcase/inspect/{case.pk}/")
    assert response.status == 404
    assert MARKER not in page.content()


def test_staff_send_an_idea_on_the_intranet_and_every_state_meets_wcag_21_aa(page, demo, quick_forms):
    ideas_page = FeedbackFormPage.objects.live().get(form_kind=FormKind.IDEAS)
    unit = OrganisationUnit.objects.filter(kind=UnitKind.UNIT).order_by("path").first()
    log_in(page, demo["url"], ideas_page.url)
    assert_no_axe_violations(page)

    tab_to(page, SEND_BUTTON)
    page.keyboard.press("Enter")
    expect(page.locator("[data-kvalitet-error-summary]")).to_be_visible()
    assert_no_axe_violations(page)

    choose_option(page, "id_unit", str(unit.pk))
    tab_to(page, "#id_description")
    page.keyboard.type("Ett gemensamt schema för överlämning mellan passen skulle spara tid.")
    tab_to(page, SEND_BUTTON)
    page.keyboard.press("Enter")

    reference = page.locator("[data-kvalitet-reference]")
    expect(reference).to_have_text(re.compile(r"^IDE-\d{4}-\d{5}$"))
    assert_no_axe_violations(page)
    idea = FeedbackCase.objects.get(reference=reference.inner_text().strip())
    assert (idea.kind, idea.status, idea.unit) == ("idea", CaseStatus.NEW, unit)
