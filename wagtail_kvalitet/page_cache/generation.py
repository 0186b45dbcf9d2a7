"""The cache's two counters: one says who may see which page where, the other what pages say.

Deleting keys one by one would need to know every address a change shows up on (a routine is
listed on its process, its index, the unit's pages...). A counter needs nothing but one atomic
increment, seen at once by every server; the old entries expire on their own.

The two kinds of change are retired differently:

* ``access``, part of every page key, moves when who may see what changes (a view restriction,
  someone's groups or permissions, a page unpublished, moved or deleted, a site or locale). Every
  cached page is then gone at once for every reader: nothing of the old state may be shown again.
* ``content``, stored beside each page, moves when what pages say changes (a page published, a
  register a page lists edited). A page of an older content version is *stale*: the first request
  for it renders it again while requests arriving during that render are still given the stale
  copy (see ``middleware``). A publish then costs one render per page instead of every reader of
  every page waiting for renders at once, and nobody sees the old text once the new one is stored.
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


class Generation(NamedTuple):
    #: In every page key: a new one retires every cached page at once.
    access: int
    #: Stored with every page: a page of another one is stale.
    content: int


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
        found = cache.get_many([*counters, *also])
        if not all(key in found for key in counters):
            now = time.time_ns()
            for key in counters:
                if key not in found:
                    cache.add(key, now, timeout=None)
            found |= cache.get_many(counters)
        return Generation(found.pop(ACCESS_KEY), found.pop(CONTENT_KEY)), found
    except KeyError:  # evicted again at once: a cache this full keeps nothing worth serving
        return None, {}
    except Exception:
        logger.warning("The page cache is unreachable; pages are rendered without it.", exc_info=True)
        return None, {}


def current_generation():
    """The generation to read and write pages under; None if the cache cannot be reached."""
    return read_generation()[0]


def increment(key):
    cache = page_cache()
    try:
        try:
            cache.incr(key)
        except ValueError:  # no counter yet: the next request starts one from the clock
            cache.add(key, time.time_ns(), timeout=None)
    except Exception:
        # Nothing can be served from an unreachable cache either; when it comes back empty,
        # new counters start from the clock. If it comes back with its data, pages expire
        # after KVALITET_PAGE_CACHE_SECONDS at the latest.
        logger.warning("Could not retire the cached pages: the page cache is unreachable.", exc_info=True)


def start_new_generation():
    """Retire every cached page now, for every reader."""
    increment(ACCESS_KEY)


def start_new_content_version():
    """Make every cached page stale now: each is rendered again by the next request for it."""
    increment(CONTENT_KEY)


def retire_cached_pages():
    """Retire every cached page once the current transaction commits: who may see what has changed.

    After the commit, not before: a server that renders a page between the increment and the
    commit would otherwise cache the old content under the new generation.
    """
    if kvalitet_settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(start_new_generation, robust=True)


def refresh_cached_pages():
    """Make every cached page stale once the current transaction commits: what pages say has changed."""
    if kvalitet_settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(start_new_content_version, robust=True)
