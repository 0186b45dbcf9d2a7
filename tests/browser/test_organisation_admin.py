"""The organisation admin as an editor uses it: log in, see the tree in order, open a unit.

The listing's tree order and indentation are built by the app, not by Wagtail, so they are
checked in the rendered admin after a real login through Wagtail's form.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import make_user
from wagtail_kvalitet.models import OrganisationUnit

USERNAME = "kvalitetsadmin"
PASSWORD = "ett-langt-testlosenord"
INDENT = "\xa0"
TREE_ORDER = ["Socialnämnden", "Socialförvaltningen", "Äldreomsorg", "Hemtjänst Norr"]


def log_in(page, base_url):
    make_user(username=USERNAME, password=PASSWORD, is_staff=True, is_superuser=True)
    page.goto(base_url + "/admin/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def listed_units(page):
    """(indentation, name) of each unit in the listing, top to bottom."""
    titles = page.locator("table.listing tbody td.title")
    expect(titles.first).to_be_visible()
    units = []
    for text in titles.all_inner_texts():
        name = text.strip(" \t\n")  # str.strip() would take the non-breaking spaces too
        indented = name.lstrip(INDENT)
        units.append((len(name) - len(indented), indented.lstrip("↳").strip()))
    return units


def test_listing_shows_the_units_in_tree_order(page, demo):
    log_in(page, demo["url"])
    page.goto(demo["url"] + reverse(OrganisationUnit.snippet_viewset.get_url_name("list")))
    units = listed_units(page)
    names = [name for _, name in units]
    missing = [name for name in TREE_ORDER if name not in names]
    assert not missing, f"{missing} not in the listing: {names}"
    positions = [names.index(name) for name in TREE_ORDER]
    assert positions == sorted(positions), f"not in tree order: {names}"
    indents = [units[position][0] for position in positions]
    assert indents == sorted(set(indents)), f"each level should be indented further than its parent: {units}"


def test_a_units_edit_page_shows_its_form(page, demo):
    log_in(page, demo["url"])
    page.goto(demo["url"] + reverse(OrganisationUnit.snippet_viewset.get_url_name("list")))
    page.locator("table.listing").get_by_role("link", name=re.compile(r"^\W*Hemtjänst Norr$")).click()
    unit = OrganisationUnit.objects.get(code="AO-HTN")
    edit_url = reverse(OrganisationUnit.snippet_viewset.get_url_name("edit"), args=[unit.pk])
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))
    form = page.locator("form[method=post]", has=page.locator("input[name=name]"))
    expect(form.locator("input[name=name]")).to_have_value("Hemtjänst Norr")
    expect(form.locator("input[name=code]")).to_have_value("AO-HTN")
    expect(form.locator("select[name=parent] option:checked")).to_contain_text("Äldreomsorg")
