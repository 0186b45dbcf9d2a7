"""``manage.py kvalitet_reminders``: send today's reminder digests; run it from cron, on any number of servers."""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from ...reminders import digest_order, send_due_reminders, source_label, stage_label


class Command(BaseCommand):
    help = (
        "Email each responsible person one digest a day of the items due soon or overdue, with escalations "
        "of long overdue items to their managers. A reminder already sent is never sent again, and a person "
        "gets at most one digest a day, so the command is safe to run often and on several servers."
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
            self.list_pending(summary.pending)
            return
        self.stdout.write(
            _("Reminders sent. Emails: %(emails)d, items: %(items)d, escalations: %(escalations)d.")
            % {"emails": summary.emails_sent, "items": summary.items_sent, "escalations": summary.escalations}
        )
        if summary.failures:
            raise CommandError(
                _("Emails that could not be sent: %(failures)d. The next run tries them again.")
                % {"failures": summary.failures}
            )

    def list_pending(self, pending):
        """Per person, what their digest would hold: their own items, overdue first, then escalations."""
        by_person = defaultdict(list)
        for reminder in pending:
            by_person[reminder.recipient.email].append(reminder)
        for email in sorted(by_person):
            reminders = sorted(by_person[email], key=lambda item: (item.is_escalation, *digest_order(item)))
            self.stdout.write(_("%(email)s: %(count)d items") % {"email": email, "count": len(reminders)})
            for reminder in reminders:
                self.stdout.write(
                    "  "
                    + _("%(kind)s: %(item)s, due %(date)s (%(stage)s)")
                    % {
                        "kind": source_label(reminder.source),
                        "item": reminder.description,
                        "date": formats.date_format(reminder.due_on, "SHORT_DATE_FORMAT"),
                        "stage": stage_label(reminder),
                    }
                )
        self.stdout.write(
            _("Dry run, nothing sent. Digests due: %(emails)d, reminders due: %(count)d.")
            % {"emails": len(by_person), "count": len(pending)}
        )
