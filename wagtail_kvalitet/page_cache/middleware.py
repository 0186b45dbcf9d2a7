"""Serving page requests from the shared cache, and storing what may be stored.

Install after ``AuthenticationMiddleware`` and ``MessageMiddleware``: the cache needs to know
who is asking, and a stored page must be what every visitor of the same kind would get. Off
unless ``KVALITET_PAGE_CACHE_SECONDS`` is set.

Two audiences share cached pages:

* visitors who are not signed in: every Wagtail page, unless its class says
  ``kvalitet_page_cache = False`` (a form handing out single-use tokens);
* signed-in staff with the same permissions (superuser or not, the same groups, the same own
  permissions): only page classes that say ``kvalitet_page_cache_signed_in = True``, whose
  content does not depend on who reads it, and never a page behind a password. A restricted
  page is only ever stored after Wagtail let that audience see it, so serving it to the same
  audience answers as Wagtail would. The intranet's routines are read by many staff with the same
  permissions, which is what makes this worth it.

Nothing is stored that carries something of one person: a CSRF token, a changed session, a
cookie, or messages shown.

A cached page outdated by a change (see ``generation``), or kept longer than
``KVALITET_PAGE_CACHE_SECONDS``, is rendered again by the first request that finds it due:
at once if it is the published page or above it, otherwise at its own moment within
``KVALITET_PAGE_CACHE_SPREAD_SECONDS`` of the change (until then the old copy is served). While
one request renders it, requests for it are given the old copy, so nobody queues behind
duplicate renders. The ``X-Kvalitet-Page-Cache`` header says which: ``hit``, ``stale`` (the old
copy) or ``miss`` (rendered and stored).
"""

import hashlib
import logging
import time

from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_request
from wagtail.models import PageViewRestriction

from ..conf import kvalitet_settings
from .generation import changed_page_key, page_cache, read_generation

logger = logging.getLogger(__name__)

#: Tells whoever looks (a load test, an operator with curl) whether a response came from the cache.
STATUS_HEADER = "X-Kvalitet-Page-Cache"
#: Set on the request by ``mark_cacheable_page`` when a Wagtail page that allows caching serves it.
REQUEST_FLAG = "kvalitet_page_cacheable"
ANONYMOUS = "anonymous"
#: Vary headers a stored page may carry: the language is part of the key, and whose cookie it was
#: is what the audience is.
HARMLESS_VARY = {"", "cookie", "accept-language"}
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store", "max-age=0"}
#: How long a request may take to render a stale page again before another one may try; a render
#: that dies (a worker killed) holds the claim no longer than this.
RENDER_CLAIM_SECONDS = 10


def mark_cacheable_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: only Wagtail pages are stored, and each page class says for whom."""
    if not kvalitet_settings.PAGE_CACHE_SECONDS or not is_plain_read(request):
        return  # not going to be stored: spare the query for the page's restrictions
    if request.user.is_authenticated:
        allowed = getattr(page, "kvalitet_page_cache_signed_in", False) and not any(
            restriction.restriction_type == PageViewRestriction.PASSWORD for restriction in page.get_view_restrictions()
        )
    else:
        allowed = getattr(page, "kvalitet_page_cache", True)
    setattr(request, REQUEST_FLAG, allowed)
    request.kvalitet_page_id = page.pk


def is_plain_read(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and "HTTP_AUTHORIZATION" not in request.META
    )


def memberships(user):
    """A digest of the user's groups and own permissions: what decides the pages they are shown."""
    profile = (sorted(user.groups.values_list("pk", flat=True)), sorted(user.get_user_permissions()))
    return hashlib.sha256(repr(profile).encode()).hexdigest()[:32]


def audience_key(user):
    return f"kvalitet:page-cache:audience:{user.pk}"


def audience(request, access, stored=None):
    """Who a cached page is shared with: everyone not signed in, or staff with the same permissions.

    The groups and permissions are looked up once per access generation and user, then kept in
    the cache beside the pages as ``(access generation, digest)`` (``stored``, read with the
    generation): a change to anyone's groups or permissions starts a new access generation (see
    ``invalidation``), so a digest is never older than the pages it selects. The flags on the
    user row itself are read fresh with the user on every request.
    """
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == access:
        digest = stored[1]
    else:
        digest = memberships(user)
        try:
            page_cache().set(audience_key(user), (access, digest), kvalitet_settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Could not store a reader's permissions in the page cache.", exc_info=True)
    return f"{int(user.is_superuser)}{int(user.is_staff)}-{digest}"


def page_key(request, generation, who):
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"kvalitet:page-cache:{generation}:{get_language_from_request(request)}:{who}:{digest}"


def carries_something_personal(request, response):
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or (messages is not None and getattr(messages, "used", False))
    )


