"""Escalation: an item overdue too long is also sent, once, to the manager above the person who answers for it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from tests.case_builders import make_case
from tests.conftest import make_user
from tests.reminder_builders import make_requirement
from wagtail_kvalitet.feedback.reminders import case_receipt_source, case_url
from wagtail_kvalitet.legal_reminders import legal_review_source
from wagtail_kvalitet.models import SentReminder
from wagtail_kvalitet.reminders import ESCALATION, plan_reminders, send_due_reminders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 10)
SOURCES = [legal_review_source, case_receipt_source]


def day(count):
    return TODAY + datetime.timedelta(days=count)


def late_case(unit, handler, days_late, **fields):
    received = timezone.make_aware(datetime.datetime.combine(day(-days_late - 2), datetime.time(10)))
    return make_case(unit, handler=handler, received_at=received, receipt_due_on=day(-days_late), **fields)


def escalations():
    return sorted(
        SentReminder.objects.filter(stage=ESCALATION).values_list("recipient__username", "topic", "object_id")
    )


def set_manager(unit, user):
    unit.manager = user
    unit.save()
    return user


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_an_item_overdue_too_long_goes_once_to_the_units_manager(tree):
    handler = make_user(username="handlaggare", first_name="Hanna", last_name="Handläggare")
    chef = set_manager(tree["home_care"], make_user(username="chef"))
    case = late_case(tree["home_care"], handler, 15, reference="SYN-2026-00015")
    not_yet = late_case(tree["home_care"], handler, 14, reference="SYN-2026-00014")  # not more than 14 days

    summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent, summary.escalations) == (2, 3, 1)
    assert escalations() == [("chef", "case-receipt", str(case.pk))]
    emails = {message.to[0]: message.body for message in mail.outbox}
    body = emails[chef.email]
    assert "SYN-2026-00015" in body and "SYN-2026-00014" not in body
    assert "Hanna Handläggare" in body and "http://testserver" + case_url(case) in body
    # The handler gets their own reminders, not the escalation.
    assert "SYN-2026-00015" in emails[handler.email] and "Hanna Handläggare" in emails[handler.email]

    # The next days the item is still overdue, but the manager has heard of it; the other case
    # passes the limit tomorrow and is escalated then.
    assert [send_due_reminders(SOURCES, today=day(later)).escalations for later in (1, 2, 30)] == [1, 0, 0]
    assert escalations() == sorted(
        [("chef", "case-receipt", str(case.pk)), ("chef", "case-receipt", str(not_yet.pk))]
    )


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_a_manager_who_answers_for_the_item_is_escalated_to_the_manager_above(tree):
    chef = set_manager(tree["home_care"], make_user(username="chef"))
    area = set_manager(tree["elderly"], make_user(username="omradeschef"))
    case = late_case(tree["home_care"], chef, 20)
    requirement = make_requirement(responsible_person=chef, next_review_due=day(-40))
    requirement.units.add(tree["home_care"])
    requirement.save()

    send_due_reminders(SOURCES, today=TODAY)

    assert escalations() == [
        ("omradeschef", "case-receipt", str(case.pk)),
        ("omradeschef", "legal-review", str(requirement.pk)),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted([chef.email, area.email])


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_no_escalation_without_a_manager_above_or_to_oneself(tree):
    top = set_manager(tree["board"], make_user(username="ordforande"))
    late_case(tree["board"], top, 30)  # the top of the tree has nobody above
    staff = make_user(username="personal")
    late_case(tree["nursing_home"], staff, 30)  # no manager of the unit or the two above: the board's
    plan = plan_reminders(SOURCES, today=TODAY)
    escalated = [
        (reminder.recipient.username, reminder.responsible.username)
        for reminder in plan
        if reminder.stage == ESCALATION
    ]
    assert escalated == [("ordforande", "personal")]


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_escalation_does_not_wait_for_the_overdue_reminder(tree):
    """The overdue reminder went out weeks ago; the escalation comes the day the item passes the limit."""
    handler = make_user(username="handlaggare")
    set_manager(tree["home_care"], make_user(username="chef"))
    case = late_case(tree["home_care"], handler, 1)
    send_due_reminders(SOURCES, today=TODAY)
    assert escalations() == []
    sent = [send_due_reminders(SOURCES, today=day(later)).escalations for later in range(1, 16)]
    assert sent == [0] * 13 + [1, 0]
    assert escalations() == [("chef", "case-receipt", str(case.pk))]


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_the_dry_run_lists_escalations(tree):
    handler = make_user(username="handlaggare", first_name="Hanna", last_name="Handläggare")
    chef = set_manager(tree["home_care"], make_user(username="chef"))
    make_case(
        tree["home_care"],
        handler=handler,
        reference="SYN-2026-00777",
        receipt_due_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    out = StringIO()
    call_command("kvalitet_reminders", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    chef_at = lines.index(next(line for line in lines if line.startswith(chef.email)))
    assert "SYN-2026-00777" in lines[chef_at + 1] and "Hanna Handläggare" in lines[chef_at + 1]
    assert mail.outbox == [] and SentReminder.objects.count() == 0


def count_escalation_queries(tree, add_items):
    set_manager(tree["home_care"], make_user())
    set_manager(tree["nursing_home"], make_user())

    def queries_for_planning():
        with CaptureQueriesContext(connection) as queries:
            plan = plan_reminders(SOURCES, today=TODAY)
        return sum(reminder.stage == ESCALATION for reminder in plan), len(queries)

    add_items(1)
    few = queries_for_planning()
    add_items(5)
    many = queries_for_planning()
    return few, many


def late_cases(tree):
    def add(count):
        for _number in range(count):
            late_case(tree["home_care"], make_user(), 20)
            late_case(tree["nursing_home"], make_user(), 30)

    return add


def late_requirements(tree):
    def add(count):
        for _number in range(count):
            requirement = make_requirement(responsible_person=make_user(), next_review_due=day(-20))
            requirement.units.add(tree["nursing_home"])
            requirement.save()

    return add


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_escalating_cases_takes_the_same_number_of_queries_for_any_number(tree):
    few, many = count_escalation_queries(tree, late_cases(tree))
    assert (few[0], many[0]) == (2, 12)
    assert few[1] == many[1]


@override_settings(KVALITET_ESCALATION_DAYS=14)
def test_escalating_requirements_takes_the_same_number_of_queries_for_any_number(tree):
    few, many = count_escalation_queries(tree, late_requirements(tree))
    assert (few[0], many[0]) == (1, 6)
    assert few[1] == many[1]
