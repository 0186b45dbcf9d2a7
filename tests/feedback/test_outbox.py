"""The outbox: each email sent once, failures kept with their error and retried further apart, never raised."""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from tests.case_builders import make_case
from wagtail_kvalitet import outbox
from wagtail_kvalitet.models import QueuedEmail
from wagtail_kvalitet.outbox import CASE_NOTICE, CASE_RECEIPT, deliver, deliver_pending, retry_delay
from wagtail_kvalitet.tasks import deliver_emails_task, deliver_pending_emails_task

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.feedback.email_backends.SMTPErrorBackend"
REFUSING_BACKEND = "tests.feedback.email_backends.ConnectionRefusedBackend"


def queue(purpose=CASE_NOTICE, to="handler@exempelvik.example", **fields):
    fields.setdefault("subject", "Nytt ärende")
    fields.setdefault("body", "Ett nytt ärende har kommit in.")
    return QueuedEmail.objects.create(purpose=purpose, to=to, **fields)


def make_due(*emails):
    QueuedEmail.objects.filter(pk__in=[email.pk for email in emails]).update(next_attempt_at=timezone.now())


def test_deliver_sends_each_email_once_and_marks_it_sent():
    first = queue(to="a@exempelvik.example\nb@exempelvik.example")
    second = queue(to="c@exempelvik.example")

    summary = deliver([first.pk, second.pk])

    assert summary.as_dict() == {"sent": 2, "failed": 0, "skipped": 0}
    assert [message.to for message in mail.outbox] == [
        ["a@exempelvik.example", "b@exempelvik.example"],
        ["c@exempelvik.example"],
    ]
    assert mail.outbox[0].subject == "Nytt ärende"
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    assert QueuedEmail.objects.filter(sent_at__isnull=False).count() == 2

    assert deliver([first.pk, second.pk]).as_dict() == {"sent": 0, "failed": 0, "skipped": 2}
    assert deliver_pending().sent == 0
    assert len(mail.outbox) == 2


def test_one_connection_for_all_emails(monkeypatch):
    opened = []
    original = LocmemBackend.__init__

    def counting_init(self, *args, **kwargs):
        opened.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(LocmemBackend, "__init__", counting_init)
    emails = [queue() for _ in range(3)]
    deliver([email.pk for email in emails])
    assert len(opened) == 1


@pytest.mark.parametrize("backend", [FAILING_BACKEND, REFUSING_BACKEND])
def test_a_failure_is_kept_with_its_error_and_never_raised(backend, caplog):
    email = queue()
    before = timezone.now()
    with override_settings(EMAIL_BACKEND=backend), caplog.at_level(logging.WARNING):
        summary = deliver([email.pk])

    assert summary.as_dict() == {"sent": 0, "failed": 1, "skipped": 0}
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error
    assert (
        before + datetime.timedelta(minutes=5)
        <= email.next_attempt_at
        <= timezone.now() + datetime.timedelta(minutes=5)
    )
    assert str(email.pk) in caplog.text
    assert caplog.records[-1].levelno == logging.WARNING


@override_settings(KVALITET_OUTBOX_RETRY_MINUTES=5)
def test_the_retry_delay_doubles():
    assert [retry_delay(attempts) for attempts in (1, 2, 3, 4)] == [
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=10),
        datetime.timedelta(minutes=20),
        datetime.timedelta(minutes=40),
    ]
    email = queue()
    waits = []
    with override_settings(EMAIL_BACKEND=FAILING_BACKEND):
        for _ in range(3):
            make_due(email)
            started = timezone.now()
            deliver([email.pk])
            email.refresh_from_db()
            waits.append(round((email.next_attempt_at - started).total_seconds() / 60))
    assert waits == [5, 10, 20]


def test_an_email_is_not_retried_before_its_time():
    email = queue()
    with override_settings(EMAIL_BACKEND=FAILING_BACKEND):
        deliver([email.pk])
    assert deliver([email.pk]).as_dict() == {"sent": 0, "failed": 0, "skipped": 1}
    assert deliver_pending().sent == 0
    assert mail.outbox == []


@override_settings(KVALITET_OUTBOX_MAX_ATTEMPTS=3)
def test_the_outbox_gives_up_after_the_maximum_attempts(caplog):
    email = queue()
    with override_settings(EMAIL_BACKEND=FAILING_BACKEND), caplog.at_level(logging.WARNING):
        for _ in range(5):
            make_due(email)
            deliver_pending()
            deliver([email.pk])
    email.refresh_from_db()
    assert email.attempts == 3
    assert caplog.records[-1].levelno == logging.ERROR
    make_due(email)
    assert not QueuedEmail.objects.pending().exists()
    assert deliver([email.pk]).sent == 0
    assert mail.outbox == []


class ReentrantBackend(LocmemBackend):
    """While sending, a second worker delivers the outbox too: it must not send the same email."""

    inner_summaries = []

    def send_messages(self, messages):
        ReentrantBackend.inner_summaries.append(deliver_pending().as_dict())
        return super().send_messages(messages)


