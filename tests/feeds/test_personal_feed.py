"""The personal feed: one person's due items and activities, at an address that is its own key."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.annual_cycle.builders import admin_user, make_activity, make_cycle, quarterly_after
from tests.feeds.conftest import assert_well_formed, events_by_uid, expand, parse
from tests.reminder_builders import make_requirement
from wagtail_kvalitet.annual_cycle import recurrence
from wagtail_kvalitet.legal_reminders import legal_review_source
from wagtail_kvalitet.models.calendar_feeds import CalendarFeedToken

pytestmark = pytest.mark.django_db


def url(token):
    return reverse("wagtail_kvalitet:personal_calendar", args=[token.token if hasattr(token, "token") else token])


@pytest.fixture
def people(tree):
    staff = admin_user(first_name="Zelda", last_name="Qvarnström")
    other = admin_user()
    manager = admin_user()
    tree["elderly"].manager = manager
    tree["elderly"].save()
    return {"staff": staff, "other": other, "manager": manager}


def test_the_feed_holds_the_persons_due_items_and_activities(client, tree, people):
    staff, other = people["staff"], people["other"]
    own = make_requirement(due_in=10, responsible_person=staff)
    overdue = make_requirement(due_in=-3, responsible_person=staff)
    too_far = make_requirement(due_in=500, responsible_person=staff)
    someone_elses = make_requirement(due_in=10, responsible_person=other)
    cycle = make_cycle()
    mine = quarterly_after(cycle, tree["group_home"], responsible_person=staff)
    theirs = make_activity(cycle, tree["group_home"], responsible_person=other)

    response = client.get(url(CalendarFeedToken.renew(staff)))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    calendar = parse(response)
    assert_well_formed(calendar)
    events = events_by_uid(calendar)
    assert set(events) == {
        f"due-legal-review-{own.pk}@testserver",
        f"due-legal-review-{overdue.pk}@testserver",
        f"annual-activity-{mine.pk}@testserver",
    }
    assert too_far.pk and someone_elses.pk and theirs.pk  # left out, above
    event = events[f"due-legal-review-{own.pk}@testserver"]
    assert event.decoded("DTSTART") == own.next_review_due
    assert "RRULE" not in event
    with translation.override("sv"):
        kind = str(legal_review_source.label)
        assert str(event["SUMMARY"]) == f"{kind}: {legal_review_source.describe(own)}"
    assert list(event["CATEGORIES"].cats) == [kind]
    assert str(event["URL"]) == "http://testserver" + legal_review_source.get_url(own)

    activity = events[f"annual-activity-{mine.pk}@testserver"]
    today = timezone.localdate()
    start, end = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 12, 31)
    assert expand(activity, start, end) == recurrence.occurrences(mine, start, end)
    assert b"Zelda" not in response.content and "Qvarnström".encode() not in response.content


def test_a_manager_sees_the_items_of_the_units_below_them(client, tree, people):
    staff, manager = people["staff"], people["manager"]
    requirement = make_requirement(due_in=5, responsible_person=staff, units=[tree["home_care"]])
    elsewhere = make_requirement(due_in=5, responsible_person=staff, units=[tree["group_home"]])
    cycle = make_cycle()
    unassigned = make_activity(cycle, tree["nursing_home"])
    assigned = make_activity(cycle, tree["nursing_home"], responsible_person=staff)
    other_unit = make_activity(cycle, tree["group_home"])

    events = events_by_uid(parse(client.get(url(CalendarFeedToken.renew(manager)))))

    assert set(events) == {
        f"due-legal-review-{requirement.pk}@testserver",
        f"annual-activity-{unassigned.pk}@testserver",
    }
    assert assigned.pk and other_unit.pk and elsewhere.pk


def test_unknown_revoked_and_inactive_tokens_all_get_the_same_404(client, people):
    staff = people["staff"]
    make_requirement(due_in=5, responsible_person=staff)
    revoked = CalendarFeedToken.renew(staff)
    CalendarFeedToken.revoke_all(staff)
    inactive_user = admin_user()
    inactive = CalendarFeedToken.renew(inactive_user)
    inactive_user.is_active = False
    inactive_user.save()

    answers = [client.get(url(token)) for token in ("no-such-token", revoked, inactive)]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert len({answer.content for answer in answers}) == 1
    assert all(b"BEGIN:VCALENDAR" not in answer.content for answer in answers)


def test_a_person_who_lost_admin_access_loses_the_feed(client, people):
    staff = people["staff"]
    make_requirement(due_in=5, responsible_person=staff)
    token = CalendarFeedToken.renew(staff)
    assert client.get(url(token)).status_code == 200

    staff.user_permissions.clear()
    staff = type(staff).objects.get(pk=staff.pk)  # a fresh object, without the cached permissions

    assert client.get(url(token)).status_code == 404


def test_a_renewed_token_replaces_the_old_one(client, people):
    old = CalendarFeedToken.renew(people["staff"])
    assert client.get(url(old)).status_code == 200

    new = CalendarFeedToken.renew(people["staff"])

    assert client.get(url(old)).status_code == 404
    assert client.get(url(new)).status_code == 200


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_feed_costs_the_same_for_any_number_of_items(client, tree, people):
    staff = people["staff"]
    cycle = make_cycle()
    address = url(CalendarFeedToken.renew(staff))
    make_requirement(due_in=3, responsible_person=staff, units=[tree["home_care"]])
    quarterly_after(cycle, tree["home_care"], responsible_person=staff)
    client.get(address)
    few = count_queries(client, address)
    for days in range(20):
        make_requirement(due_in=days, responsible_person=staff, units=[tree["home_care"]])
        quarterly_after(cycle, tree["home_care"], responsible_person=staff)
    client.get(address)

    assert count_queries(client, address) == few
