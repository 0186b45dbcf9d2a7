"""What goes into the calendar feeds: annual-cycle activities as recurring events, due items as single ones.

An activity is one recurring event whose RRULE comes from ``annual_cycle.recurrence``, the same
rule the page and the reminders read, so the calendar can never show another date. Its UID is
the activity's, so an edited rule moves the event in the subscriber's calendar instead of
adding a second one.
"""

import calendar
import datetime
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils.text import capfirst
from wagtail.admin.utils import get_admin_base_url

from ..annual_cycle import recurrence
from ..models.annual_cycle import AnnualActivity
from .ics import Event

#: The due list's items of this source are in the feed as recurring activities instead.
ANNUAL_ACTIVITY_TOPIC = "annual-activity"

#: The UIDs' domain when the admin's base URL is not set.
FALLBACK_DOMAIN = "wagtail-kvalitet.invalid"


def uid_domain():
    """The domain part of every UID: the site's own, so UIDs stay unique among calendars."""
    return urlsplit(get_admin_base_url() or "").hostname or FALLBACK_DOMAIN


def add_months(date, months):
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def series_start(today):
    """Where a recurring event starts: 1 January last year, so last year's occurrences show too."""
    return datetime.date(today.year - 1, 1, 1)


def page_url(page, request):
    """The absolute address of a published page, or "" (a draft or unrouted page would answer 404)."""
    if page is None or not page.live:
        return ""
    url = page.get_full_url(request) or ""
    return url if url.startswith(("http://", "https://")) else ""


def activity_description(activity):
    lines = [activity.purpose.strip(), recurrence.describe(activity)]
    responsible = ", ".join(part for part in (activity.responsible_function, str(activity.unit)) if part)
    lines.append(responsible)
    return "\n\n".join(line for line in lines if line)


def activity_event(activity, today, request=None, domain=None):
    """The activity as one recurring event, or None if its rule is not valid."""
    if not recurrence.is_valid(activity):
        return None
    start = recurrence.first_on_or_after(activity, series_start(today))
    if start is None:
        return None
    return Event(
        uid=f"annual-activity-{activity.pk}@{domain or uid_domain()}",
        start=start,
        summary=activity.name,
        description=activity_description(activity),
        url=page_url(activity.link_page, request),
        categories=[capfirst(AnnualActivity._meta.verbose_name)],
        rrule=recurrence.rrule(activity),
    )


def activity_events(activities, today, request=None):
    domain = uid_domain()
    events = (activity_event(activity, today, request, domain) for activity in activities)
    return [event for event in events if event is not None]


def with_related(activities):
    """Everything an event reads, fetched with the activities: the feed costs the same for any number."""
    return activities.filter(page__live=True).select_related("unit", "link_page").order_by("page__path", "sort_order")


def page_activities(page):
    return with_related(AnnualActivity.objects.filter(page=page))


def activities_for(user, unit_ids):
    """The activities ``user`` answers for: their own, and those with nobody named in the units they manage."""
    unassigned = Q(responsible_person__isnull=True, unit__in=list(unit_ids))
    return with_related(AnnualActivity.objects.filter(Q(responsible_person=user) | unassigned))


def due_event(entry, domain=None):
    """One item of the person's due list as an event on its due date."""
    kind = str(entry.kind)
    return Event(
        uid=f"due-{entry.source.topic}-{entry.obj.pk}@{domain or uid_domain()}",
        start=entry.due_on,
        summary=f"{kind}: {entry.description}" if kind else entry.description,
        url=entry.url if entry.url.startswith(("http://", "https://")) else "",
        categories=[kind],
    )
