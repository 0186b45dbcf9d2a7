"""One digest a day per person, for every kind of reminder: once, in full, and given back when it cannot be sent."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import formats, timezone

from tests.case_builders import make_case
from tests.conftest import make_user
from tests.goals.builders import make_indicator
from tests.reminder_builders import make_requirement
from tests.test_reminders import FailingForSomeBackend, edit_link, require_postgresql, run_in_threads
from wagtail_kvalitet.feedback.reminders import case_receipt_source, case_url
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.goals.reminders import measurement_due_source
from wagtail_kvalitet.legal_reminders import legal_review_source
from wagtail_kvalitet.models import ReminderDigest, SentReminder
from wagtail_kvalitet.reminders import (
    absolute_admin_url,
    my_work_url,
    plan_reminders,
    send_due_reminders,
    source_label,
)
from wagtail_kvalitet.snippets.measurement_grid import grid_url

#: Q1 2026 ended on 31 March, so its figures are due on 30 April: 20 days away.
TODAY = datetime.date(2026, 4, 10)
Q1 = Period(2026, Frequency.QUARTER, 1)
SOURCES = [legal_review_source, case_receipt_source, measurement_due_source]


def day(count):
    return TODAY + datetime.timedelta(days=count)


def due_case(unit, handler, due_in, **fields):
    received = timezone.make_aware(datetime.datetime.combine(day(due_in - 2), datetime.time(10)))
    return make_case(unit, handler=handler, received_at=received, receipt_due_on=day(due_in), **fields)


def ledger():
    return sorted(SentReminder.objects.values_list("recipient__username", "topic", "object_id", "stage"))


def a_bit_of_everything(tree, person):
    """For ``person``: a requirement overdue and one due in 5 days, a case late on its receipt, a missing figure."""
    return {
        "late": make_requirement(responsible_person=person, next_review_due=day(-3), title="Egenkontroll"),
        "soon": make_requirement(responsible_person=person, next_review_due=day(5), title="Journalföring"),
        "case": due_case(tree["home_care"], person, -1, reference="SYN-2026-00042"),
        "indicator": make_indicator(tree["home_care"], owner=person, frequency=Frequency.QUARTER, name="Nöjdhet"),
    }


@pytest.mark.django_db
def test_one_digest_holds_every_kind_of_item_grouped_by_source(tree):
    karin = make_user(username="karin", first_name="Karin", last_name="Lund")
    items = a_bit_of_everything(tree, karin)
    other = make_user(username="other")
    make_requirement(responsible_person=other, next_review_due=day(-1))

    summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent, summary.escalations, summary.failures) == (2, 5, 0, 0)
    emails = {message.to[0]: message for message in mail.outbox}
    assert sorted(emails) == [karin.email, other.email]
    body = emails[karin.email].body
    assert "Karin Lund" in body
    # Each source has its own section under its label, with a link to its register.
    headings = [f"== {source_label(source)} ==" for source in SOURCES]
    assert all(body.count(heading) == 1 for heading in headings), body
    assert absolute_admin_url(legal_review_source.get_register_url(karin)) in body
    # Sections with overdue items first: the requirement 3 days late, the case 1 day late, then the figure.
    assert body.index(headings[0]) < body.index(headings[1]) < body.index(headings[2])
    assert body.index("Egenkontroll") < body.index("Journalföring") < body.index(headings[1])
    assert edit_link(items["late"]) in body and edit_link(items["soon"]) in body
    assert "http://testserver" + case_url(items["case"]) in body and "SYN-2026-00042" in body
    assert absolute_admin_url(grid_url(tree["home_care"], Q1)) in body
    assert formats.date_format(day(20), "SHORT_DATE_FORMAT") in body
    assert absolute_admin_url(my_work_url()) in body
    # Nothing a sender wrote about their case.
    assert items["case"].description not in body
    assert "&amp;" not in body and "\n\n\n" not in body
    assert sorted(ReminderDigest.objects.values_list("recipient__username", "day", "items")) == [
        ("karin", TODAY, 4),
        ("other", TODAY, 1),
    ]


@pytest.mark.django_db
def test_the_link_to_my_quality_work_falls_back_to_the_admin_home():
    try:
        expected = reverse("wagtail_kvalitet_my_work")
    except Exception:
        expected = reverse("wagtailadmin_home")
    assert my_work_url() == expected


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing_even_for_what_came_up_since(tree):
    karin = make_user(username="karin")
    a_bit_of_everything(tree, karin)
    assert send_due_reminders(SOURCES, today=TODAY).emails_sent == 1
    claimed = ledger()
    make_requirement(responsible_person=karin, next_review_due=day(-1), title="Ny sedan i morse")

    again = send_due_reminders(SOURCES, today=TODAY)

    assert (again.emails_sent, again.items_sent) == (0, 0)
    assert len(mail.outbox) == 1 and ledger() == claimed
    assert ReminderDigest.objects.count() == 1


@pytest.mark.django_db
def test_the_next_day_sends_only_what_is_new(tree):
    karin = make_user(username="karin")
    items = a_bit_of_everything(tree, karin)
    send_due_reminders(SOURCES, today=TODAY)
    newcomer = make_requirement(responsible_person=karin, next_review_due=day(-1), title="Ny sedan i morse")

    tomorrow = send_due_reminders(SOURCES, today=day(1))

    assert (tomorrow.emails_sent, tomorrow.items_sent) == (1, 1)
    body = mail.outbox[1].body
    assert edit_link(newcomer) in body
    assert edit_link(items["late"]) not in body and "SYN-2026-00042" not in body
    # The requirement due in five days gets its next stage when it is overdue, not before.
    assert send_due_reminders(SOURCES, today=day(2)).emails_sent == 0
    assert send_due_reminders(SOURCES, today=day(6)).items_sent == 1
    assert edit_link(items["soon"]) in mail.outbox[2].body
    assert sorted(ReminderDigest.objects.values_list("day", "items")) == [(TODAY, 4), (day(1), 1), (day(6), 1)]


@pytest.mark.django_db
def test_a_failed_digest_gives_everything_back_and_the_next_run_sends_one(tree, caplog):
    karin, olle = make_user(username="karin"), make_user(username="olle")
    a_bit_of_everything(tree, karin)
    make_requirement(responsible_person=olle, next_review_due=day(-1))
    FailingForSomeBackend.failing = {karin.email}
    with override_settings(EMAIL_BACKEND="tests.test_reminders.FailingForSomeBackend"):
        summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent, summary.failures) == (1, 1, 1)
    assert [message.to for message in mail.outbox] == [[olle.email]]
    assert [user for user, *_rest in ledger()] == ["olle"]
    assert list(ReminderDigest.objects.values_list("recipient__username", flat=True)) == ["olle"]
    assert "Could not send the reminder digest" in caplog.text

    retry = send_due_reminders(SOURCES, today=TODAY)
    third = send_due_reminders(SOURCES, today=TODAY)

    assert (retry.emails_sent, retry.items_sent, retry.failures) == (1, 4, 0)
    assert (third.emails_sent, third.items_sent) == (0, 0)
    assert [message.to for message in mail.outbox] == [[olle.email], [karin.email]]
    assert sorted(ReminderDigest.objects.values_list("recipient__username", "items")) == [("karin", 4), ("olle", 1)]


@pytest.mark.django_db
def test_a_day_won_without_items_is_given_back(tree):
    """A run that wins a person's day but none of their reminders (another run claimed them) sends nothing."""
    karin = make_user(username="karin")
    make_requirement(responsible_person=karin, next_review_due=day(-1))
    planned = plan_reminders(SOURCES, today=TODAY)
    send_due_reminders(SOURCES, today=TODAY)
    ReminderDigest.objects.all().delete()  # as if yesterday's run had claimed the reminders

    from wagtail_kvalitet.reminders import deliver

    summary = deliver(planned, TODAY)

    assert (summary.emails_sent, summary.items_sent) == (0, 0)
    assert len(mail.outbox) == 1 and ReminderDigest.objects.count() == 0


