"""``manage.py kvalitet_retention``: remove the personal data of cases closed longer ago than the retention period."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ...conf import kvalitet_settings
from ...feedback.retention import anonymise_expired_cases


def positive_months(value):
    try:
        months = int(value)
    except ValueError:
        months = 0
    if months < 1:
        raise CommandError(_("--months must be a whole number of months, at least 1."))
    return months


class Command(BaseCommand):
    help = (
        "Remove the sender's personal data from cases closed longer ago than KVALITET_CASE_RETENTION_MONTHS. "
        "The cases and their statistics are kept. Safe to run daily: a case is anonymised once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            help="Retention period in months, instead of the KVALITET_CASE_RETENTION_MONTHS setting.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the cases that would be anonymised, without changing anything.",
        )

    def handle(self, *args, months=None, dry_run=False, **options):
        months = kvalitet_settings.CASE_RETENTION_MONTHS if months is None else positive_months(months)
        summary = anonymise_expired_cases(months=months, dry_run=dry_run)
        if dry_run:
            for reference, finished_at in summary.pending:
                self.stdout.write(
                    _("%(reference)s, closed %(date)s")
                    % {
                        "reference": reference,
                        "date": formats.date_format(timezone.localtime(finished_at), "SHORT_DATE_FORMAT"),
                    }
                )
            self.stdout.write(
                _("Dry run, nothing changed. Cases closed more than %(months)d months ago to anonymise: %(count)d.")
                % {"months": months, "count": len(summary.pending)}
            )
            return
        self.stdout.write(
            _("Personal data removed from %(count)d cases closed more than %(months)d months ago; "
              "queued emails deleted: %(emails)d.")
            % {"count": summary.cases_anonymised, "months": months, "emails": summary.emails_deleted}
        )
