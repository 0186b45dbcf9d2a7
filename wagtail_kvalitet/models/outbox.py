"""The outbox: emails that must reach someone even if the mail server is down when they are written.

A receipt to a citizen or a notice to a handler is written here in the same transaction that
stores the case, and sent by a django-tasks task once that transaction has committed. A failed
send leaves the row unsent with the error and a time for the next attempt, so nothing is lost and
the next delivery run (``kvalitet_outbox`` or its task) tries again.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueuedEmailQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Unsent emails whose next attempt is due and which have attempts left."""
        from ..conf import kvalitet_settings

        now = now or timezone.now()
        return self.filter(
            sent_at__isnull=True,
            next_attempt_at__lte=now,
            attempts__lt=kvalitet_settings.OUTBOX_MAX_ATTEMPTS,
        )


class QueuedEmail(models.Model):
    #: What the email is, e.g. "case-receipt" or "case-notice"; for the log and for tests.
    purpose = models.CharField(_("purpose"), max_length=50)
    to = models.TextField(_("to"), help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    case = models.ForeignKey(
        "wagtail_kvalitet.FeedbackCase",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="queued_emails",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    objects = QueuedEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("queued email")
        verbose_name_plural = _("queued emails")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.purpose}: {self.subject}"

    @property
    def recipients(self):
        return [line.strip() for line in self.to.splitlines() if line.strip()]
