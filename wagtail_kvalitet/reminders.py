"""The one reminder engine: who is due for what, claimed in the ledger, and sent as one email per person.

Each kind of reminder (legal requirement reviews now, case deadlines later) is a ``ReminderSource``:
it knows its topic, what is due for whom, how to describe an item and where to act on it. The
engine decides the stage of each item, claims it in the ``SentReminder`` ledger so that no run
sends it twice (even runs on several servers at once), and sends what it claimed.
"""

import datetime
import logging
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, override
from wagtail.admin.utils import get_admin_base_url
from wagtail.users.models import UserProfile

from .conf import kvalitet_settings
from .models.reminders import SentReminder

logger = logging.getLogger(__name__)

#: The stage of an item whose due date has passed.
OVERDUE = "overdue"

#: The sources the job runs, as dotted paths so the engine never imports a feature. A feature
#: with deadlines adds its source here.
SOURCES = (
    "wagtail_kvalitet.legal_reminders.legal_review_source",
    "wagtail_kvalitet.feedback.reminders.case_receipt_source",
    "wagtail_kvalitet.feedback.reminders.case_answer_source",
    "wagtail_kvalitet.goals.reminders.measurement_due_source",
)


def registered_sources():
    return [import_string(path) for path in SOURCES]


class ReminderSource:
    """What one kind of reminder is about. Subclass it for each feature with due dates."""

    #: The ledger's topic. Never change it once reminders are sent: they would all be sent again.
    topic = ""
    #: Plain-text templates of the email, so that a site can reword it by overriding a template.
    #: They get ``recipient``, ``recipient_name``, ``reminders`` (overdue first, then by date) and
    #: ``register_url``; each reminder has ``obj``, ``due_on``, ``is_overdue``, ``description`` and ``url``.
    subject_template_name = ""
    body_template_name = ""

    def get_due_items(self, today, horizon):
        """Every ``DueItem`` with a due date on or before ``horizon``, overdue ones included.

        Fetch recipients with the items (``select_related``): the engine reads their email
        address and whether they are active.
        """
        raise NotImplementedError

    def describe(self, obj):
        """One line that names the item in the email and in the command's dry-run list."""
        return str(obj)

    def get_url(self, obj):
        """The admin path where the recipient acts on the item."""
        raise NotImplementedError

    def get_register_url(self, recipient):
        """The admin path of the list of the recipient's items."""
        raise NotImplementedError


@dataclass(frozen=True)
class DueItem:
    recipient: object
    obj: object
    due_on: datetime.date


@dataclass(frozen=True)
class Reminder:
    """One reminder a run may send: an item, for one person, at one stage of its due date."""

    source: ReminderSource
    recipient: object
    obj: object
    due_on: datetime.date
    stage: str

    @property
    def object_id(self):
        return str(self.obj.pk)

    @property
    def key(self):
        """The ledger's unique key: the same reminder is never sent twice."""
        return (self.recipient.pk, self.source.topic, self.object_id, self.due_on, self.stage)

    @property
    def is_overdue(self):
        return self.stage == OVERDUE

    @property
    def description(self):
        return self.source.describe(self.obj)

    @property
    def url(self):
        return absolute_admin_url(self.source.get_url(self.obj))


@dataclass
class ReminderSummary:
    emails_sent: int = 0
    items_sent: int = 0
    #: Emails that could not be sent; their reminders are left for the next run.
    failures: int = 0
    #: In a dry run, the reminders a run would send; otherwise empty.
    pending: list = field(default_factory=list)

    def as_dict(self):
        """A JSON-safe summary, as a task result must be."""
        return {"emails_sent": self.emails_sent, "items_sent": self.items_sent, "failures": self.failures}


def absolute_admin_url(path):
    return (get_admin_base_url() or "").rstrip("/") + path


def reminder_days():
    return sorted({int(days) for days in kvalitet_settings.REMINDER_DAYS})


def stage_for(due_on, today, days=None):
    """The reminder due for a date today: ``"overdue"``, a day count from the settings, or ``None``.

    The smallest day count the date is within wins, so a job that first runs five days before
    the date sends the 7-day reminder only, not the 30-day one as well.
    """
    if due_on < today:
        return OVERDUE
    left = (due_on - today).days
    for count in days if days is not None else reminder_days():
        if left <= count:
            return str(count)
    return None


