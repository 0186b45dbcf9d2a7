"""The calendar feeds: the annual cycle's, public as its page, and each person's, at a private address.

A calendar program cannot sign in, so the personal feed's address is its own key. Whether a
token is unknown, revoked or belongs to a deactivated account, the answer is the same 404: the
address reveals nothing about who it was for.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from ..conf import kvalitet_settings
from ..due.collect import collect
from ..escalation import OrgChart
from ..models.calendar_feeds import CalendarFeedToken
from ..reminders import preferred_languages, registered_sources
from . import events, ics

CONTENT_TYPE = "text/calendar; charset=utf-8"

#: How long a shared cache or a subscriber may keep a public cycle's feed, in seconds.
PUBLIC_MAX_AGE = 60 * 60


def calendar_response(name, filename, calendar_events):
    response = HttpResponse(ics.calendar(name, calendar_events), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def cycle_feed(request, page):
    """The cycle's activities as recurring events; as public as the page (Wagtail checked its restrictions)."""
    today = timezone.localdate()
    calendar_events = events.activity_events(events.page_activities(page), today, request)
    response = calendar_response(page.title, f"{page.slug}.ics", calendar_events)
    if page.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def personal_feed(request, token):
    """The person's due items, and the annual-cycle activities they answer for as recurring events."""
    feed_token = CalendarFeedToken.objects.active().select_related("user").filter(token=token).first()
    # Someone who can no longer open the admin has no quality work to see there, nor here.
    if feed_token is None or not feed_token.user.has_perm("wagtailadmin.access_admin"):
        raise Http404
    user = feed_token.user
    language = preferred_languages({user.pk}).get(user.pk, settings.LANGUAGE_CODE)
    with translation.override(language):
        response = calendar_response(
            gettext("My quality work"), "kvalitet.ics", personal_events(user, request, timezone.localdate())
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def personal_events(user, request, today):
    chart = OrgChart()
    horizon = events.add_months(today, int(kvalitet_settings.CALENDAR_FEED_MONTHS))
    sources = [source for source in registered_sources() if source.topic != events.ANNUAL_ACTIVITY_TOPIC]
    domain = events.uid_domain()
    due = [events.due_event(entry, domain) for entry in collect(user, today, horizon, sources=sources, chart=chart)]
    activities = events.activities_for(user, chart.units_below(user))
    return events.activity_events(activities, today, request) + due
