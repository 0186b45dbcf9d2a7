"""Reminders of a missing figure: the latest finished period's, to the responsible person, once per stage."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import formats

from tests.conftest import make_user
from tests.goals.builders import add_measurement, make_indicator
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.goals.reminders import measurement_due_source
from wagtail_kvalitet.models import SentReminder
from wagtail_kvalitet.reminders import absolute_admin_url, registered_sources, send_due_reminders
from wagtail_kvalitet.snippets.measurement_grid import grid_url

pytestmark = pytest.mark.django_db

SOURCES = [measurement_due_source]
#: Q1 2026 ended on 31 March, so its figure is due on 30 April: 20 days away, within the 30-day stage.
TODAY = datetime.date(2026, 4, 10)
Q1 = Period(2026, Frequency.QUARTER, 1)


def quarterly(unit, **fields):
    fields.setdefault("frequency", Frequency.QUARTER)
    return make_indicator(unit, **fields)


def sent():
    return list(
        SentReminder.objects.filter(topic="measurement-due")
        .order_by("pk")
        .values_list("recipient__username", "object_id", "due_on", "stage")
    )


def test_the_source_is_registered_with_the_engine():
    assert measurement_due_source in registered_sources()


def test_a_missing_figure_is_reminded_with_a_link_to_the_grid(tree):
    owner = make_user(username="agare")
    indicator = quarterly(tree["home_care"], owner=owner, name="Brukarnöjdhet")

    summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent) == (1, 1)
    assert sent() == [("agare", f"{indicator.pk}:2026-Q1", datetime.date(2026, 4, 30), "30")]
    (email,) = mail.outbox
    assert email.to == [owner.email]
    for expected in (
        "Brukarnöjdhet",
        tree["home_care"].name,
        Q1.label,
        formats.date_format(datetime.date(2026, 4, 30), "SHORT_DATE_FORMAT"),
        absolute_admin_url(grid_url(tree["home_care"], Q1)),
    ):
        assert expected in email.body


def test_each_frequency_is_due_for_its_own_latest_period(tree):
    owner = make_user(username="agare")
    yearly = make_indicator(tree["home_care"], owner=owner, frequency=Frequency.YEAR)
    monthly = make_indicator(tree["home_care"], owner=owner, frequency=Frequency.MONTH)

    send_due_reminders(SOURCES, today=TODAY)

    assert sorted(sent()) == sorted(
        [
            ("agare", f"{yearly.pk}:2025", datetime.date(2026, 1, 30), "overdue"),
            ("agare", f"{monthly.pk}:2026-03", datetime.date(2026, 4, 30), "30"),
        ]
    )
    assert len(mail.outbox) == 1


def test_an_entered_figure_is_not_reminded_but_another_units_figure_does_not_count(tree):
    owner = make_user()
    entered = quarterly(tree["home_care"], owner=owner)
    add_measurement(entered, tree["home_care"], "2026-Q1", 80)
    elsewhere = quarterly(tree["home_care"], owner=owner)
    add_measurement(elsewhere, tree["nursing_home"], "2026-Q1", 80)
    add_measurement(elsewhere, tree["home_care"], "2025-Q4", 80)

    send_due_reminders(SOURCES, today=TODAY)

    assert [object_id for _user, object_id, _due, _stage in sent()] == [f"{elsewhere.pk}:2026-Q1"]


def test_a_second_run_sends_nothing(tree):
    quarterly(tree["home_care"], owner=make_user())
    assert send_due_reminders(SOURCES, today=TODAY).emails_sent == 1
    second = send_due_reminders(SOURCES, today=TODAY)
    assert (second.emails_sent, second.items_sent) == (0, 0)
    assert len(mail.outbox) == 1 and len(sent()) == 1


def test_each_period_is_reminded_on_its_own(tree):
    indicator = quarterly(tree["home_care"], owner=make_user(username="agare"))
    send_due_reminders(SOURCES, today=TODAY)
    send_due_reminders(SOURCES, today=datetime.date(2026, 7, 10))
    assert [(object_id, stage) for _user, object_id, _due, stage in sent()] == [
        (f"{indicator.pk}:2026-Q1", "30"),
        (f"{indicator.pk}:2026-Q2", "30"),
    ]


def test_the_stages_of_one_period_are_sent_once_each_and_stop_once_entered(tree):
    indicator = quarterly(tree["home_care"], owner=make_user())
    days = [datetime.date(2026, 4, day) for day in (10, 11, 23, 24, 30)] + [datetime.date(2026, 5, 1)]
    emails = [send_due_reminders(SOURCES, today=day).emails_sent for day in days]
    assert emails == [1, 0, 1, 0, 0, 1]
    add_measurement(indicator, tree["home_care"], "2026-Q1", 5)
    assert send_due_reminders(SOURCES, today=datetime.date(2026, 5, 2)).emails_sent == 0
    assert [stage for _user, _object, _due, stage in sent()] == ["30", "7", "overdue"]


def test_an_inactive_indicator_is_not_reminded(tree):
    quarterly(tree["home_care"], owner=make_user(), active=False)
    assert send_due_reminders(SOURCES, today=TODAY).emails_sent == 0
    assert mail.outbox == [] and sent() == []


def test_without_a_responsible_person_the_units_manager_is_reminded(tree):
    tree["home_care"].manager = make_user(username="enhetschef")
    tree["home_care"].save()
    indicator = quarterly(tree["home_care"])
    quarterly(tree["home_care"], owner=make_user(username="slutat", is_active=False))
    quarterly(tree["nursing_home"])  # neither a responsible person nor a manager: nobody

    summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent) == (1, 2)
    assert sorted(user for user, *_rest in sent()) == ["enhetschef", "enhetschef"]
    assert f"{indicator.pk}:2026-Q1" in [object_id for _user, object_id, _due, _stage in sent()]
    assert mail.outbox[0].to == [tree["home_care"].manager.email]


@override_settings(KVALITET_MEASUREMENT_DUE_DAYS=60)
def test_nothing_is_sent_before_the_reminder_window(tree):
    # Due on 30 May, 50 days away: beyond the largest reminder stage (30 days).
    quarterly(tree["home_care"], owner=make_user())
    assert send_due_reminders(SOURCES, today=TODAY).emails_sent == 0
    assert send_due_reminders(SOURCES, today=datetime.date(2026, 4, 30)).items_sent == 1
    assert [(due, stage) for _user, _object, due, stage in sent()] == [(datetime.date(2026, 5, 30), "30")]


def test_planning_takes_the_same_number_of_queries_for_any_number_of_indicators(tree):
    def queries_for_planning():
        with CaptureQueriesContext(connection) as queries:
            items = list(measurement_due_source.get_due_items(TODAY, TODAY + datetime.timedelta(days=30)))
            for item in items:
                measurement_due_source.describe(item.obj), item.recipient.email
        return len(items), len(queries)

    tree["nursing_home"].manager = make_user()
    tree["nursing_home"].save()
    quarterly(tree["home_care"], owner=make_user())
    few = queries_for_planning()
    for _number in range(4):
        quarterly(tree["home_care"], owner=make_user())
        quarterly(tree["nursing_home"])
        make_indicator(tree["nursing_home"], frequency=Frequency.MONTH)
        add_measurement(quarterly(tree["home_care"], owner=make_user()), tree["home_care"], "2026-Q1", 1)
    many = queries_for_planning()

    assert few == (1, 2)
    assert many == (13, 2)
