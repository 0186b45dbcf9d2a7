"""The ledger of reminders sent, which makes "never the same reminder twice" a database fact.

A reminder job may run on several servers at once, or twice in a row. Before it sends anything
it claims each reminder by inserting a row here; the unique constraint lets exactly one run win
each claim, on SQLite and PostgreSQL alike. A run sends only what it claimed and gives its
claims back if the email could not be sent, so the next run tries again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    #: What the reminder is about, e.g. "legal-review"; one ledger serves every kind of reminder.
    topic = models.CharField(_("topic"), max_length=50)
    object_id = models.CharField(_("object"), max_length=64)
    due_on = models.DateField(_("due on"))
    #: Which reminder for that due date: days before it (e.g. "30", "7") or "overdue".
    stage = models.CharField(_("stage"), max_length=20)
    #: The run that claimed it; a run reads back its own claims by this token.
    run = models.CharField(_("run"), max_length=32, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "topic", "object_id", "due_on", "stage"], name="kvalitet_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.topic} {self.object_id} {self.due_on} {self.stage}"


class ReminderDigest(models.Model):
    """One digest email per person per day: the row a run must win before it sends a person anything.

    Several reminder jobs may run the same day, on several servers at once. Each claims the
    person's day here first; the unique constraint lets exactly one run win it, and only that run
    claims and sends the person's reminders. What falls due later that day waits for tomorrow's
    digest. If the email cannot be sent, the run gives the day back so the next run tries again.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    run = models.CharField(_("run"), max_length=32, db_index=True)
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="kvalitet_digest_once_a_day")]

    def __str__(self):
        return f"{self.recipient_id} {self.day}"
