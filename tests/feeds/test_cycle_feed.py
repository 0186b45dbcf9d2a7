"""The annual cycle's feed: one recurring event per activity, with the dates the page shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.annual_cycle.builders import make_activity, make_cycle, monthly, quarterly_after
from tests.builders import make_manual
from tests.conftest import make_user
from tests.feeds.conftest import assert_well_formed, events_by_uid, expand, parse
from wagtail_kvalitet.annual_cycle import recurrence
from wagtail_kvalitet.models.annual_cycle import AnnualActivity, Frequency

pytestmark = pytest.mark.django_db


def feed_url(page):
    return page.url + page.reverse_subpage("calendar_feed")


@pytest.fixture
def cycle(tree):
    return make_cycle()


def test_feed_is_a_calendar_with_one_recurring_event_per_activity(client, tree, cycle):
    routine = make_manual(title="Rutin för klagomål")
    quarterly = quarterly_after(
        cycle, tree["elderly"], name="Sammanställ klagomål", purpose="Underlag till nämnden.",
        responsible_function="Kvalitetsutvecklare", link_page=routine,
    )
    yearly = make_activity(cycle, tree["admin"], name="Patientsäkerhetsberättelse", month=3, day=1)
    every_month = monthly(cycle, tree["home_care"], day=10)
    half_year = make_activity(cycle, tree["board"], frequency=Frequency.HALF_YEARLY, month=6, day=30)

    response = client.get(feed_url(cycle))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{cycle.slug}.ics"' in response["Content-Disposition"]
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    calendar = parse(response)
    assert_well_formed(calendar)
    events = events_by_uid(calendar)
    assert len(events) == 4
    today = timezone.localdate()
    start, end = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 1, 12, 31)
    for activity in (quarterly, yearly, every_month, half_year):
        [uid] = [uid for uid in events if uid.startswith(f"annual-activity-{activity.pk}@")]
        event = events[uid]
        assert event.decoded("DTSTART") == recurrence.first_on_or_after(activity, start)
        assert expand(event, start, end) == recurrence.occurrences(activity, start, end)
        assert str(event["SUMMARY"]) == activity.name

    event = events[f"annual-activity-{quarterly.pk}@testserver"]
    assert expand(event, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == [
        datetime.date(2026, 1, 15), datetime.date(2026, 4, 15), datetime.date(2026, 7, 15), datetime.date(2026, 10, 15)
    ]
    description = str(event["DESCRIPTION"])
    assert "Underlag till nämnden." in description
    assert recurrence.describe(quarterly) in description
    assert "Kvalitetsutvecklare" in description and tree["elderly"].name in description
    assert str(event["URL"]) == routine.get_full_url()
    assert str(event["URL"]).startswith("http")
    assert "URL" not in events[f"annual-activity-{yearly.pk}@testserver"]
    assert expand(events[f"annual-activity-{yearly.pk}@testserver"], start, end) == [
        datetime.date(year, 3, 1) for year in range(today.year - 1, today.year + 2)
    ]


def test_invalid_rules_and_other_pages_activities_are_left_out(client, tree, cycle):
    valid = make_activity(cycle, tree["admin"])
    AnnualActivity.objects.create(page=cycle, unit=tree["admin"], name="Trasig", month=2, day=31)
    make_activity(make_cycle(), tree["admin"])

    events = events_by_uid(parse(client.get(feed_url(cycle))))

    assert list(events) == [f"annual-activity-{valid.pk}@testserver"]


def test_a_restricted_cycle_feed_needs_sign_in_and_is_not_cached_publicly(client, tree, cycle):
    make_activity(cycle, tree["admin"])
    PageViewRestriction.objects.create(page=cycle, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(feed_url(cycle)).status_code == 302

    client.force_login(make_user())
    response = client.get(feed_url(cycle))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert len(parse(response).walk("VEVENT")) == 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_feed_costs_the_same_for_any_number_of_activities(client, tree, cycle):
    routine = make_manual()
    for _ in range(2):
        quarterly_after(cycle, tree["elderly"], link_page=routine)
    client.get(feed_url(cycle))  # warm the site's root paths cache, as a running site has
    few = count_queries(client, feed_url(cycle))
    for _ in range(20):
        quarterly_after(cycle, tree["elderly"], link_page=make_manual())
        monthly(cycle, tree["home_care"])
    client.get(feed_url(cycle))
    assert count_queries(client, feed_url(cycle)) == few
