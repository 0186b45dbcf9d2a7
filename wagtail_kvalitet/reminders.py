"""The one reminder engine: who is due for what, claimed in the ledger, and sent as one digest per person a day.

Each kind of due item (legal requirement reviews, case deadlines, missing figures, page reviews,
annual-cycle activities) is a ``ReminderSource``: it knows its topic, what is due for whom, how to
describe an item and where to act on it. The engine decides the stage of each item, adds an
escalation to the manager above for items long overdue, and delivers everything a person is due
in one email a day.

Two claims make "once" a database fact, even for runs on several servers at once. A run first
claims each person's day in ``ReminderDigest`` (one row per person and day): only the run that
wins it writes to that person today. It then claims the person's reminders in the ``SentReminder``
ledger, so no reminder is ever sent twice, and sends one digest of what it won. If the email
cannot be sent, both claims are given back and the next run tries again. Items that fall due after
a person's digest has gone wait for the next day's digest: the ledger has not seen them.
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
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, override
from wagtail.admin.utils import get_admin_base_url
from wagtail.users.models import UserProfile

from .conf import kvalitet_settings
from .escalation import OrgChart
from .models.reminders import ReminderDigest, SentReminder

logger = logging.getLogger(__name__)

#: The stage of an item whose due date has passed.
OVERDUE = "overdue"
#: The stage of the reminder to the manager above, once an item is overdue by more than
#: ``KVALITET_ESCALATION_DAYS``.
ESCALATION = "escalation"
#: The admin view listing everything a user has due ("My quality work"); the digest links to it.
MY_WORK_URL_NAME = "wagtail_kvalitet_my_work"

#: The sources the job runs, as dotted paths so the engine never imports a feature. A feature
#: with deadlines adds its source here.
SOURCES = (
    "wagtail_kvalitet.legal_reminders.legal_review_source",
    "wagtail_kvalitet.feedback.reminders.case_receipt_source",
    "wagtail_kvalitet.feedback.reminders.case_answer_source",
    "wagtail_kvalitet.goals.reminders.measurement_due_source",
    "wagtail_kvalitet.review_reminders.page_review_source",
    "wagtail_kvalitet.annual_cycle.reminders.annual_activity_source",
)


def registered_sources():
    return [import_string(path) for path in SOURCES]


class ReminderSource:
    """What one kind of reminder is about. Subclass it for each feature with due dates.

    The same sources feed the reminder digest, the escalation to managers, the "My quality work"
    list and the personal calendar feed, so each kind of due item is defined once.
    """

    #: The ledger's topic. Never change it once reminders are sent: they would all be sent again.
    topic = ""
    #: What the items are, as a heading in the digest and a kind in the due list, e.g. "Legal
    #: requirements to review" (a lazy translation).
    label = ""

    def get_due_items(self, today, horizon):
        """Every ``DueItem`` with a due date on or before ``horizon``, overdue ones included.

        Fetch recipients with the items (``select_related``): the engine reads their email
        address and whether they are active.
        """
        raise NotImplementedError

    def get_items_for(self, user, unit_ids, today, horizon):
        """The ``DueItem``s due on or before ``horizon`` that ``user`` answers for, or whose unit is
        one of ``unit_ids`` (the units a manager has below them), for the due list and the feed.

        A fixed number of queries, however many items: a manager's list may hold a thousand.
        """
        raise NotImplementedError

    def get_unit(self, obj):
        """The organisation unit the item belongs to, for escalation to its manager; None if none."""
        return None

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
    """One reminder a run may send: an item, for one person, at one stage of its due date.

    An escalation (stage ``"escalation"``) goes to a manager; ``responsible`` is then the person
    who answers for the item, named in the digest so the manager knows whom to ask.
    """

    source: ReminderSource
    recipient: object
    obj: object
    due_on: datetime.date
    stage: str
    responsible: object = field(default=None, compare=False)

    @property
    def object_id(self):
        return str(self.obj.pk)

    @property
    def key(self):
        """The ledger's unique key: the same reminder is never sent twice."""
        return (self.recipient.pk, self.source.topic, self.object_id, self.due_on, self.stage)

    @property
    def is_overdue(self):
        return self.stage in (OVERDUE, ESCALATION)

    @property
    def is_escalation(self):
        return self.stage == ESCALATION

    @property
    def description(self):
        return self.source.describe(self.obj)

    @property
    def url(self):
        return absolute_admin_url(self.source.get_url(self.obj))

    @property
    def responsible_name(self):
        return person_name(self.responsible) if self.responsible is not None else ""


@dataclass
class ReminderSummary:
    emails_sent: int = 0
    #: Reminders sent, escalations included.
    items_sent: int = 0
    #: Of ``items_sent``, the escalations to managers.
    escalations: int = 0
    #: Emails that could not be sent; their reminders are left for the next run.
    failures: int = 0
    #: In a dry run, the reminders a run would send; otherwise empty.
    pending: list = field(default_factory=list)

    def as_dict(self):
        """A JSON-safe summary, as a task result must be."""
        return {
            "emails_sent": self.emails_sent,
            "items_sent": self.items_sent,
            "escalations": self.escalations,
            "failures": self.failures,
        }

    def add(self, other):
        self.emails_sent += other.emails_sent
        self.items_sent += other.items_sent
        self.escalations += other.escalations
        self.failures += other.failures
        return self