def may_store(request, response, who):
    if not getattr(request, REQUEST_FLAG, False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or carries_something_personal(request, response):
        return False
    if who == ANONYMOUS:
        # Wagtail marks every restricted page "private" for browsers and proxies; for staff the
        # audience in the key is what keeps it private, so the mark only counts for visitors.
        directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
        if directives & UNCACHEABLE_DIRECTIVES:
            return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return vary <= HARMLESS_VARY


def rebuild(stored, status):
    version, stored_at, page_id, code, headers, content = stored
    response = HttpResponse(content, status=code)
    for name, value in headers:
        response[name] = value
    response[STATUS_HEADER] = status
    return response


def stored_page(value):
    """A cached ``(content version, time stored, page id, status, headers, content)``; None for anything else."""
    return value if isinstance(value, tuple) and len(value) == 6 else None


def now():
    return time.time()


def spread_fraction(key):
    """Where in the spread window this cached page is rendered again: the same for every server."""
    return int(key[-8:], 16) / 0x100000000


FRESH, OUTDATED, DUE = "fresh", "outdated", "due"


def freshness(cache, key, stored, generation):
    """``FRESH``; ``OUTDATED`` (a change elsewhere, and its moment to be rendered again has not come); or ``DUE``."""
    version, stored_at, page_id = stored[:3]
    if now() - stored_at >= kvalitet_settings.PAGE_CACHE_SECONDS:
        return DUE
    if version == generation.content:
        return FRESH
    began = generation.content_times.get(version + 1)  # the change that outdated it
    if began is None:
        return DUE
    try:
        changed = cache.get(changed_page_key(page_id)) if page_id is not None else None
    except Exception:
        return DUE
    if changed is not None and changed > version:
        return DUE  # this very page, or one below it, was published
    spread = kvalitet_settings.PAGE_CACHE_SPREAD_SECONDS
    return OUTDATED if now() < began + spread * spread_fraction(key) else DUE


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not kvalitet_settings.PAGE_CACHE_SECONDS or not is_plain_read(request):
            return self.get_response(request)
        user = request.user
        reader_key = audience_key(user) if user.is_authenticated else None
        generation, found = read_generation([reader_key] if reader_key else ())
        if generation is None:
            return self.get_response(request)
        who = audience(request, generation.access, found.get(reader_key))
        key = page_key(request, generation.access, who)
        cache = page_cache()
        try:
            stored = stored_page(cache.get(key))
        except Exception:
            logger.warning("The page cache is unreachable; rendering the page.", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            state = freshness(cache, key, stored, generation)
            if state == FRESH:
                return rebuild(stored, "hit")
            if state == OUTDATED or not claim_render(cache, key):
                return rebuild(stored, "stale")
        try:
            response = self.get_response(request)
            store(request, response, who, key, generation.content, stale=stored is not None)
        finally:
            if stored is not None:
                release_render(cache, key)
        return response


def claim_render(cache, key):
    """True if this request is to render a stale page again; False if another one already is."""
    try:
        return cache.add(f"{key}:rendering", 1, timeout=RENDER_CLAIM_SECONDS)
    except Exception:
        return True


def release_render(cache, key):
    try:
        cache.delete(f"{key}:rendering")
    except Exception:
        logger.warning("Could not release a page being rendered; it expires on its own.", exc_info=True)


def store(request, response, who, key, version, stale):
    """Keep the response if it may be kept; if not, and a stale copy was kept, drop that copy."""
    cache = page_cache()
    try:
        if may_store(request, response, who):
            page_id = getattr(request, "kvalitet_page_id", None)
            page = (version, now(), page_id, response.status_code, list(response.items()), response.content)
            # Kept twice as long as it is fresh: an expired page is served stale while it is rendered again.
            cache.set(key, page, 2 * kvalitet_settings.PAGE_CACHE_SECONDS)
            response[STATUS_HEADER] = "miss"
        elif stale and request.method == "GET":
            cache.delete(key)  # the page no longer renders to something shared: stop serving the old copy
    except Exception:
        logger.warning("Could not store a page in the page cache.", exc_info=True)
