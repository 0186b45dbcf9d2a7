"""The reminder engine: stages, one digest per person, each reminder once, even from runs in parallel."""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, override
from wagtail.users.models import UserProfile

from tests.conftest import make_user
from tests.reminder_builders import make_requirement, make_statute
from wagtail_kvalitet.legal_reminders import legal_review_source
from wagtail_kvalitet.models import ComplianceStatus, ReminderDigest, SentReminder
from wagtail_kvalitet.reminders import deliver, plan_reminders, send_due_reminders, stage_for

ROOT = Path(__file__).resolve().parent.parent
EDIT_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"
LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"


def in_days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


def edit_link(requirement):
    return "http://testserver" + reverse(EDIT_URL, args=[requirement.pk])


def ledger():
    return sorted(SentReminder.objects.values_list("recipient__username", "object_id", "due_on", "stage"))


class FailingForSomeBackend(LocmemBackend):
    """Django's test backend, except that mail to the addresses in ``failing`` raises, as a refusing server would."""

    failing = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.failing:
                raise ConnectionRefusedError("The mail server refused the connection.")
        return super().send_messages(messages)


class SendsNothingBackend(BaseEmailBackend):
    """A backend that reports no message sent without raising, as ``fail_silently`` backends do."""

    def send_messages(self, messages):
        return 0


# Stages.


@pytest.mark.parametrize(
    ("due_in", "stage"),
    [(-1, "overdue"), (-400, "overdue"), (0, "7"), (5, "7"), (7, "7"), (8, "30"), (30, "30"), (31, None)],
)
def test_the_smallest_day_count_the_date_is_within_wins(due_in, stage):
    today = datetime.date(2026, 5, 10)
    assert stage_for(today + datetime.timedelta(days=due_in), today, [7, 30]) == stage


@override_settings(KVALITET_REMINDER_DAYS=(14, 60, 1))
def test_day_counts_come_from_the_settings():
    today = datetime.date(2026, 5, 10)
    stages = [stage_for(today + datetime.timedelta(days=n), today) for n in (1, 2, 14, 15, 60, 61)]
    assert stages == ["1", "14", "14", "60", "60", None]


@pytest.mark.django_db
def test_a_job_that_first_runs_five_days_before_sends_only_the_seven_day_reminder():
    owner = make_user()
    make_requirement(due_in=5, responsible_person=owner)
    assert send_due_reminders().emails_sent == 1
    assert [stage for *_rest, stage in ledger()] == ["7"]


# One email per person, listing all their items.


@pytest.mark.django_db
def test_one_email_per_person_lists_all_their_items_overdue_first():
    karin = make_user(username="karin", first_name="Karin", last_name="Lund")
    olle = make_user(username="olle")
    sosfs = make_statute(title="Ledningssystem för systematiskt kvalitetsarbete", number="SOSFS 2011:9")
    soon = make_requirement(due_in=20, responsible_person=karin, reference="5 kap. 6 §", title="Ta emot klagomål")
    late = make_requirement(due_in=-3, responsible_person=karin, statute=sosfs, reference="7 kap. 1 §",
                            title="Egenkontroll")
    urgent = make_requirement(due_in=6, responsible_person=karin, title="Journalföring", reference="")
    make_requirement(due_in=90, responsible_person=karin, title="Långt borta")
    make_requirement(due_in=2, responsible_person=olle, title="Olles krav")
    make_requirement(due_in=-10, title="Utan ansvarig")

    summary = send_due_reminders()

    assert (summary.emails_sent, summary.items_sent, summary.failures) == (2, 4, 0)
    emails = {message.to[0]: message for message in mail.outbox}
    assert set(emails) == {"karin@exempelvik.example", "olle@exempelvik.example"}
    email = emails["karin@exempelvik.example"]
    assert email.from_email == "kvalitet@exempelvik.example"
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    body = email.body
    assert "Karin Lund" in body
    assert "Långt borta" not in body and "Olles krav" not in body and "Utan ansvarig" not in body
    # Overdue first, then by date; each with statute, reference, due date, how late and a link to its page.
    assert body.index("Egenkontroll") < body.index("Journalföring") < body.index("Ta emot klagomål")
    assert "- Ledningssystem för systematiskt kvalitetsarbete (SOSFS 2011:9): 7 kap. 1 § Egenkontroll\n" in body
    late_item = body[body.index("Egenkontroll"):body.index("Journalföring")]
    with override("sv"):
        overdue = ngettext("overdue by %(counter)s day", "overdue by %(counter)s days", 3) % {"counter": 3}
        due_in = ngettext("due in %(counter)s day", "due in %(counter)s days", 20) % {"counter": 20}
        heading = str(legal_review_source.label or legal_review_source.topic)
        subject = ngettext(
            "Quality work: %(counter)s item due or overdue", "Quality work: %(counter)s items due or overdue", 3
        ) % {"counter": 3}
    assert f"{late.next_review_due.isoformat()} ({overdue})" in late_item
    assert edit_link(late) in late_item
    assert "- Socialtjänstlag (2025:400): 5 kap. 6 § Ta emot klagomål\n" in body
    soon_item = body[body.index("Ta emot klagomål"):]
    assert f"{soon.next_review_due.isoformat()} ({due_in})" in soon_item
    assert edit_link(urgent) in body and edit_link(soon) in body
    # One section for the source, headed by its label and ending with the link to the person's register.
    assert body.count(f"== {heading} ==") == 1
    assert f"http://testserver{reverse(LIST_URL)}?responsible_person={karin.pk}" in body
    assert "&amp;" not in body and "\n\n\n" not in body
    assert email.subject == subject


