"""One list of what a person must do, from the same sources the reminder digest reads.

Who sees what: the items a person answers for, and, for a manager, the items of the units they
manage and every unit below them. Each source reads its items in a fixed number of queries, so
the list costs the same for ten items as for a thousand.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.admin.utils import get_user_display_name

from ..conf import kvalitet_settings
from ..escalation import OrgChart
from ..reminders import ReminderSource, absolute_admin_url, registered_sources


@dataclass
class DueEntry:
    """One row of a person's list: an item of a source, due on a date, for someone."""

    source: ReminderSource
    obj: object
    due_on: datetime.date
    #: Who answers for the item (may be someone else than the viewer, for a manager).
    recipient: object
    today: datetime.date

    @property
    def is_overdue(self):
        return self.due_on < self.today

    @property
    def days_overdue(self):
        return (self.today - self.due_on).days if self.is_overdue else 0

    @property
    def days_left(self):
        return (self.due_on - self.today).days if self.due_on > self.today else 0

    @property
    def state(self):
        """The state in words, so that colour and icon never carry it alone."""
        if self.is_escalated:
            return ngettext(
                "Escalated: overdue by %(days)s day", "Escalated: overdue by %(days)s days", self.days_overdue
            ) % {"days": self.days_overdue}
        if self.is_overdue:
            return ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", self.days_overdue) % {
                "days": self.days_overdue
            }
        if self.due_on == self.today:
            return gettext("Due today")
        return ngettext("Due in %(days)s day", "Due in %(days)s days", self.days_left) % {"days": self.days_left}

    @property
    def recipient_name(self):
        return get_user_display_name(self.recipient) if self.recipient is not None else ""

    @property
    def is_escalated(self):
        """Overdue long enough to be the manager's concern too (``KVALITET_ESCALATION_DAYS``)."""
        return self.days_overdue > int(kvalitet_settings.ESCALATION_DAYS)

    @property
    def kind(self):
        return self.source.label

    @cached_property
    def description(self):
        return self.source.describe(self.obj)

    @cached_property
    def path(self):
        """The admin path where the item is done."""
        return self.source.get_url(self.obj)

    @property
    def url(self):
        return absolute_admin_url(self.path)

    @property
    def unit(self):
        return self.source.get_unit(self.obj)


def due_horizon(today):
    return today + datetime.timedelta(days=int(kvalitet_settings.DUE_SOON_DAYS))


def collect(user, today=None, horizon=None, sources=None, chart=None):
    """Everything due for ``user`` on or before ``horizon`` (default: ``KVALITET_DUE_SOON_DAYS``
    ahead), overdue first, then by date and kind; an item reached twice (own and a managed unit's) once."""
    today = today or timezone.localdate()
    horizon = horizon or due_horizon(today)
    chart = chart or OrgChart()
    unit_ids = chart.units_below(user)
    entries, seen = [], set()
    for source in registered_sources() if sources is None else sources:
        for item in source.get_items_for(user, unit_ids, today, horizon):
            key = (source.topic, str(item.obj.pk))
            if key in seen:
                continue
            seen.add(key)
            entries.append(DueEntry(source, item.obj, item.due_on, item.recipient, today))
    # Each kind's label translated once, not once per row: a thousand lookups show in the timing.
    kinds = {}
    for entry in entries:
        if entry.source.topic not in kinds:
            kinds[entry.source.topic] = str(entry.source.label)
    # Ties break on the item's key, not its description: describing a thousand items to sort them
    # costs more than describing the page of them that is shown.
    entries.sort(key=lambda entry: (entry.due_on, kinds[entry.source.topic], str(entry.obj.pk)))
    return entries
