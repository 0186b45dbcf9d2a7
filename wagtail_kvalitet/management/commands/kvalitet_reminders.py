"""``manage.py kvalitet_reminders``: send the reminders due today; run it daily from cron, on any number of servers."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from ...reminders import send_due_reminders, stage_label


class Command(BaseCommand):
    help = (
        "Email each responsible person the items due soon or overdue, one email per person. "
        "A reminder already sent is never sent again, so the command is safe to run often and on several servers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the reminders that would be sent, without sending or recording anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        summary = send_due_reminders(dry_run=dry_run)
        if dry_run:
            by_person = sorted(
                summary.pending, key=lambda item: (item.recipient.email, not item.is_overdue, item.due_on)
            )
            for reminder in by_person:
                self.stdout.write(
                    _("%(email)s: %(item)s, due %(date)s (%(stage)s)")
                    % {
                        "email": reminder.recipient.email,
                        "item": reminder.description,
                        "date": formats.date_format(reminder.due_on, "SHORT_DATE_FORMAT"),
                        "stage": stage_label(reminder.stage),
                    }
                )
            self.stdout.write(_("Dry run, nothing sent. Reminders due: %(count)d.") % {"count": len(summary.pending)})
            return
        self.stdout.write(
            _("Reminders sent. Emails: %(emails)d, items: %(items)d.")
            % {"emails": summary.emails_sent, "items": summary.items_sent}
        )
        if summary.failures:
            raise CommandError(
                _("Emails that could not be sent: %(failures)d. The next run tries them again.")
                % {"failures": summary.failures}
            )