@pytest.mark.django_db
def test_the_email_is_in_the_recipients_admin_language():
    swedish, english = make_user(), make_user()
    UserProfile.objects.create(user=english, preferred_language="en")
    make_requirement(due_in=-1, responsible_person=swedish)
    make_requirement(due_in=-1, responsible_person=english)
    send_due_reminders()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    # Dates are written the recipient's way: the languages' short date formats differ.
    with override("sv"):
        swedish_date = formats.date_format(in_days(-1), "SHORT_DATE_FORMAT")
    with override("en"):
        english_date = formats.date_format(in_days(-1), "SHORT_DATE_FORMAT")
    assert swedish_date != english_date
    assert swedish_date in bodies[swedish.email] and english_date not in bodies[swedish.email]
    assert english_date in bodies[english.email] and swedish_date not in bodies[english.email]


@pytest.mark.django_db
def test_people_who_cannot_get_email_are_skipped_and_nothing_is_claimed_for_them():
    make_requirement(due_in=-1, responsible_person=make_user(email=""))
    make_requirement(due_in=-1, responsible_person=make_user(is_active=False))
    summary = send_due_reminders()
    assert (summary.emails_sent, mail.outbox, ledger()) == (0, [], [])


# Each reminder once.


@pytest.mark.django_db
def test_a_second_run_sends_nothing():
    owner = make_user()
    make_requirement(due_in=-2, responsible_person=owner)
    make_requirement(due_in=25, responsible_person=owner)
    assert send_due_reminders().emails_sent == 1
    claimed = ledger()
    second = send_due_reminders()
    assert (second.emails_sent, second.items_sent, second.failures) == (0, 0, 0)
    assert len(mail.outbox) == 1 and ledger() == claimed and len(claimed) == 2


@pytest.mark.django_db
def test_each_stage_of_a_due_date_is_sent_once_as_the_date_comes_closer():
    owner = make_user()
    requirement = make_requirement(responsible_person=owner, next_review_due=datetime.date(2026, 6, 30))
    sent = []
    for today in ("2026-05-20", "2026-05-31", "2026-06-10", "2026-06-23", "2026-06-30", "2026-07-01", "2026-08-01"):
        sent.append(send_due_reminders(today=datetime.date.fromisoformat(today)).emails_sent)
    assert sent == [0, 1, 0, 1, 0, 1, 0]
    assert [stage for *_rest, stage in ledger()] == ["30", "7", "overdue"]
    assert all(str(requirement.pk) == object_id for _user, object_id, _due, _stage in ledger())


@pytest.mark.django_db
def test_a_review_moves_the_due_date_and_starts_fresh_reminders():
    reviewer = make_user()
    requirement = make_requirement(due_in=-5, responsible_person=reviewer, review_interval_months=1)
    assert send_due_reminders().items_sent == 1
    requirement.mark_reviewed(reviewer, ComplianceStatus.MET, on=timezone.localdate() - datetime.timedelta(days=20))
    assert timezone.localdate() < requirement.next_review_due <= in_days(11)
    # Today's digest has gone; tomorrow's holds the new due date.
    assert send_due_reminders().items_sent == 0
    assert send_due_reminders(today=in_days(1)).items_sent == 1
    assert [(due, stage) for _user, _id, due, stage in ledger()] == [
        (in_days(-5), "overdue"),
        (requirement.next_review_due, "7" if requirement.next_review_due <= in_days(8) else "30"),
    ]


@pytest.mark.django_db
def test_a_new_responsible_person_gets_their_own_reminder():
    first, second = make_user(), make_user()
    requirement = make_requirement(due_in=-1, responsible_person=first)
    send_due_reminders()
    requirement.responsible_person = second
    requirement.save()
    send_due_reminders()
    assert send_due_reminders(today=in_days(1)).emails_sent == 0
    assert [message.to for message in mail.outbox] == [[first.email], [second.email]]


