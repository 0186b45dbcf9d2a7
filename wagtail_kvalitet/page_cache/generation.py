"""The cache's generation: part of every page key, so one increment retires every cached page.

Deleting keys one by one would need to know every address a change shows up on (a routine is
listed on its process, its index, the unit's pages...). Moving to a new generation needs nothing
but one atomic increment, seen at once by every server; the old entries expire on their own.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction

from ..conf import kvalitet_settings

logger = logging.getLogger(__name__)

GENERATION_KEY = "kvalitet:page-cache:generation"


def page_cache():
    return caches[kvalitet_settings.PAGE_CACHE_ALIAS]


def current_generation():
    """The generation to read and write pages under; None if the cache cannot be reached.

    A missing generation (a fresh or restarted cache, or an evicted key) starts from the clock, so
    it can never come back to a number whose pages are still cached somewhere.
    """
    cache = page_cache()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("The page cache is unreachable; pages are rendered without it.", exc_info=True)
        return None
    return generation


def start_new_generation():
    """Retire every cached page now."""
    cache = page_cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: the next request starts one from the clock
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # Nothing can be served from an unreachable cache either; when it comes back empty,
        # a new generation starts from the clock. If it comes back with its data, pages expire
        # after KVALITET_PAGE_CACHE_SECONDS at the latest.
        logger.warning("Could not retire the cached pages: the page cache is unreachable.", exc_info=True)


def retire_cached_pages():
    """Retire every cached page once the current transaction commits.

    After the commit, not before: a server that renders a page between the increment and the
    commit would otherwise cache the old content under the new generation.
    """
    if kvalitet_settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(start_new_generation, robust=True)
