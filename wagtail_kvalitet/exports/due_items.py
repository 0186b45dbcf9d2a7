"""A person's "My quality work" list as a workbook: every row of the filtered list, not only one page of it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..reminders import absolute_admin_url
from .legal_columns import SheetColumn
from .workbook import AMBER, RED, Styled, WorkbookBuilder

COLUMNS = (
    SheetColumn("kind", gettext_lazy("Kind"), 28),
    SheetColumn("item", gettext_lazy("Item"), 60),
    SheetColumn("unit", gettext_lazy("Unit"), 28),
    SheetColumn("answers_for_it", gettext_lazy("Answers for it"), 24),
    SheetColumn("due_on", gettext_lazy("Due"), 12),
    SheetColumn("state", gettext_lazy("State"), 30),
)


def state_cell(entry):
    """The state in words, coloured for overdue and escalated items; the words carry the meaning."""
    if entry.is_escalated:
        return Styled(entry.state, fill=RED)
    if entry.is_overdue:
        return Styled(entry.state, fill=AMBER)
    return entry.state


class DueItemsExport:
    def __init__(self, entries, user, *, today=None):
        self.entries = entries
        self.user = user
        self.today = today

    def rows(self):
        base = absolute_admin_url("")
        for entry in self.entries:
            unit = entry.unit
            yield {
                "kind": str(entry.kind),
                "item": Styled(entry.description, link=base + entry.path),
                "unit": unit.name if unit is not None else None,
                "answers_for_it": entry.recipient_name or None,
                "due_on": entry.due_on,
                "state": state_cell(entry),
            }

    def builder(self):
        builder = WorkbookBuilder(_("My quality work"), today=self.today)
        builder.add_sheet(_("Due"), COLUMNS, self.rows())
        return builder

    def response(self, filename):
        return self.builder().response(filename)
