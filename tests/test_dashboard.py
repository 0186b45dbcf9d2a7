"""The admin home panel: the signed-in user's legal requirements due for review, in a constant number of queries."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tests.conftest import make_user
from tests.reminder_builders import make_requirement

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"
EDIT_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"
LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"


def editor(**fields):
    """A staff member who may edit the legal requirement list, as a quality developer would."""
    user = make_user(**fields)
    group, _created = Group.objects.get_or_create(name="Kvalitetsutvecklare")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="wagtail_kvalitet", codename__endswith="legalrequirement"),
    )
    user.groups.add(group)
    return user


def panel(client):
    html = client.get(reverse(HOME)).content.decode()
    start = html.find('id="kvalitet-legal-reviews-section"')
    if start == -1:
        return None
    return html[start:html.index("</section>", start)]


def test_the_panel_lists_the_users_due_and_overdue_requirements(client):
    user = editor(username="karin")
    client.force_login(user)
    late = make_requirement(due_in=-4, responsible_person=user, title="Egenkontroll", reference="7 kap. 1 §")
    soon = make_requirement(due_in=12, responsible_person=user, title="Journalföring")
    make_requirement(due_in=200, responsible_person=user, title="Långt borta")
    make_requirement(due_in=-4, responsible_person=make_user(), title="Någon annans")

    html = panel(client)

    assert html is not None
    assert "Egenkontroll" in html and "Journalföring" in html
    assert "Långt borta" not in html and "Någon annans" not in html
    assert html.index("Egenkontroll") < html.index("Journalföring")
    rows = {title: row for row in html.split("<tr")[1:] for title in ("Egenkontroll", "Journalföring") if title in row}
    assert "Försenad" in rows["Egenkontroll"] and "w-status--primary" in rows["Egenkontroll"]
    assert "Försenad" not in rows["Journalföring"]
    assert late.next_review_due.isoformat() in rows["Egenkontroll"]
    assert f'href="{reverse(EDIT_URL, args=[late.pk])}"' in rows["Egenkontroll"]
    assert f'href="{reverse(EDIT_URL, args=[soon.pk])}"' in rows["Journalföring"]
    assert f'href="{reverse(LIST_URL)}?responsible_person={user.pk}&amp;review=due"' in html
    # The link leads to the same two requirements in the register.
    register = client.get(reverse(LIST_URL), {"responsible_person": user.pk, "review": "due"})
    assert {item.title for item in register.context["object_list"]} == {"Egenkontroll", "Journalföring"}


def test_no_panel_without_anything_due(client):
    user = editor()
    make_requirement(due_in=200, responsible_person=user)
    client.force_login(user)
    assert panel(client) is None


@override_settings(KVALITET_REVIEW_DUE_SOON_DAYS=5)
def test_due_soon_follows_the_register_setting(client):
    user = editor()
    make_requirement(due_in=4, responsible_person=user, title="Inom fem")
    make_requirement(due_in=6, responsible_person=user, title="Utanför fem")
    client.force_login(user)
    html = panel(client)
    assert "Inom fem" in html and "Utanför fem" not in html


def test_without_permission_to_edit_the_items_are_listed_without_links(client):
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    requirement = make_requirement(due_in=-1, responsible_person=user, title="Utan rätt")
    client.force_login(user)
    html = panel(client)
    assert "Utan rätt" in html
    assert reverse(EDIT_URL, args=[requirement.pk]) not in html and reverse(LIST_URL) not in html


def test_a_long_list_shows_the_first_ten_and_links_to_all(client):
    user = editor()
    for day in range(14):
        make_requirement(due_in=day, responsible_person=user, title=f"Krav dag {day:02d}")
    client.force_login(user)
    html = panel(client)
    assert html.count("<tr") == 1 + 10
    assert "Krav dag 09" in html and "Krav dag 10" not in html
    assert "14" in html[html.index(f"{reverse(LIST_URL)}?"):]


def test_the_panel_needs_the_same_queries_for_2_and_20_requirements(client):
    user = editor()
    client.force_login(user)
    for day in range(2):
        make_requirement(due_in=day - 1, responsible_person=user)
    client.get(reverse(HOME))  # the first request creates the user's profile and fills caches
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse(HOME)).status_code == 200
    for day in range(18):
        make_requirement(due_in=day, responsible_person=user)
    with CaptureQueriesContext(connection) as twenty:
        html = panel(client)
    assert html.count("<tr") == 1 + 10
    assert len(twenty) == len(two), [query["sql"] for query in twenty]
