"""The cache's counters: one says who may see which page where, the other what pages say.

Deleting keys one by one would need to know every address a change shows up on (a routine is
listed on its process, its index, the unit's pages...) and every audience it was stored for. A
counter needs nothing but one atomic increment, seen at once by every server; the old entries
expire on their own.

The two kinds of change are handled differently:

* ``access``, part of every page key, moves when who may see what changes (a view restriction,
  someone's groups or permissions, a page unpublished, moved or deleted, a site or locale). Every
  cached page is then gone at once for every reader: nothing of the old state may be shown again.
* ``content``, stored beside each page, moves when what pages say changes (a page published, a
  register a page lists edited). A page stored under an older content version is *outdated*.
  The pages a publish changes for sure, the published page and the pages above it, are marked
  with the new version and rendered again by the next request. Every other outdated page is
  rendered again at a moment of its own within ``KVALITET_PAGE_CACHE_SPREAD_SECONDS`` of the
  change that outdated it (see ``middleware``): a publish on a site with hundreds of pages then
  costs a few renders a second, not every page at once. The time of each recent content change
  is kept beside the counter for that.
"""

import logging
import time
from typing import NamedTuple

from django.core.cache import caches
from django.db import transaction

from ..conf import kvalitet_settings

logger = logging.getLogger(__name__)

ACCESS_KEY = "kvalitet:page-cache:generation"
CONTENT_KEY = "kvalitet:page-cache:content"
#: ``{content version: time it began}`` for the latest content changes.
CONTENT_TIMES_KEY = "kvalitet:page-cache:content-times"
#: How many content changes keep their time; a page outdated by an older one is rendered at once.
KEPT_TIMES = 64


def changed_page_key(page_id):
    """The content version at which a page was last published, or a page below it."""
    return f"kvalitet:page-cache:changed:{page_id}"


class Generation(NamedTuple):
    #: In every page key: a new one retires every cached page at once.
    access: int
    #: Stored with every page: a page of an older one is outdated.
    content: int
    #: ``{content version: time}`` of the latest content changes.
    content_times: dict


def clock_start():
    """A counter's first value: the clock in microseconds.

    Not nanoseconds: those pass 2**53, and a cache may hand back an incremented counter as a
    double (django-redis's INCR goes through a Lua script), which would lose the last digits.
    """
    return time.time_ns() // 1000


def page_cache():
    return caches[kvalitet_settings.PAGE_CACHE_ALIAS]


def read_generation(also=()):
    """The generation to read and write pages under, and the values of the keys ``also``, in one round trip.

    ``(None, {})`` if the cache cannot be reached. A missing counter (a fresh or restarted cache,
    or an evicted key) starts from the clock, so it can never come back to a number whose pages
    are still cached somewhere.
    """
    cache = page_cache()
    counters = (ACCESS_KEY, CONTENT_KEY)
    try:
        found = cache.get_many([*counters, CONTENT_TIMES_KEY, *also])
        if not all(key in found for key in counters):
            now = clock_start()
            for key in counters:
                if key not in found:
                    cache.add(key, now, timeout=None)
            found |= cache.get_many(counters)
        times = found.pop(CONTENT_TIMES_KEY, None)
        generation = Generation(found.pop(ACCESS_KEY), found.pop(CONTENT_KEY), times if isinstance(times, dict) else {})
        return generation, found
    except KeyError:  # evicted again at once: a cache this full keeps nothing worth serving
        return None, {}
    except Exception:
        logger.warning("The page cache is unreachable; pages are rendered without it.", exc_info=True)
        return None, {}


def current_generation():
    """The generation to read and write pages under; None if the cache cannot be reached."""
    return read_generation()[0]


def increment(key):
    """The counter's new value; None if there was none (the next request starts one) or the cache is away."""
    cache = page_cache()
    try:
        try:
            return cache.incr(key)
        except ValueError:  # no counter yet: the next request starts one from the clock
            cache.add(key, clock_start(), timeout=None)
    except Exception:
        # Nothing can be served from an unreachable cache either; when it comes back empty,
        # new counters start from the clock. If it comes back with its data, pages expire
        # after twice KVALITET_PAGE_CACHE_SECONDS at the latest.
        logger.warning("Could not retire the cached pages: the page cache is unreachable.", exc_info=True)
    return None


def start_new_generation():
    """Retire every cached page now, for every reader."""
    increment(ACCESS_KEY)


def start_new_content_version(page_ids=()):
    """Outdate every cached page now; the pages ``page_ids`` are to be rendered again at once."""
    version = increment(CONTENT_KEY)
    if version is None:
        return
    cache = page_cache()
    try:
        if page_ids:
            # Needed only as long as a page stored before it may be: twice the time a page is fresh.
            marks = {changed_page_key(page_id): version for page_id in page_ids}
            cache.set_many(marks, timeout=2 * kvalitet_settings.PAGE_CACHE_SECONDS)
        # Two changes at the same moment may each keep only their own time; the other's pages are
        # then rendered at once rather than spread, which is only a little more work.
        times = cache.get(CONTENT_TIMES_KEY)
        times = dict(sorted((times if isinstance(times, dict) else {}).items())[-(KEPT_TIMES - 1) :])
        cache.set(CONTENT_TIMES_KEY, times | {version: time.time()}, timeout=None)
    except Exception:
        logger.warning("Could not mark the changed pages: the page cache is unreachable.", exc_info=True)


def retire_cached_pages():
    """Retire every cached page once the current transaction commits: who may see what has changed.

    After the commit, not before: a server that renders a page between the increment and the
    commit would otherwise cache the old content under the new generation.
    """
    if kvalitet_settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(start_new_generation, robust=True)


def refresh_cached_pages(page_ids=()):
    """Outdate every cached page once the current transaction commits: what pages say has changed.

    The pages ``page_ids`` (a published page and those above it) are rendered again by their next
    request; the others within ``KVALITET_PAGE_CACHE_SPREAD_SECONDS``.
    """
    if kvalitet_settings.PAGE_CACHE_SECONDS:
        ids = tuple(page_ids)
        transaction.on_commit(lambda: start_new_content_version(ids), robust=True)
