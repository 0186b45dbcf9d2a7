"""Every ``KVALITET_*`` setting the app reads, with its default, in one place.

Read settings through ``kvalitet_settings.NAME`` (without the prefix), never with
``getattr(settings, ...)`` elsewhere: values are looked up lazily, cached, and the cache is
cleared when a test overrides a setting.
"""

from django.conf import settings
from django.core.signals import setting_changed

PREFIX = "KVALITET_"

DEFAULTS = {
    # The host site's template that the app's public and intranet pages extend. It must
    # define the blocks ``title`` and ``content``; ``extra_css`` is used when present.
    "BASE_TEMPLATE": "base.html",
    # Months from approval (fastställande) to the next review, per governing page type (the
    # model name in lower case); "default" covers any type not named.
    "REVIEW_INTERVAL_MONTHS": {
        "default": 12,
        "qualitymanualpage": 24,
        "manualsectionpage": 24,
        "processpage": 24,
        "routinepage": 12,
    },
    # A page counts as due for review this many days before its review date.
    "REVIEW_DUE_SOON_DAYS": 30,
    # Months between reviews of a legal requirement, unless the requirement sets its own.
    "LEGAL_REVIEW_INTERVAL_MONTHS": 12,
    # Days before a review date on which the responsible person is reminded; a reminder is
    # also sent once the date has passed.
    "REMINDER_DAYS": (30, 7),
    # The organisation named in exports' title rows; empty means the default site's name.
    "ORGANISATION_NAME": "",
    # Feedback forms: a form sent sooner than this many seconds after it was shown counts as spam.
    "FEEDBACK_MIN_SECONDS": 3,
    # ... and one sent later than this many seconds after it was shown must be sent again.
    "FEEDBACK_MAX_AGE_SECONDS": 4 * 60 * 60,
    # At most this many form submissions per client (IP address) within the window, in seconds.
    "FEEDBACK_RATE_LIMIT": 10,
    "FEEDBACK_RATE_WINDOW_SECONDS": 60 * 60,
    # Reference numbers of cases: prefix for complaints, comments, praise and suggestions, and
    # for staff's improvement ideas (e.g. SYN-2026-00042).
    "CASE_REFERENCE_PREFIX": "SYN",
    "IDEA_REFERENCE_PREFIX": "IDE",
    # Working days from receipt within which the sender gets a receipt, and an answer.
    "CASE_RECEIPT_WORKING_DAYS": 2,
    "CASE_ANSWER_WORKING_DAYS": 10,
    # Days the municipality is closed besides weekends and Swedish public holidays, as
    # ISO dates ("2026-12-23"); they do not count as working days.
    "EXTRA_CLOSED_DAYS": (),
    # Months after a case is closed before its personal data is anonymised (kvalitet_retention).
    "CASE_RETENTION_MONTHS": 24,
    # The outbox: attempts at sending one email before giving up, and minutes before the first
    # retry (doubled for each further attempt).
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_RETRY_MINUTES": 5,
    # Goal status: an indicator whose latest figure misses its target by at most this many
    # percent of the target is "at risk"; further off, "off track".
    "GOAL_AT_RISK_PERCENT": 10,
    # Days after a period ends by which its figure should be entered; the indicator's
    # responsible person is reminded once it is due and still missing.
    "MEASUREMENT_DUE_DAYS": 30,
    # "My quality work" lists what is overdue and what falls due within this many days.
    "DUE_SOON_DAYS": 30,
    # An item overdue by more than this many days is also shown and emailed (once) to the
    # manager above the person who answers for it.
    "ESCALATION_DAYS": 14,
    # How many months ahead the personal calendar feed lists annual-cycle activities.
    "CALENDAR_FEED_MONTHS": 12,
    # Behind a proxy, the request header (as a META key, e.g. "HTTP_X_FORWARDED_FOR") whose
    # right-most address is the client's, as the proxy saw it; empty means REMOTE_ADDR. It is
    # what the feedback forms' rate limit counts by.
    "CLIENT_IP_HEADER": "",
    # Seconds a page is served from the shared page cache before it is rendered again; 0 turns
    # the cache off (see page_cache/).
    "PAGE_CACHE_SECONDS": 0,
    # After a publish, the published page and the pages above it are rendered again at once;
    # every other cached page (which may list or link to it) within this many seconds, each at a
    # moment of its own, so that a publish does not make every page render at the same time.
    "PAGE_CACHE_SPREAD_SECONDS": 60,
    # The Django cache the page cache uses; with several servers it must be shared (Redis).
    "PAGE_CACHE_ALIAS": "default",
}


class KvalitetSettings:
    """Attribute access to the app's settings, with the defaults above."""

    def __init__(self, defaults):
        self._defaults = defaults
        self._cache = {}

    def __getattr__(self, name):
        if name.startswith("_") or name not in self._defaults:
            raise AttributeError(f"Unknown wagtail-kvalitet setting: {name}")
        if name not in self._cache:
            self._cache[name] = getattr(settings, PREFIX + name, self._defaults[name])
        return self._cache[name]

    def reload(self):
        self._cache.clear()


kvalitet_settings = KvalitetSettings(DEFAULTS)


def _reload_on_change(*, setting, **kwargs):
    if setting.startswith(PREFIX):
        kvalitet_settings.reload()


setting_changed.connect(_reload_on_change)
