"""``manage.py kvalitet_import_measurements FILE [--dry-run]``: figures from .xlsx, .csv or Kolada JSON."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...imports.measurements import apply_plan, plan_import, read_measurement_file


class Command(BaseCommand):
    help = (
        "Import indicator figures from an Excel workbook, a CSV file or a saved Kolada response. "
        "Every row is checked first; nothing is written if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx, .csv or .json file to read.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, write nothing.")
        parser.add_argument("--user", help="Username recorded as having entered the figures.")

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        entered_by = None
        if user:
            User = get_user_model()
            try:
                entered_by = User.objects.get(**{User.USERNAME_FIELD: user})
            except User.DoesNotExist as error:
                raise CommandError(_("No user has the username “%(name)s”.") % {"name": user}) from error
        try:
            with path.open("rb") as handle:
                sheet = read_measurement_file(handle, path.name)
        except OSError as error:
            raise CommandError(_("Could not read %(file)s: %(error)s") % {"file": path, "error": error}) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        plan = plan_import(sheet.rows, entered_by, headings=sheet.headings)
        for note in plan.errors + plan.notes:
            self.stdout.write(_("Row %(row)s, %(column)s: %(message)s") % vars(note))
        counts = {"creates": len(plan.creates), "updates": len(plan.updates), "unchanged": len(plan.unchanged)}
        summary = _("%(creates)d new, %(updates)d changed, %(unchanged)d unchanged.") % counts
        if not plan.is_valid:
            raise CommandError(
                _("%(count)d errors; nothing was imported. %(summary)s") % {"count": len(plan.errors),
                                                                          "summary": summary}
            )
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
            return
        apply_plan(plan, entered_by)
        self.stdout.write(_("Imported: %(summary)s") % {"summary": summary})