def absolute_admin_url(path):
    return (get_admin_base_url() or "").rstrip("/") + path


def my_work_url():
    """The "My quality work" view, or the admin home on a site that has not registered it."""
    try:
        return reverse(MY_WORK_URL_NAME)
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def person_name(user):
    return user.get_full_name() or user.get_username()


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


def can_receive(user):
    return user is not None and user.is_active and bool(user.email)


def plan_reminders(sources=None, today=None):
    """The reminders due today that no run has claimed yet, for active people with an email address.

    Besides each item's own stage, an item overdue by more than ``KVALITET_ESCALATION_DAYS`` is
    escalated to the manager above the person who answers for it. Sources yield overdue items
    every day, so the escalation does not depend on the overdue reminder being sent in this run;
    its ledger key names the manager, so each manager hears of an item once.
    """
    today = today or timezone.localdate()
    days = reminder_days()
    horizon = today + datetime.timedelta(days=days[-1] if days else 0)
    escalate_after = int(kvalitet_settings.ESCALATION_DAYS)
    planned = {}
    late = []
    for source in registered_sources() if sources is None else sources:
        for item in source.get_due_items(today, horizon):
            if (today - item.due_on).days > escalate_after:
                late.append((source, item))
            if not can_receive(item.recipient):
                continue
            stage = stage_for(item.due_on, today, days)
            if stage is not None:
                reminder = Reminder(source, item.recipient, item.obj, item.due_on, stage)
                planned.setdefault(reminder.key, reminder)
    if late:
        chart = OrgChart()
        for source, item in late:
            manager = chart.escalation_recipient(item.recipient, source.get_unit(item.obj))
            if not can_receive(manager) or (item.recipient is not None and manager.pk == item.recipient.pk):
                continue
            reminder = Reminder(source, manager, item.obj, item.due_on, ESCALATION, responsible=item.recipient)
            planned.setdefault(reminder.key, reminder)
    claimed = already_claimed(planned.values())
    return [reminder for key, reminder in planned.items() if key not in claimed]


def already_claimed(reminders):
    """The keys among ``reminders`` that the ledger holds, so a daily run does not re-insert them all."""
    reminders = list(reminders)
    if not reminders:
        return set()
    dates = [reminder.due_on for reminder in reminders]
    ledger = SentReminder.objects.filter(
        topic__in={reminder.source.topic for reminder in reminders}, due_on__range=(min(dates), max(dates))
    )
    return set(ledger.values_list("recipient_id", "topic", "object_id", "due_on", "stage"))


def new_run():
    return uuid.uuid4().hex


def claim_days(run, recipient_pks, today):
    """Claim today's digest of each person for ``run``; return the pks of those whose day it won.

    One INSERT that skips conflicts: the digest's unique constraint (person, day) lets exactly one
    run win each person's day, on SQLite and PostgreSQL alike.
    """
    if not recipient_pks:
        return set()
    now = timezone.now()
    # Every run inserts in the same order, so two runs never wait on each other in a cycle.
    rows = [ReminderDigest(recipient_id=pk, day=today, run=run, sent_at=now) for pk in sorted(recipient_pks)]
    with transaction.atomic():
        ReminderDigest.objects.bulk_create(rows, ignore_conflicts=True)
    return set(ReminderDigest.objects.filter(run=run, day=today).values_list("recipient_id", flat=True))


def claim(run, reminders):
    """Claim ``reminders`` in the ledger for ``run`` and return those this run won.

    One INSERT that skips conflicts; the ledger's unique constraint decides which run wins each
    reminder. A run then sends only the rows carrying its token.
    """
    if not reminders:
        return []
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
        for reminder in sorted(reminders, key=lambda reminder: reminder.key)
    ]
    with transaction.atomic():
        SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    won = set(SentReminder.objects.filter(run=run).values_list("recipient_id", "topic", "object_id", "due_on", "stage"))
    return [reminder for reminder in reminders if reminder.key in won]


def give_back(run, recipient_pk, today):
    """Undo a person's claims of ``run``: the ledger's first, so a run that then wins the day also wins the items."""
    SentReminder.objects.filter(run=run, recipient_id=recipient_pk).delete()
    ReminderDigest.objects.filter(run=run, recipient_id=recipient_pk, day=today).delete()


