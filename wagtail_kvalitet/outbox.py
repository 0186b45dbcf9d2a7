"""Sending the outbox: each queued email is claimed, sent once, and on failure tried again later.

Emails are written to ``QueuedEmail`` in the transaction that creates what they are about, so a
mail server that is down loses nothing: the row stays unsent with its error and a time for the
next attempt, further apart after each failure, until ``KVALITET_OUTBOX_MAX_ATTEMPTS``.

Several workers may deliver at once (the task enqueued when a case is stored, the periodic retry,
a command run by hand), so a worker sends only emails it has claimed. A claim moves
``next_attempt_at`` a lease ahead, which takes the email out of ``pending()`` for everyone else:

* emails written by ``receive_case`` are born claimed, for the delivery task enqueued when that
  transaction commits. The task is handed the claim's time and sends the rows that still carry it,
  without a write of its own: a form submission costs one commit for the case and one for marking
  its emails sent, which matters on SQLite, where every commit waits for the disk;
* any other delivery claims each email with a conditional UPDATE, and sends only those whose
  UPDATE changed the row.

Successes and failures of a batch are recorded together in one transaction after sending. A
worker that dies mid-batch leaves claims that expire after the lease; those emails are then tried
again, so at worst an email is sent twice after a crash, never lost.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import punycode

from .conf import kvalitet_settings
from .models.outbox import QueuedEmail

logger = logging.getLogger(__name__)

#: How long a claim keeps other workers off an email while it is being sent. Far longer than a
#: batch of SMTP conversations takes; a module constant because no site should need to change it.
CLAIM_LEASE = datetime.timedelta(minutes=15)
#: A task that starts with less than this left of its emails' claim leaves them to the periodic
#: run after the claim expires, rather than risk still sending when another worker may take them.
CLAIM_MARGIN = datetime.timedelta(minutes=5)
#: Emails claimed and recorded together by one run of ``deliver_pending``.
BATCH_SIZE = 20

#: The purposes the app writes; the receipt marks its case as acknowledged once it is sent.
CASE_RECEIPT = "case-receipt"
CASE_NOTICE = "case-notice"


@dataclass
class DeliverySummary:
    sent: int = 0
    failed: int = 0
    #: Emails another worker had claimed or sent, or that were not due.
    skipped: int = 0
    failed_ids: list = field(default_factory=list)

    def as_dict(self):
        """A JSON-safe summary, as a task result must be."""
        return {"sent": self.sent, "failed": self.failed, "skipped": self.skipped}

    def add(self, other):
        self.sent += other.sent
        self.failed += other.failed
        self.skipped += other.skipped
        self.failed_ids.extend(other.failed_ids)


def claimed_until(now=None):
    """The ``next_attempt_at`` of an email claimed now: the end of its lease."""
    return (now or timezone.now()) + CLAIM_LEASE


def retry_delay(attempts):
    """The wait after the ``attempts``-th failed attempt: the retry minutes, doubled for each further failure."""
    return datetime.timedelta(minutes=kvalitet_settings.OUTBOX_RETRY_MINUTES * 2 ** max(attempts - 1, 0))


def claim(email, now):
    """Claim ``email`` for this worker; False if another worker has it, it was sent, or it is not due."""
    won = QueuedEmail.objects.filter(
        pk=email.pk,
        sent_at__isnull=True,
        next_attempt_at__lte=now,
        attempts__lt=kvalitet_settings.OUTBOX_MAX_ATTEMPTS,
    ).update(next_attempt_at=claimed_until(now))
    return bool(won)


def message_id(email):
    """The same Message-ID each time one queued email is sent.

    If a crash makes a worker send an email again (see the module's docstring), the recipient's
    mail system sees the same message twice and can drop the copy, and a count by Message-ID
    shows whether any email went out more than once. The domain is the sender address's, not the
    sending server's name, so the ID does not depend on which server sent it.
    """
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or str(DNS_NAME)
    return f"<kvalitet-outbox-{email.pk}@{punycode(domain)}>"


def build_message(email, connection):
    return EmailMessage(
        email.subject,
        email.body,
        settings.DEFAULT_FROM_EMAIL,
        email.recipients,
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "Message-ID": message_id(email)},
    )


def deliver(email_ids, claimed_at=None):
    """Send the queued emails ``email_ids`` that this worker can claim, over one connection; never raises.

    ``claimed_at`` is the ``next_attempt_at`` the emails were written with when they were born
    claimed for this delivery (see the module's docstring); the rows still carrying it are this
    worker's without a further claim, as long as enough of the lease is left. Returns a
    ``DeliverySummary``; an email that fails is left for a later run with its error.
    """
    summary = DeliverySummary()
    ids = list(dict.fromkeys(email_ids))
    now = timezone.now()
    rows = list(QueuedEmail.objects.filter(pk__in=ids).order_by("created_at", "pk"))
    summary.skipped += len(ids) - len(rows)
    mine = []
    for email in rows:
        if email.sent_at is not None:
            summary.skipped += 1
        elif is_born_claimed(email, claimed_at, now) or claim(email, now):
            mine.append(email)
        else:
            summary.skipped += 1
    if mine:
        summary.add(send_and_record(mine))
    return summary


def is_born_claimed(email, claimed_at, now):
    return (
        claimed_at is not None
        and email.next_attempt_at == claimed_at
        and email.attempts == 0
        and claimed_at - now >= CLAIM_MARGIN
    )


def send_and_record(emails):
    """Send claimed ``emails``, then record every outcome in one transaction."""
    summary = DeliverySummary()
    sent, failures = [], []
    try:
        connection = get_connection()
    except Exception as error:
        logger.exception("Could not set up the email backend; the outbox keeps %d emails for later.", len(emails))
        failures = [(email, error) for email in emails]
    else:
        try:
            for email in emails:
                try:
                    if not email.recipients:
                        raise ValueError("The email has no recipients.")
                    if not build_message(email, connection).send():
                        raise RuntimeError("The email backend reported that nothing was sent.")
                except Exception as error:
                    failures.append((email, error))
                else:
                    sent.append(email)
        finally:
            try:
                connection.close()
            except Exception:
                logger.warning("Could not close the email connection.", exc_info=True)
    try:
        record(sent, failures)
    except Exception:
        logger.exception(
            "Could not record the outcome of sending emails %s; they are tried again when their claim expires.",
            [email.pk for email in emails],
        )
    summary.sent = len(sent)
    summary.failed = len(failures)
    summary.failed_ids = [email.pk for email, _error in failures]
    return summary


def record(sent, failures):
    """Mark ``sent`` as sent (acknowledging the cases whose receipt went out) and ``failures`` for retry."""
    now = timezone.now()
    with transaction.atomic():
        if sent:
            QueuedEmail.objects.filter(pk__in=[email.pk for email in sent]).update(sent_at=now, last_error="")
        for email in sent:
            if email.purpose == CASE_RECEIPT and email.case_id:
                from .feedback.intake import acknowledge_if_receipt_sent

                acknowledge_if_receipt_sent(email.case_id)
        for email, error in failures:
            record_failure(email, error, now)


def record_failure(email, error, now):
    attempts = email.attempts + 1
    next_attempt_at = now + retry_delay(attempts)
    QueuedEmail.objects.filter(pk=email.pk).update(
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=next_attempt_at,
    )
    if attempts >= kvalitet_settings.OUTBOX_MAX_ATTEMPTS:
        logger.error("Giving up on %s email %s after %d attempts: %s", email.purpose, email.pk, attempts, error)
    else:
        logger.warning(
            "Could not send %s email %s (attempt %d); trying again at %s: %s",
            email.purpose,
            email.pk,
            attempts,
            next_attempt_at.isoformat(),
            error,
        )


def deliver_pending():
    """Send every email that is due and has attempts left, in batches; what the command and periodic task run."""
    summary = DeliverySummary()
    ids = list(QueuedEmail.objects.pending().values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        summary.add(deliver(ids[start : start + BATCH_SIZE]))
    return summary
