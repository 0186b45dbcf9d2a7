"""``manage.py kvalitet_outbox``: send the queued emails that are due; run it every few minutes from cron."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ...models.outbox import QueuedEmail
from ...outbox import deliver_pending


class Command(BaseCommand):
    help = (
        "Send the emails in the outbox that are due, including those whose earlier attempts failed. "
        "Each email is claimed before it is sent, so the command is safe to run often and on several servers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the emails that would be sent, without sending anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            pending = list(QueuedEmail.objects.pending())
            for email in pending:
                self.stdout.write(
                    _("%(purpose)s to %(to)s: %(subject)s (queued %(created)s, attempts %(attempts)d)")
                    % {
                        "purpose": email.purpose,
                        "to": ", ".join(email.recipients),
                        "subject": email.subject,
                        "created": formats.date_format(timezone.localtime(email.created_at), "SHORT_DATETIME_FORMAT"),
                        "attempts": email.attempts,
                    }
                )
            self.stdout.write(_("Dry run, nothing sent. Emails due: %(count)d.") % {"count": len(pending)})
            return
        summary = deliver_pending()
        self.stdout.write(_("Outbox delivered. Emails sent: %(sent)d.") % {"sent": summary.sent})
        if summary.failed:
            raise CommandError(
                _("Emails that could not be sent: %(failed)d. They are tried again later.") % {"failed": summary.failed}
            )
