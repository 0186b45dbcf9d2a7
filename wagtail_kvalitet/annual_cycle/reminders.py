"""Annual-cycle activities coming up, for the person or unit manager responsible.

A source for the one reminder engine and the due list. Each occurrence of an activity on a live
annual cycle page, as ``recurrence`` dates it, is due on its date until someone marks it done
(an ``ActivityCompletion``). Occurrences more than a year old are not chased: by then the next
one has come round and is what matters.

Who is reminded: the responsible person; if there is none or they have left, the manager of the
activity's unit. Each occurrence is claimed in the ledger on its own (object id
``"<activity>:<date>"``), so this quarter's and next quarter's are separate reminders.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..due.fields import person_fields, unit_fields
from ..models.annual_cycle import ActivityCompletion, AnnualActivity
from ..reminders import DueItem, ReminderSource
from . import recurrence

DONE_URL_NAME = "wagtail_kvalitet_activity_done"
#: How far back undone occurrences are still listed.
LOOK_BACK = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Occurrence:
    """One date of an activity, not yet marked done: what one reminder is about."""

    activity: AnnualActivity
    occurs_on: datetime.date

    @property
    def pk(self):
        """The ledger's object id, one per activity and date (the engine reads ``obj.pk``)."""
        return f"{self.activity.pk}:{self.occurs_on.isoformat()}"

    @property
    def unit(self):
        return self.activity.unit


def activity_recipient(activity):
    if activity.responsible_person_id is not None and activity.responsible_person.is_active:
        return activity.responsible_person
    return activity.unit.manager if activity.unit.manager_id is not None else None


def open_occurrences(today, horizon, scope=None, fields=None):
    """``Occurrence``s from a year back to ``horizon`` not marked done, by date, in two queries."""
    start = today - LOOK_BACK
    activities = (
        AnnualActivity.objects.filter(page__live=True)
        .filter(scope or Q())
        .select_related("unit__manager", "responsible_person")
        # The cycle's title rides along: a page object per activity costs more than the query.
        .annotate(cycle_title=F("page__title"))
        .order_by("page__path", "sort_order", "pk")
    )
    activities = list(activities.only(*fields) if fields else activities)
    if not activities:
        return []
    done = set(
        ActivityCompletion.objects.filter(
            activity__in=[activity.pk for activity in activities], occurs_on__gte=start, occurs_on__lte=horizon
        ).values_list("activity_id", "occurs_on")
    )
    found = [
        Occurrence(activity, date)
        for activity in activities
        for date in recurrence.occurrences(activity, start, horizon)
        if (activity.pk, date) not in done
    ]
    found.sort(key=lambda occurrence: (occurrence.occurs_on, occurrence.activity.name, occurrence.activity.pk))
    return found


class AnnualActivitySource(ReminderSource):
    """Reminds the responsible person of an activity's coming occurrence, and once it is overdue."""

    topic = "annual-activity"
    label = _("Annual-cycle activities")

    def get_due_items(self, today, horizon):
        scope = Q(responsible_person__isnull=False) | Q(unit__manager__isnull=False)
        for occurrence in open_occurrences(today, horizon, scope):
            recipient = activity_recipient(occurrence.activity)
            if recipient is not None:
                yield DueItem(recipient, occurrence, occurrence.occurs_on)

    def get_items_for(self, user, unit_ids, today, horizon):
        person_gone = Q(responsible_person__isnull=True) | Q(responsible_person__is_active=False)
        scope = (
            Q(responsible_person=user, responsible_person__is_active=True)
            | (person_gone & Q(unit__manager=user))
            | Q(unit_id__in=list(unit_ids))
        )
        fields = (
            "name", "frequency", "rule", "month", "day", "days_after",
            *person_fields("responsible_person"), *unit_fields("unit"),
        )
        for occurrence in open_occurrences(today, horizon, scope, fields):
            yield DueItem(activity_recipient(occurrence.activity), occurrence, occurrence.occurs_on)

    def get_unit(self, obj):
        return obj.activity.unit

    def describe(self, obj):
        return f"{obj.activity.name} ({obj.activity.cycle_title}), {obj.activity.unit.name}"

    def get_url(self, obj):
        try:
            return reverse(DONE_URL_NAME, args=[obj.activity.pk, obj.occurs_on.isoformat()])
        except NoReverseMatch:
            return reverse("wagtailadmin_home")

    def get_register_url(self, recipient):
        try:
            return reverse("wagtail_kvalitet_my_work")
        except NoReverseMatch:
            return reverse("wagtailadmin_home")


annual_activity_source = AnnualActivitySource()
