"""Retention: remove the personal data of cases closed longer ago than the municipality keeps it.

A case is a public record and its numbers are the board's statistics, so a case is never deleted:
its kind, unit, sender type, channel, status, dates, quality areas and handler stay, and so does
every count the quarterly report makes. What goes is what identifies or was written by the sender:

* name, email, phone, postal address and how they wanted the answer (``contact_method``);
* the description (what the sender wrote) and the answer given to them, replaced by a note;
* the case's queued emails (the outbox), which hold the sender's address and the receipt text.

Kept on purpose: the investigation and the measures taken, which staff write about the operation
(the board needs the measures to see what complaints led to), and the booleans (``anonymous``,
``wants_answer``, lex Sarah / lex Maria), which are statistics. Staff are asked to write those
texts without names. Wagtail's history of a case (``ModelLogEntry``) holds no personal data by
design: its entries name the case by reference and kind, and record which fields changed, not
their values, so nothing there needs removing.

Runs in batches of one SELECT, one DELETE and one UPDATE each, however many cases are due, and is
idempotent: a case once anonymised is stamped ``anonymised_at`` and never selected again.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext, override
from django_tasks import task

from ..conf import kvalitet_settings
from ..models.feedback import FeedbackCase
from ..models.governance import add_months
from ..models.outbox import QueuedEmail

#: Cases anonymised per transaction: small enough to keep locks short on a busy site.
BATCH_SIZE = 500


def removed_text():
    """The note that replaces the sender's text, in the site's language since it is stored."""
    with override(settings.LANGUAGE_CODE):
        return gettext("[Personal data removed]")


def retention_cutoff(now=None, months=None):
    """Cases finished before this moment have been kept long enough."""
    now = now or timezone.now()
    months = kvalitet_settings.CASE_RETENTION_MONTHS if months is None else months
    return add_months(now, -int(months))


def cases_due(now=None, months=None):
    """Finished cases past the retention period that still hold personal data, oldest first."""
    return FeedbackCase.objects.due_for_anonymisation(retention_cutoff(now, months)).order_by("finished_at", "pk")


@dataclass
class RetentionSummary:
    cases_anonymised: int = 0
    emails_deleted: int = 0
    #: In a dry run, ``(reference, finished_at)`` of each case a run would anonymise; otherwise empty.
    pending: list = field(default_factory=list)

    def as_dict(self):
        return {"cases_anonymised": self.cases_anonymised, "emails_deleted": self.emails_deleted}


def anonymise_expired_cases(now=None, months=None, dry_run=False, batch_size=BATCH_SIZE):
    """Anonymise every case due (see the module docstring); a dry run only lists them."""
    now = now or timezone.now()
    due = cases_due(now, months)
    if dry_run:
        return RetentionSummary(pending=list(due.values_list("reference", "finished_at")))
    summary = RetentionSummary()
    note = removed_text()
    last_pk = 0
    while True:
        with transaction.atomic():
            # Walk the primary key forward, so the loop ends even if a case could not be changed.
            batch = list(due.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1]
            # Nothing points at a queued email, so Django deletes them in one query.
            deleted, _by_model = QueuedEmail.objects.filter(case_id__in=batch).delete()
            summary.emails_deleted += deleted
            summary.cases_anonymised += anonymise(batch, note, now)
    return summary


def anonymise(pks, note, now):
    """One UPDATE for the cases ``pks`` that are not yet anonymised; returns how many it changed."""
    return FeedbackCase.objects.filter(pk__in=pks, anonymised_at__isnull=True).update(
        name="",
        email="",
        phone="",
        postal_address="",
        contact_method="",
        description=note,
        # An empty answer stays empty: the report can still tell which cases were answered in writing.
        answer=Case(When(answer="", then=Value("")), default=Value(note)),
        anonymised_at=now,
        updated_at=now,
    )


@task()
def anonymise_expired_cases_task():
    """Run retention on the task worker, e.g. once a night; the result is the run's counts."""
    return anonymise_expired_cases().as_dict()


__all__ = [
    "BATCH_SIZE",
    "RetentionSummary",
    "anonymise_expired_cases",
    "anonymise_expired_cases_task",
    "cases_due",
    "retention_cutoff",
    "removed_text",
]
