"""The demo's annual cycle: public, with the kinds of activities a municipality's cycle has, and every state."""

import datetime

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from wagtail_kvalitet.annual_cycle import recurrence
from wagtail_kvalitet.annual_cycle.occurrences import State, year_occurrences
from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.demo.annual_cycle import build_completions
from wagtail_kvalitet.models.annual_cycle import ActivityCompletion, AnnualActivity, AnnualCyclePage, Frequency

pytestmark = pytest.mark.django_db


def test_the_demo_cycle_is_public_and_shows_every_state(site_root):
    summary = build_demo()
    cycle = AnnualCyclePage.objects.get()
    assert cycle.live and cycle.get_parent().pk == summary["public"].pk
    assert not PageViewRestriction.objects.filter(page__in=cycle.get_ancestors(inclusive=True)).exists()
    assert "(exempel)" in cycle.title and "exempelinnehåll" in cycle.intro
    activities = list(cycle.activities.all())
    assert summary["annual_activities_created"] == len(activities) and 10 <= len(activities) <= 12
    assert {activity.frequency for activity in activities} == set(Frequency.values)
    assert all(recurrence.is_valid(a) and a.purpose and a.responsible_person for a in activities)
    assert sum(activity.link_page_id is not None for activity in activities) >= 8
    # The published revision holds the activities, so a later edit starts from them.
    assert len(cycle.get_latest_revision_as_object().activities.all()) == len(activities)

    response = Client().get(cycle.url)
    assert response.status_code == 200
    states = {occurrence.state for occurrence in response.context["occurrences"]}
    today = datetime.date.today()
    assert State.COMING in states or today.month == 12
    if ActivityCompletion.objects.exists():
        assert {State.DONE_ON_TIME, State.DONE_LATE, State.NOT_DONE} <= states or today.month < 3


def test_completions_leave_one_late_and_one_not_done(site_root):
    build_demo()
    ActivityCompletion.objects.all().delete()
    activities = list(AnnualActivity.objects.order_by("sort_order"))
    today = datetime.date(2026, 11, 23)
    build_completions(activities, {}, today)
    states = [occurrence.state for occurrence in year_occurrences(activities, 2026, today)]
    assert states.count(State.DONE_LATE) == 1 and states.count(State.NOT_DONE) == 1
    assert states.count(State.DONE_ON_TIME) > 10 and State.COMING in states
    assert all(completion.done_on <= today for completion in ActivityCompletion.objects.all())


def test_building_twice_adds_nothing(site_root):
    build_demo()
    counts = (AnnualActivity.objects.count(), ActivityCompletion.objects.count())
    summary = build_demo()
    assert summary["annual_activities_created"] == 0
    assert (AnnualActivity.objects.count(), ActivityCompletion.objects.count()) == counts