def plan_reminders(sources=None, today=None):
    """The reminders due today that no run has claimed yet, for active people with an email address."""
    today = today or timezone.localdate()
    days = reminder_days()
    horizon = today + datetime.timedelta(days=days[-1] if days else 0)
    planned = []
    for source in registered_sources() if sources is None else sources:
        for item in source.get_due_items(today, horizon):
            recipient = item.recipient
            if recipient is None or not recipient.is_active or not recipient.email:
                continue
            stage = stage_for(item.due_on, today, days)
            if stage is not None:
                planned.append(Reminder(source, recipient, item.obj, item.due_on, stage))
    claimed = already_claimed(planned)
    return [reminder for reminder in planned if reminder.key not in claimed]


def already_claimed(reminders):
    """The keys among ``reminders`` that the ledger holds, so a daily run does not re-insert them all."""
    if not reminders:
        return set()
    dates = [reminder.due_on for reminder in reminders]
    ledger = SentReminder.objects.filter(
        topic__in={reminder.source.topic for reminder in reminders}, due_on__range=(min(dates), max(dates))
    )
    return set(ledger.values_list("recipient_id", "topic", "object_id", "due_on", "stage"))


def claim(reminders):
    """Claim ``reminders`` for a new run and return ``(run, the reminders this run won)``.

    One INSERT that skips conflicts; the ledger's unique constraint decides which run wins each
    reminder, on SQLite and PostgreSQL alike. A run then sends only the rows carrying its token.
    """
    run = uuid.uuid4().hex
    if not reminders:
        return run, []
    now = timezone.now()
    rows = [
        SentReminder(
            recipient_id=reminder.recipient.pk,
            topic=reminder.source.topic,
            object_id=reminder.object_id,
            due_on=reminder.due_on,
            stage=reminder.stage,
            run=run,
            sent_at=now,
        )
        # Every run inserts in the same order, so two runs never wait on each other in a cycle.
        for reminder in sorted(reminders, key=lambda reminder: reminder.key)
    ]
    with transaction.atomic():
        SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    won = set(SentReminder.objects.filter(run=run).values_list("recipient_id", "topic", "object_id", "due_on", "stage"))
    return run, [reminder for reminder in reminders if reminder.key in won]


def deliver(run, reminders):
    """Send one email per person and source for the claimed ``reminders``.

    If a person's email cannot be sent, their claims in this run are given back so that the next
    run tries again, and the run goes on with the next person.
    """
    summary = ReminderSummary()
    groups = defaultdict(list)
    for reminder in reminders:
        groups[(reminder.recipient.pk, reminder.source.topic)].append(reminder)
    languages = preferred_languages({recipient_pk for recipient_pk, _topic in groups})
    connection = get_connection()
    for (recipient_pk, topic), items in groups.items():
        items.sort(key=lambda reminder: (not reminder.is_overdue, reminder.due_on, reminder.description))
        recipient = items[0].recipient
        try:
            with override(languages.get(recipient_pk, settings.LANGUAGE_CODE)):
                message = build_email(items[0].source, recipient, items, connection)
            if not message.send():
                raise RuntimeError("The email backend reported that nothing was sent.")
        except Exception:
            logger.exception("Could not send %s reminders to user %s; the next run tries again.", topic, recipient_pk)
            SentReminder.objects.filter(run=run, recipient_id=recipient_pk, topic=topic).delete()
            summary.failures += 1
        else:
            summary.emails_sent += 1
            summary.items_sent += len(items)
    return summary


def preferred_languages(recipient_pks):
    """Each recipient's admin language, read in one query; those without a profile get the site's."""
    profiles = UserProfile.objects.filter(user_id__in=recipient_pks, preferred_language__gt="")
    return dict(profiles.values_list("user_id", "preferred_language"))


def build_email(source, recipient, reminders, connection=None):
    context = {
        "recipient": recipient,
        "recipient_name": recipient.get_full_name() or recipient.get_username(),
        "source": source,
        "reminders": reminders,
        "register_url": absolute_admin_url(source.get_register_url(recipient)),
    }
    subject = " ".join(render_to_string(source.subject_template_name, context).split())
    body = render_to_string(source.body_template_name, context)
    # Template tags on lines of their own leave blank lines and trailing spaces behind.
    body = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", body)).strip() + "\n"
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )


def send_due_reminders(sources=None, today=None, dry_run=False):
    """Plan, claim and send today's reminders; a dry run only lists what would be sent."""
    reminders = plan_reminders(sources, today)
    if dry_run:
        return ReminderSummary(pending=reminders)
    run, won = claim(reminders)
    return deliver(run, won)


def stage_label(stage):
    """The stage in words, for the command's dry-run list."""
    if stage == OVERDUE:
        return gettext("overdue")
    return gettext("%(days)s-day reminder") % {"days": stage}
