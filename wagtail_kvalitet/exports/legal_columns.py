"""The columns of the legal requirement list in a spreadsheet, shared by export and import.

The import reads a workbook with these headings (in the active language), so a list exported,
edited in a spreadsheet program and imported again round-trips. ``key`` names what the column
holds; ``width`` is its width in characters in the export.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SheetColumn:
    key: str
    heading: str | Promise
    width: int


LEGAL_REQUIREMENT_COLUMNS = (
    # The requirement's id; empty in an imported row means "create a new requirement".
    SheetColumn("id", _("ID"), 8),
    SheetColumn("statute", _("Statute"), 30),
    SheetColumn("statute_number", _("Number"), 14),
    SheetColumn("reference", _("Reference"), 14),
    SheetColumn("title", _("Requirement"), 34),
    SheetColumn("demands", _("What it demands"), 50),
    # Unit names separated by "; "; empty means everywhere.
    SheetColumn("units", _("Units"), 28),
    SheetColumn("responsible_person", _("Responsible person"), 22),
    SheetColumn("responsible_function", _("Responsible function"), 22),
    SheetColumn("how_met", _("How it is met"), 50),
    # Page titles separated by "; "; in the export the cell links to the (first) routine.
    SheetColumn("routines", _("Routines"), 34),
    SheetColumn("processes", _("Processes"), 30),
    # The status label, e.g. "Uppfyllt"; the import also accepts the stored value, e.g. "met".
    SheetColumn("status", _("Compliance"), 16),
    SheetColumn("review_interval_months", _("Review interval (months)"), 12),
    SheetColumn("last_reviewed", _("Last reviewed"), 13),
    SheetColumn("next_review_due", _("Next review due"), 13),
    # "Overdue" when the next review date has passed; ignored by the import.
    SheetColumn("overdue", _("Review"), 12),
    SheetColumn("notes", _("Notes"), 40),
)

REVIEW_HISTORY_COLUMNS = (
    SheetColumn("requirement_id", _("ID"), 8),
    SheetColumn("requirement", _("Requirement"), 40),
    SheetColumn("reviewed_on", _("Reviewed on"), 13),
    SheetColumn("reviewer", _("Reviewer"), 24),
    SheetColumn("outcome", _("Outcome"), 16),
    SheetColumn("comment", _("Comment"), 60),
    SheetColumn("next_review_due", _("Next review due"), 13),
    # When the review was entered, in the site's local time; the date above is the one it names.
    SheetColumn("recorded_at", _("Recorded at"), 17),
)
