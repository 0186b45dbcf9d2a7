"""Receiving a case so that it is never lost: stored first, its emails queued with it, sent after commit.

Every way a case comes in (the public form, the staff's idea form, a handler registering a phone
call or a letter) goes through ``receive_case``. In one transaction it takes the reference number,
sets the status and deadlines, stores the case and writes its emails to the outbox; only once that
transaction has committed is the delivery task enqueued. So a mail server that is down, or even a
broken email template, can delay a receipt but never lose a complaint or make the sender see an
error: the outbox tries again later.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone

from ..conf import kvalitet_settings
from ..models.feedback import CaseKind, FeedbackCase, initial_status
from ..models.outbox import QueuedEmail
from ..models.reference_numbers import next_reference
from ..outbox import CASE_NOTICE, CASE_RECEIPT, claimed_until
from .deadlines import deadlines_for
from .notifications import notice_email, receipt_email, staff_recipients

logger = logging.getLogger(__name__)


def reference_prefix(kind):
    if kind == CaseKind.IDEA:
        return kvalitet_settings.IDEA_REFERENCE_PREFIX
    return kvalitet_settings.CASE_REFERENCE_PREFIX


def receive_case(*, kind, channel, source_page=None, registered_by=None, notify_email="", quality_areas=(), **fields):
    """Store a new case with its reference number and deadlines, queue its emails, and return it.

    ``fields`` are the case's own fields (``unit``, ``description``, ``sender_type``, the sender's
    contact details, ``received_at`` for a letter registered later, ...). ``notify_email`` is the
    form page's registry address. Validation is the caller's job (the form); this raises only if
    the case itself cannot be stored, and then nothing is stored and no number is used.
    """
    if kind not in CaseKind.values:
        raise ValueError(f"Unknown case kind: {kind!r}")
    fields.setdefault("received_at", timezone.now())
    receipt_due_on, answer_due_on = deadlines_for(fields["received_at"])
    with transaction.atomic():
        case = FeedbackCase.objects.create(
            reference=next_reference(reference_prefix(kind)),
            kind=kind,
            status=initial_status(kind),
            channel=channel,
            source_page=source_page,
            registered_by=registered_by,
            receipt_due_on=receipt_due_on,
            answer_due_on=answer_due_on,
            **fields,
        )
        if quality_areas:
            case.quality_areas.set(quality_areas)
        claimed_at = claimed_until()
        email_ids = queue_emails(case, source_page, notify_email, claimed_at)
    if email_ids:
        transaction.on_commit(lambda: enqueue_delivery(email_ids, claimed_at), robust=True)
    return case


def queue_emails(case, source_page=None, notify_email="", claimed_at=None):
    """Write the case's receipt and notices to the outbox; the ids written, or none if that failed.

    The emails are born claimed until ``claimed_at`` for the delivery enqueued on commit (see
    ``outbox``); if that delivery never runs, the periodic run sends them once the claim expires.
    In a savepoint of its own: if an email cannot even be written (a broken template, say), the
    case is still stored, the failure is logged, and the inbox still shows the case as new.
    """
    claim = {"next_attempt_at": claimed_at} if claimed_at else {}
    try:
        with transaction.atomic():
            emails = []
            if case.email and not case.anonymous:
                subject, body = receipt_email(case, source_page)
                emails.append(
                    QueuedEmail(purpose=CASE_RECEIPT, to=case.email, subject=subject, body=body, case=case, **claim)
                )
            recipients = staff_recipients(case, notify_email)
            if recipients:
                subject, body = notice_email(case)
                emails.extend(
                    QueuedEmail(purpose=CASE_NOTICE, to=address, subject=subject, body=body, case=case, **claim)
                    for address in recipients
                )
            else:
                logger.warning("Case %s was stored, but no one could be notified of it.", case.reference)
            if connection.features.can_return_rows_from_bulk_insert:  # SQLite 3.35+, PostgreSQL: one INSERT
                QueuedEmail.objects.bulk_create(emails)
            else:
                for email in emails:
                    email.save()
            return [email.pk for email in emails]
    except Exception:
        logger.exception("Case %s was stored, but its emails could not be written to the outbox.", case.reference)
        return []


def enqueue_delivery(email_ids, claimed_at=None):
    """Hand the queued emails to the task backend; if that fails, the periodic retry sends them."""
    from ..tasks import deliver_emails_task

    try:
        deliver_emails_task.enqueue(list(email_ids), claimed_at.isoformat() if claimed_at else None)
    except Exception:
        logger.exception("Could not enqueue the delivery of emails %s; the periodic outbox run sends them.", email_ids)


def acknowledge_if_receipt_sent(case):
    """Mark ``case`` (or its pk) as acknowledged now that its receipt email has reached the mail server.

    The receipt deadline is then met. A case already acknowledged (by hand, or by moving it on)
    keeps its first date.
    """
    pk = getattr(case, "pk", case)
    return bool(FeedbackCase.objects.filter(pk=pk, acknowledged_at__isnull=True).update(acknowledged_at=timezone.now()))
