"""``manage.py kvalitet_export_legal --out FILE.xlsx``: the legal requirement list as the admin downloads it."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...exports.legal_requirements import export_to_file
from ...models.legal_requirements import ComplianceStatus
from ...snippets.legal_requirements import REVIEW_DUE, REVIEW_OVERDUE


class Command(BaseCommand):
    help = (
        "Write the legal requirement list, with its review history, to an Excel workbook. The filters are "
        "those of the admin register, given as in its address (IDs), so the file holds the same requirements."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The workbook to write, e.g. lagkrav.xlsx.")
        parser.add_argument("--statute", help="ID of a statute.")
        parser.add_argument("--unit", help="ID of a unit: its requirements, those of the units above it and those "
                                           "that apply everywhere.")
        parser.add_argument("--responsible-person", help="ID of the responsible person.")
        parser.add_argument("--status", choices=ComplianceStatus.values, help="Compliance.")
        parser.add_argument("--review", choices=[REVIEW_OVERDUE, REVIEW_DUE],
                            help="Only those overdue, or due soon or overdue.")
        parser.add_argument("--search", default="", help="Words to search for, as in the register's search box.")

    def handle(self, *args, out, search="", **options):
        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("The file name must end in .xlsx."))
        if not path.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        names = ("statute", "unit", "responsible_person", "status", "review")
        data = {name: options[name] for name in names if options.get(name)}
        try:
            counts = export_to_file(path, data, search)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except OSError as error:
            raise CommandError(_("Could not write %(file)s: %(error)s") % {"file": path, "error": error}) from error
        self.stdout.write(
            _("Wrote %(requirements)d requirements and %(reviews)d reviews to %(file)s.")
            % {**counts, "file": path}
        )
