"""Background tasks (django-tasks): reminders and the outbox, for sites that run them on a task worker, not cron."""

import datetime

from django_tasks import task

from .outbox import deliver, deliver_pending
from .reminders import send_due_reminders


@task()
def send_due_reminders_task():
    """Send today's reminder digests; the result is the run's summary (emails, items, escalations, failures).

    Safe to enqueue from several servers or twice a day: each person gets at most one digest a day,
    and the ledger lets each reminder be sent once.
    """
    return send_due_reminders().as_dict()


@task()
def deliver_emails_task(email_ids, claimed_at=None):
    """Send the queued emails of one new case; enqueued when the transaction that wrote them commits.

    ``claimed_at`` (ISO 8601) is the claim the emails were written with, so the task sends them
    without claiming them again. With the immediate backend (django-tasks' default) this runs in
    the request that stored the case, after it was committed; an email that fails stays in the
    outbox for the periodic run.
    """
    return deliver(email_ids, datetime.datetime.fromisoformat(claimed_at) if claimed_at else None).as_dict()


@task()
def deliver_pending_emails_task():
    """Send every queued email that is due, retries included; schedule it every few minutes.

    Safe to run on several workers at once: each email is claimed before it is sent.
    """
    return deliver_pending().as_dict()
