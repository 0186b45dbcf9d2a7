"""The admin home panel "My quality work": counts per kind, the soonest items, in a constant number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.due import builders

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"
EDIT_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"


def staff_member(**fields):
    user = make_user(**fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def panel(client):
    html = client.get(reverse(HOME)).content.decode()
    start = html.find('id="kvalitet-my-work-section"')
    if start == -1:
        return None
    return html[start:html.index("</section>", start)]


def kind_counts(html):
    """``{topic: (overdue, due soon)}`` as the panel's table of kinds shows them."""
    counts = {}
    start = html.index('id="kvalitet-my-work-kinds"')
    table = html[start:html.index("</table>", start)]
    for row in table.split('<tr data-topic="')[1:]:
        topic = row[:row.index('"')]
        overdue = row.split('data-count="overdue">')[1].split("<")[0]
        soon = row.split('data-count="due-soon">')[1].split("<")[0]
        counts[topic] = (int(overdue), int(soon))
    return counts


def soonest(html):
    start = html.index('id="kvalitet-my-work-soonest"')
    return html[start:html.index("</table>", start)].split("<tbody>")[1].split("<tr")[1:]


def test_the_panel_counts_each_kind_and_lists_the_soonest(client, tree):
    user = staff_member()
    client.force_login(user)
    late = builders.legal(-4, person=user, title="Egenkontroll")
    builders.legal(12, person=user, title="Journalföring")
    builders.legal(200, person=user, title="Långt borta")
    builders.legal(-4, person=make_user(), title="Någon annans")
    case = builders.case(-1, unit=tree["home_care"], handler=user)

    html = panel(client)

    assert kind_counts(html) == {"legal-review": (1, 1), "case-answer": (1, 0)}
    rows = soonest(html)
    assert len(rows) == 3
    assert "Egenkontroll" in rows[0] and case.reference in rows[1] and "Journalföring" in rows[2]
    assert f'href="{reverse(EDIT_URL, args=[late.pk])}"' in rows[0]
    assert "w-status--primary" in rows[0] and "w-status--primary" not in rows[2]
    assert "Långt borta" not in html and "Någon annans" not in html
    assert f'href="{reverse("wagtail_kvalitet_my_work")}"' in html


def test_an_empty_panel_says_nothing_is_due(client):
    user = staff_member()
    builders.legal(200, person=user)
    client.force_login(user)
    html = panel(client)
    assert html is not None
    assert 'id="kvalitet-my-work-soonest"' not in html and "<p" in html


def test_a_long_list_shows_the_first_ten_and_links_to_all(client):
    user = staff_member()
    for day in range(14):
        builders.legal(day, person=user, title=f"Krav dag {day:02d}")
    client.force_login(user)
    html = panel(client)
    assert len(soonest(html)) == 10
    assert "Krav dag 09" in html and "Krav dag 10" not in html
    link = html[html.index('id="kvalitet-my-work-all"'):]
    assert "14" in link[:link.index("</a>")]


def test_the_panel_needs_the_same_queries_for_2_and_20_items(client, tree):
    user = staff_member()
    tree["elderly"].manager = user
    tree["elderly"].save()
    client.force_login(user)
    for day in range(2):
        builders.legal(day - 1, person=user)
        builders.case(day - 1, unit=tree["home_care"])
    client.get(reverse(HOME))  # the first request creates the user's profile and fills caches
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse(HOME)).status_code == 200
    for day in range(18):
        builders.legal(day, person=user)
        builders.case(day, unit=tree["nursing_home"])
    with CaptureQueriesContext(connection) as twenty:
        html = panel(client)
    assert len(soonest(html)) == 10
    assert kind_counts(html)["case-answer"][0] + kind_counts(html)["case-answer"][1] == 20
    assert len(twenty) == len(two), [query["sql"] for query in twenty]