@pytest.mark.django_db
def test_a_failed_email_gives_its_claims_back_and_the_next_run_sends_it(caplog):
    unlucky, lucky = make_user(username="unlucky"), make_user(username="lucky")
    make_requirement(due_in=-1, responsible_person=unlucky)
    make_requirement(due_in=3, responsible_person=unlucky)
    make_requirement(due_in=-1, responsible_person=lucky)
    FailingForSomeBackend.failing = {unlucky.email}
    with override_settings(EMAIL_BACKEND="tests.test_reminders.FailingForSomeBackend"):
        summary = send_due_reminders()
    assert (summary.emails_sent, summary.items_sent, summary.failures) == (1, 1, 1)
    assert [message.to for message in mail.outbox] == [[lucky.email]]
    assert [user for user, *_rest in ledger()] == ["lucky"]
    assert "Could not send the reminder digest" in caplog.text and "ConnectionRefusedError" in caplog.text
    assert list(ReminderDigest.objects.values_list("recipient__username", "items")) == [("lucky", 1)]

    retry = send_due_reminders()
    assert (retry.emails_sent, retry.items_sent, retry.failures) == (1, 2, 0)
    assert [message.to for message in mail.outbox] == [[lucky.email], [unlucky.email]]
    assert [user for user, *_rest in ledger()] == ["lucky", "unlucky", "unlucky"]
    assert sorted(ReminderDigest.objects.values_list("recipient__username", "items")) == [("lucky", 1), ("unlucky", 2)]


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="tests.test_reminders.SendsNothingBackend")
def test_a_backend_that_sends_nothing_counts_as_a_failure():
    make_requirement(due_in=-1, responsible_person=make_user())
    summary = send_due_reminders()
    assert (summary.emails_sent, summary.failures, ledger()) == (0, 1, [])


@pytest.mark.django_db
def test_runs_that_planned_the_same_reminders_send_each_once():
    """The worst interleaving, step by step: both runs plan before either claims."""
    owners = [make_user() for _ in range(3)]
    for owner in owners:
        make_requirement(due_in=-1, responsible_person=owner)
        make_requirement(due_in=4, responsible_person=owner)
    first_plan, second_plan = plan_reminders(), plan_reminders()
    assert len(first_plan) == len(second_plan) == 6
    first = deliver(first_plan)
    second = deliver(second_plan)
    assert (first.emails_sent, second.emails_sent) == (3, 0)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(owner.email for owner in owners)


# Runs in parallel, for real: threads on PostgreSQL, processes on an SQLite file.


def reminder_owners(people=4):
    """``people`` owners, each with an overdue requirement and two due within a week; none yet reminded."""
    owners = [make_user(username=f"parallel{number}") for number in range(people)]
    for owner in owners:
        make_requirement(due_in=-2, responsible_person=owner)
        make_requirement(due_in=3, responsible_person=owner)
        make_requirement(due_in=3, responsible_person=owner)
    return owners


def assert_one_email_per_person(emails, owners):
    """Each owner got one email, about all three of their requirements."""
    assert sorted(to for to, _body in emails) == sorted(owner.email for owner in owners)
    for to, body in emails:
        mine = [requirement for owner in owners if owner.email == to for requirement in owner.legal_requirements.all()]
        assert all(edit_link(requirement) in body for requirement in mine), body
    assert SentReminder.objects.count() == 3 * len(owners)


def run_in_threads(work, count=2):
    """Run ``work`` in ``count`` threads that start together; each thread has its own database connection."""
    barrier = threading.Barrier(count, timeout=30)
    results, errors = [], []

    def target():
        try:
            results.append(work(barrier))
        except BaseException as error:
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    assert len(results) == count
    return results


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (KVALITET_TEST_DATABASE_URL); the SQLite variant runs two processes")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_on_postgresql_send_one_email_per_person():
    require_postgresql()
    owners = reminder_owners()

    def run(barrier):
        barrier.wait()
        return send_due_reminders()

    summaries = run_in_threads(run)
    assert sum(summary.emails_sent for summary in summaries) == len(owners)
    assert sum(summary.items_sent for summary in summaries) == 3 * len(owners)
    assert_one_email_per_person([(message.to[0], message.body) for message in mail.outbox], owners)
    assert send_due_reminders().emails_sent == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_that_claim_at_once_on_postgresql_send_one_email_per_person():
    """Both runs have planned every reminder before either claims: the unique constraint alone decides."""
    require_postgresql()
    owners = reminder_owners()

    def run(barrier):
        planned = plan_reminders()
        assert len(planned) == 3 * len(owners)
        barrier.wait()
        return deliver(planned)

    summaries = run_in_threads(run)
    assert sum(summary.emails_sent for summary in summaries) == len(owners)
    assert_one_email_per_person([(message.to[0], message.body) for message in mail.outbox], owners)


