"""The "My quality work" view, its Excel export and the dashboard panel."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tests.conftest import make_user
from tests.due import builders
from wagtail_kvalitet.due import views

pytestmark = pytest.mark.django_db

URL = "wagtail_kvalitet_my_work"


def admin_user(**fields):
    """A staff member with nothing but access to the admin."""
    user = make_user(**fields)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def people(tree):
    manager, staff, other = admin_user(), admin_user(), admin_user()
    tree["elderly"].manager = manager
    tree["elderly"].save()
    return {"manager": manager, "staff": staff, "other": other, **tree}


def rows(response):
    return list(response.context["entries"])


def test_a_person_sees_their_own_items_and_a_manager_their_units(client, people):
    own = builders.legal(-20, person=people["staff"], units=[people["home_care"]], title="Egen granskning")
    mine_as_manager = builders.case(3, unit=people["elderly"], handler=people["manager"])
    builders.legal(5, person=people["other"], units=[people["group_home"]], title="Annans")

    client.force_login(people["staff"])
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert [entry.obj.pk for entry in rows(response)] == [own.pk]
    html = response.content.decode()
    assert f'href="{reverse("wagtailsnippets_wagtail_kvalitet_legalrequirement:edit", args=[own.pk])}"' in html

    client.force_login(people["manager"])
    response = client.get(reverse(URL))
    entries = rows(response)
    assert {(entry.source.topic, entry.obj.pk) for entry in entries} == {
        ("legal-review", own.pk),
        ("case-answer", mine_as_manager.pk),
    }
    # Overdue first; the staff member's item shows who answers for it.
    assert entries[0].obj.pk == own.pk and entries[0].recipient == people["staff"]

    mine = client.get(reverse(URL), {"scope": views.MINE})
    assert [entry.obj.pk for entry in rows(mine)] == [mine_as_manager.pk]
    overdue = client.get(reverse(URL), {"overdue": "on"})
    assert [entry.obj.pk for entry in rows(overdue)] == [own.pk]
    of_kind = client.get(reverse(URL), {"kind": "case-answer"})
    assert [entry.obj.pk for entry in rows(of_kind)] == [mine_as_manager.pk]
    # An unknown kind is refused with a message and the list is left whole.
    bad = client.get(reverse(URL), {"kind": "nonsense"})
    assert bad.context["form"].errors["kind"] and len(rows(bad)) == 2


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_escalated_items_are_marked_in_words_and_icon(client, people):
    late = builders.legal(-20, person=people["staff"], title="Länge sen")
    builders.legal(-3, person=people["staff"], title="Lite sen")
    client.force_login(people["staff"])
    html = client.get(reverse(URL)).content.decode()
    body = html[html.index('id="kvalitet-due-list"'):]
    escalated = [row for row in body.split("<tr")[1:] if "data-escalated" in row]
    assert len(escalated) == 1 and "Länge sen" in escalated[0]
    assert "#icon-warning" in escalated[0] and str(late.next_review_due.isoformat()) in escalated[0]
    assert "20" in escalated[0]


def test_the_list_is_paginated(client, people, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 5)
    for n in range(12):
        builders.legal(n, person=people["staff"])
    client.force_login(people["staff"])
    first = client.get(reverse(URL))
    assert len(rows(first)) == 5 and first.context["total"] == 12
    last = client.get(reverse(URL), {"p": 3})
    assert len(rows(last)) == 2


def test_the_view_needs_the_same_queries_for_few_and_many(client, people):
    client.force_login(people["manager"])
    manual, cycle = builders.make_manual(), builders.cycle()

    def build(count):
        for n in range(count):
            builders.legal(n - 3, person=people["staff"], units=[people["home_care"]])
            builders.case(n - 3, unit=people["nursing_home"])
            builders.figure(people["home_care"], owner=people["staff"])
            builders.page(n - 3, owner=people["staff"], unit=people["home_care"], parent=manual)
            builders.activity(cycle, builders.days(n + 1), people["nursing_home"], person=people["other"])

    build(2)
    client.get(reverse(URL))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(URL)).status_code == 200
    build(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(URL))
    assert len(rows(response)) >= 50  # ten of each kind, and last year's undone occurrences
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_the_export_holds_every_filtered_row(client, people, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    late = builders.legal(-30, person=people["staff"], title="Sen")
    for n in range(4):
        builders.legal(n + 1, person=people["staff"], title=f"Krav {n}")
    client.force_login(people["staff"])

    response = client.get(reverse(URL), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell for cell in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(values) == 5
    assert values[0][1].endswith("Sen") and values[0][4].date() == late.next_review_due

    overdue = client.get(reverse(URL), {"export": "xlsx", "overdue": "on"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(overdue.streaming_content))).active
    assert len(list(sheet.iter_rows(min_row=3))) == 1


def test_the_menu_links_to_the_view(client, people):
    client.force_login(people["staff"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(URL) in html


def test_the_view_needs_admin_access(client):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse(URL))
    assert response.status_code == 302
