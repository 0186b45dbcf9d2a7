"""The admin home's "My quality work" panel as a responsible person meets it: signed in, in a real browser."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import WCAG_TAGS, format_violations, load_axe_script
from tests.conftest import make_user
from tests.reminder_builders import make_requirement

USERNAME = "granskare"
PASSWORD = "ett-langt-testlosenord"
PANEL = "#kvalitet-my-work-section"
SOONEST = "#kvalitet-my-work-soonest"


def test_the_panel_leads_to_the_requirement_and_passes_axe(page, live_server, django_db_serialized_rollback):
    user = make_user(username=USERNAME, password=PASSWORD, is_staff=True, is_superuser=True)
    late = make_requirement(due_in=-2, responsible_person=user, title="Egenkontroll", reference="7 kap. 1 §")
    make_requirement(due_in=10, responsible_person=user, title="Journalföring")

    page.goto(live_server.url + "/admin/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))

    panel = page.locator(PANEL)
    expect(panel.get_by_role("heading", level=2)).to_be_visible()
    expect(panel.locator('[data-topic="legal-review"] [data-count="overdue"]')).to_have_text("1")
    expect(panel.locator('[data-topic="legal-review"] [data-count="due-soon"]')).to_have_text("1")
    rows = page.locator(f"{SOONEST} tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Egenkontroll")
    expect(rows.nth(1)).to_contain_text("Journalföring")

    page.add_script_tag(content=load_axe_script())
    results = page.evaluate(
        """([selector, tags]) => axe.run({include: [selector]},
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [PANEL, WCAG_TAGS],
    )
    assert results["violations"] == [], format_violations(results["violations"])

    rows.first.get_by_role("link", name=re.compile("Egenkontroll")).click()
    page.wait_for_url(re.compile(re.escape(reverse("wagtailsnippets_wagtail_kvalitet_legalrequirement:edit",
                                                   args=[late.pk]))))