@pytest.mark.django_db
def test_sending_takes_the_same_number_of_queries_for_any_number_of_people():
    def queries_for(people):
        for _number in range(people):
            person = make_user()
            make_requirement(responsible_person=person, next_review_due=day(-1))
            make_requirement(responsible_person=person, next_review_due=day(3))
        with CaptureQueriesContext(connection) as queries:
            summary = send_due_reminders([legal_review_source], today=TODAY)
        return summary.emails_sent, len(queries)

    few = queries_for(2)
    SentReminder.objects.all().delete()
    ReminderDigest.objects.all().delete()
    many = queries_for(10)
    assert (few[0], many[0]) == (2, 12)
    assert few[1] == many[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_runs_at_once_on_postgresql_send_exactly_one_digest_per_person(tree):
    """Eight runs start together, each on its own connection: twenty people get one digest each, of all items."""
    require_postgresql()
    people = [make_user(username=f"digest{number}") for number in range(20)]
    expected = {}
    for number, person in enumerate(people):
        requirements = [
            make_requirement(responsible_person=person, next_review_due=day(-2)),
            make_requirement(responsible_person=person, next_review_due=day(4)),
        ]
        case = due_case(tree["home_care"], person, -1, reference=f"SYN-2026-{number:05d}")
        make_indicator(tree["home_care"], owner=person, frequency=Frequency.QUARTER)
        expected[person.email] = ([edit_link(requirement) for requirement in requirements], case.reference)

    def run(barrier):
        barrier.wait()
        return send_due_reminders(SOURCES, today=TODAY)

    summaries = run_in_threads(run, count=8)

    assert sum(summary.emails_sent for summary in summaries) == 20
    assert sum(summary.items_sent for summary in summaries) == 80
    assert sum(summary.failures for summary in summaries) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    for message in mail.outbox:
        links, reference = expected[message.to[0]]
        assert all(link in message.body for link in links) and reference in message.body
        assert message.body.count("\n- ") == 4, message.body
    assert SentReminder.objects.count() == 80
    assert ReminderDigest.objects.count() == 20
    assert set(ReminderDigest.objects.values_list("items", flat=True)) == {4}
    assert send_due_reminders(SOURCES, today=TODAY).emails_sent == 0