def deliver(reminders, today=None):
    """Claim each person's day and reminders for a new run and send one digest per person.

    A person whose day another run has already won gets nothing from this run: that run's digest
    is today's. If this run wins the day but none of the person's reminders (another run claimed
    them first, e.g. a run that started before midnight), the day is given back, so a later run
    may still send what comes up today: no digest is sent without items, and none is lost.
    If a person's email cannot be sent, their claims are given back so the next run tries again,
    and the run goes on with the next person.
    """
    today = today or timezone.localdate()
    run = new_run()
    summary = ReminderSummary()
    by_person = defaultdict(list)
    for reminder in reminders:
        by_person[reminder.recipient.pk].append(reminder)
    days_won = claim_days(run, set(by_person), today)
    won = claim(run, [reminder for pk in sorted(days_won) for reminder in by_person[pk]])
    won_by_person = defaultdict(list)
    for reminder in won:
        won_by_person[reminder.recipient.pk].append(reminder)
    empty = days_won - set(won_by_person)
    if empty:
        ReminderDigest.objects.filter(run=run, day=today, recipient_id__in=empty).delete()
    languages = preferred_languages(set(won_by_person))
    connection = get_connection()
    sent_counts = {}
    for recipient_pk in sorted(won_by_person):
        items = won_by_person[recipient_pk]
        recipient = items[0].recipient
        try:
            with override(languages.get(recipient_pk, settings.LANGUAGE_CODE)):
                message = build_digest(recipient, items, today, connection)
            if not message.send():
                raise RuntimeError("The email backend reported that nothing was sent.")
        except Exception:
            logger.exception("Could not send the reminder digest to user %s; the next run tries again.", recipient_pk)
            give_back(run, recipient_pk, today)
            summary.failures += 1
        else:
            sent_counts[recipient_pk] = len(items)
            summary.emails_sent += 1
            summary.items_sent += len(items)
            summary.escalations += sum(1 for item in items if item.is_escalation)
    if sent_counts:
        digests = list(ReminderDigest.objects.filter(run=run, day=today, recipient_id__in=list(sent_counts)))
        for digest in digests:
            digest.items = sent_counts[digest.recipient_id]
        ReminderDigest.objects.bulk_update(digests, ["items"])
    return summary


def preferred_languages(recipient_pks):
    """Each recipient's admin language, read in one query; those without a profile get the site's."""
    profiles = UserProfile.objects.filter(user_id__in=recipient_pks, preferred_language__gt="")
    return dict(profiles.values_list("user_id", "preferred_language"))


@dataclass
class DigestLine:
    """One item as the digest shows it: what, when, how late, and where to act on it."""

    reminder: Reminder
    today: datetime.date

    @property
    def description(self):
        return self.reminder.description

    @property
    def due_on(self):
        return self.reminder.due_on

    @property
    def overdue_days(self):
        return max((self.today - self.due_on).days, 0)

    @property
    def days_left(self):
        return max((self.due_on - self.today).days, 0)

    @property
    def url(self):
        return self.reminder.url

    @property
    def responsible_name(self):
        return self.reminder.responsible_name

    @property
    def label(self):
        return source_label(self.reminder.source)


@dataclass
class DigestSection:
    label: str
    register_url: str
    lines: list


def source_label(source):
    return str(source.label) if source.label else source.topic


def digest_order(reminder):
    return (not reminder.is_overdue, reminder.due_on, reminder.description)


def digest_context(recipient, reminders, today):
    """The digest's sections: the person's own items by source, overdue first, then escalations."""
    own = defaultdict(list)
    escalations = []
    for reminder in sorted(reminders, key=digest_order):
        if reminder.is_escalation:
            escalations.append(DigestLine(reminder, today))
        else:
            own[reminder.source].append(DigestLine(reminder, today))
    sections = [
        DigestSection(source_label(source), absolute_admin_url(source.get_register_url(recipient)), lines)
        for source, lines in own.items()
    ]
    # Sections with overdue items first, as the items within them.
    sections.sort(key=lambda section: (section.lines[0].overdue_days == 0, section.lines[0].due_on))
    return {
        "recipient": recipient,
        "recipient_name": person_name(recipient),
        "sections": sections,
        "escalations": escalations,
        "count": len(reminders),
        "my_work_url": absolute_admin_url(my_work_url()),
    }


def build_digest(recipient, reminders, today, connection=None):
    context = digest_context(recipient, reminders, today)
    subject = " ".join(render_to_string("wagtail_kvalitet/emails/digest_subject.txt", context).split())
    body = render_to_string("wagtail_kvalitet/emails/digest.txt", context)
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
    """Plan today's reminders and send each person one digest; a dry run only lists what would be sent."""
    today = today or timezone.localdate()
    reminders = plan_reminders(sources, today)
    if dry_run:
        return ReminderSummary(pending=reminders)
    return deliver(reminders, today)


def stage_label(reminder):
    """The stage in words, for the command's dry-run list."""
    if reminder.stage == ESCALATION:
        return gettext("escalation: %(person)s answers for it") % {"person": reminder.responsible_name or "-"}
    if reminder.stage == OVERDUE:
        return gettext("overdue")
    return gettext("%(days)s-day reminder") % {"days": reminder.stage}