def test_two_workers_never_send_the_same_email():
    ReentrantBackend.inner_summaries = []
    email = queue()
    with override_settings(EMAIL_BACKEND="tests.feedback.test_outbox.ReentrantBackend"):
        assert deliver([email.pk]).sent == 1
    # The second worker started while the first was sending and found nothing to send.
    assert ReentrantBackend.inner_summaries == [{"sent": 0, "failed": 0, "skipped": 0}]
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_worker_that_died_expires():
    email = queue()
    assert outbox.claim(email, timezone.now())
    assert deliver_pending().sent == 0
    QueuedEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert deliver_pending().sent == 1


def test_a_sent_receipt_acknowledges_its_case_and_a_notice_does_not():
    case = make_case()
    other = make_case()
    queue(purpose=CASE_NOTICE, case=other)
    queue(purpose=CASE_RECEIPT, to="anna@exempel.example", case=case)
    deliver_pending()
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.acknowledged_at is not None
    assert other.acknowledged_at is None


def test_a_failed_receipt_does_not_acknowledge():
    case = make_case()
    queue(purpose=CASE_RECEIPT, to="anna@exempel.example", case=case)
    with override_settings(EMAIL_BACKEND=FAILING_BACKEND):
        deliver_pending()
    case.refresh_from_db()
    assert case.acknowledged_at is None


def test_an_email_backend_that_cannot_be_loaded_loses_nothing(caplog):
    email = queue()
    with override_settings(EMAIL_BACKEND="no.such.Backend"), caplog.at_level(logging.ERROR):
        assert deliver([email.pk]).failed == 1
    email.refresh_from_db()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert "ModuleNotFoundError" in email.last_error
    make_due(email)
    assert deliver_pending().sent == 1


def test_emails_born_claimed_are_sent_by_their_task_without_claiming_again(monkeypatch):
    claimed_at = outbox.claimed_until()
    emails = [queue(next_attempt_at=claimed_at) for _ in range(2)]
    assert not QueuedEmail.objects.pending().exists()

    def no_claims(email, now):
        raise AssertionError("claimed again")

    monkeypatch.setattr(outbox, "claim", no_claims)
    result = deliver_emails_task.enqueue([email.pk for email in emails], claimed_at.isoformat())
    assert result.return_value == {"sent": 2, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 2


def test_a_task_with_another_workers_claim_sends_nothing():
    mine = outbox.claimed_until()
    email = queue(next_attempt_at=mine + datetime.timedelta(seconds=1))  # claimed again by someone else
    assert deliver([email.pk], claimed_at=mine).as_dict() == {"sent": 0, "failed": 0, "skipped": 1}
    assert mail.outbox == []


def test_a_late_task_leaves_its_emails_to_the_periodic_run():
    claimed_at = timezone.now() + outbox.CLAIM_MARGIN - datetime.timedelta(seconds=1)
    email = queue(next_attempt_at=claimed_at)
    assert deliver([email.pk], claimed_at=claimed_at).skipped == 1
    assert mail.outbox == []
    QueuedEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert deliver_pending().sent == 1


def test_deliver_pending_works_in_batches(monkeypatch):
    monkeypatch.setattr(outbox, "BATCH_SIZE", 2)
    for _ in range(5):
        queue()
    assert deliver_pending().sent == 5
    assert len(mail.outbox) == 5


def test_an_email_without_recipients_fails_without_stopping_the_rest():
    broken = queue(to="")
    fine = queue()
    summary = deliver([broken.pk, fine.pk])
    assert (summary.sent, summary.failed) == (1, 1)


def test_the_tasks_deliver():
    email = queue()
    result = deliver_emails_task.enqueue([email.pk])
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == {"sent": 1, "failed": 0, "skipped": 0}

    queue()
    result = deliver_pending_emails_task.enqueue()
    assert result.return_value == {"sent": 1, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 2


def test_the_command_dry_run_lists_and_sends_nothing():
    queue(to="a@exempelvik.example", subject="Första")
    queue(to="b@exempelvik.example", subject="Andra", sent_at=timezone.now())
    out = io.StringIO()
    call_command("kvalitet_outbox", "--dry-run", stdout=out)
    assert "a@exempelvik.example" in out.getvalue()
    assert "Första" in out.getvalue()
    assert "Andra" not in out.getvalue()
    assert mail.outbox == []


def test_the_command_sends_and_fails_loudly_when_it_cannot():
    queue()
    call_command("kvalitet_outbox", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    queue()
    with override_settings(EMAIL_BACKEND=FAILING_BACKEND), pytest.raises(CommandError):
        call_command("kvalitet_outbox", stdout=io.StringIO())


@override_settings(DEFAULT_FROM_EMAIL="Exempelviks kommun <kvalitet@exempelvik.example>")
def test_an_email_sent_again_after_a_crash_keeps_its_message_id():
    email = queue()
    deliver([email.pk])
    QueuedEmail.objects.filter(pk=email.pk).update(sent_at=None, next_attempt_at=timezone.now())  # as if never recorded
    deliver_pending()

    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"] == f"<kvalitet-outbox-{email.pk}@exempelvik.example>"
    other = queue()
    deliver([other.pk])
    assert mail.outbox[2].extra_headers["Message-ID"] != first.extra_headers["Message-ID"]
    assert mail.outbox[2].message()["Message-ID"] == f"<kvalitet-outbox-{other.pk}@exempelvik.example>"