#: Run in each child process: plan the reminders, wait until the other process has planned too,
#: then claim and send; print the emails sent.
CHILD = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.core import mail
from wagtail_kvalitet.reminders import deliver, plan_reminders
ready = Path(sys.argv[1])
planned = plan_reminders()
(ready / sys.argv[2]).touch()
deadline = time.monotonic() + 60
while len(list(ready.iterdir())) < 2 and time.monotonic() < deadline:
    time.sleep(0.001)
summary = deliver(planned)
print(json.dumps([[message.to[0], message.body] for message in getattr(mail, "outbox", [])]))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_on_an_sqlite_file_send_one_email_per_person(tmp_path):
    """Two OS processes run the reminder job against one SQLite file; both plan before either claims.

    Threads cannot share the suite's in-memory database (SQLite's shared cache answers "table is
    locked" at once), so the test copies it, migrated and with the test's data, to a file that
    both processes open with SQLite's own locking and busy timeout.
    """
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant runs two threads")
    owners = reminder_owners()
    database = tmp_path / "reminders.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()
    ready = tmp_path / "ready"
    ready.mkdir()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "KVALITET_TEST_DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("KVALITET_REQUIRE_DATABASE", None)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(ready), name],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    emails = [tuple(email) for out, _err in outputs for email in json.loads(out.strip().splitlines()[-1])]

    assert_one_email_per_person_in(database, emails, owners)


def assert_one_email_per_person_in(database, emails, owners):
    assert sorted(to for to, _body in emails) == sorted(owner.email for owner in owners)
    for to, body in emails:
        mine = [requirement for owner in owners if owner.email == to for requirement in owner.legal_requirements.all()]
        assert all(edit_link(requirement) in body for requirement in mine), body
    with sqlite3.connect(database) as copy:
        (claims,) = copy.execute("SELECT COUNT(*) FROM wagtail_kvalitet_sentreminder").fetchone()
    copy.close()
    assert claims == 3 * len(owners)


# The command.


@pytest.mark.django_db
def test_the_command_sends_and_says_how_many():
    make_requirement(due_in=-1, responsible_person=make_user())
    make_requirement(due_in=1, responsible_person=make_user())
    out = io.StringIO()
    call_command("kvalitet_reminders", stdout=out)
    assert len(mail.outbox) == 2
    with override("sv"):
        expected = gettext("Reminders sent. Emails: %(emails)d, items: %(items)d, escalations: %(escalations)d.") % {
            "emails": 2, "items": 2, "escalations": 0
        }
    assert out.getvalue().strip() == expected


@pytest.mark.django_db
def test_the_dry_run_lists_what_would_be_sent_and_sends_and_claims_nothing():
    owner = make_user(email="karin@exempelvik.example")
    make_requirement(due_in=-1, responsible_person=owner, title="Egenkontroll", reference="7 kap. 1 §")
    make_requirement(due_in=3, responsible_person=owner, title="Journalföring", reference="")
    already = make_requirement(due_in=-5, responsible_person=make_user(username="reminded"))
    send_due_reminders(sources=[legal_review_source])
    SentReminder.objects.exclude(object_id=str(already.pk)).delete()
    ReminderDigest.objects.filter(recipient=owner).delete()
    mail.outbox.clear()
    out = io.StringIO()

    call_command("kvalitet_reminders", "--dry-run", stdout=out)

    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith("karin@exempelvik.example: ")
    assert "Socialtjänstlag (2025:400): 7 kap. 1 § Egenkontroll" in lines[1]
    assert in_days(-1).isoformat() in lines[1]
    assert "Socialtjänstlag (2025:400): Journalföring" in lines[2]
    assert "reminded" not in out.getvalue()
    assert mail.outbox == [] and [user for user, *_rest in ledger()] == ["reminded"]
    assert send_due_reminders().items_sent == 2


@pytest.mark.django_db
def test_the_command_fails_when_an_email_could_not_be_sent():
    owner = make_user()
    make_requirement(due_in=-1, responsible_person=owner)
    FailingForSomeBackend.failing = {owner.email}
    with override_settings(EMAIL_BACKEND="tests.test_reminders.FailingForSomeBackend"), pytest.raises(CommandError):
        call_command("kvalitet_reminders", stdout=io.StringIO())
    assert ledger() == []
