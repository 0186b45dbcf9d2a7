"""Keeping spam out of the feedback forms without a third-party captcha.

Three checks, all invisible to a person filling in the form: a honeypot field that people never
see and robots fill in; a signed token carrying the time the form was shown, so that a form sent
within seconds, long after, twice, or with a forged token is refused; and a limit on submissions
per client counted in Django's cache. A refused submission is stored nowhere and sent nowhere; the
caller answers it with the same-looking response as an accepted one, so a robot learns nothing.

The rate limit and the single-use tokens live in the cache, shared by every server. If the cache
cannot be reached (Redis restarting, say), those two checks are skipped and logged rather than
refusing everyone: a citizen's complaint matters more than a few minutes without a rate limit,
and the honeypot and the token's signature and age still hold.
"""

import logging
import secrets
import time

from django.core import signing
from django.core.cache import cache

from .conf import kvalitet_settings

logger = logging.getLogger(__name__)

#: The honeypot's field name: plausible to a robot, hidden from people by CSS and ``aria-hidden``.
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"
SALT = "wagtail_kvalitet.antispam"

HONEYPOT = "honeypot"
BAD_TOKEN = "bad-token"
TOO_FAST = "too-fast"
EXPIRED = "expired"
REPLAYED = "replayed"
RATE_LIMITED = "rate-limited"


def issue_token(now=None):
    """A token for one form as it is shown: when, and a nonce that can be used once."""
    return signing.dumps({"t": int(now if now is not None else time.time()), "n": secrets.token_hex(8)}, salt=SALT)


def client_key(request):
    """Who is sending, for the rate limit.

    REMOTE_ADDR is what the server saw. Behind a proxy that is the proxy, for everyone, so
    ``KVALITET_CLIENT_IP_HEADER`` names the header the proxy adds; its right-most address is the
    one the proxy itself wrote, which a client cannot forge by sending the header too.
    """
    header = kvalitet_settings.CLIENT_IP_HEADER
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def over_rate_limit(request):
    """Count this submission for its client; True if the client is over the limit in this window.

    False, and logged, when the cache cannot count (see the module's docstring).
    """
    window = kvalitet_settings.FEEDBACK_RATE_WINDOW_SECONDS
    key = f"kvalitet:feedback-rate:{client_key(request)}:{int(time.time()) // window}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:
        logger.warning("The cache is unreachable: a feedback form submission was not rate limited.", exc_info=True)
        return False
    if count is None:  # a cache set to swallow its errors (django-redis' IGNORE_EXCEPTIONS)
        logger.warning("The cache did not count a feedback form submission: it was not rate limited.")
        return False
    return count > kvalitet_settings.FEEDBACK_RATE_LIMIT


def spend_token(nonce):
    """Mark the form's token as used; False if it already was.

    True, and logged, when the cache cannot say (see the module's docstring).
    """
    try:
        added = cache.add(f"kvalitet:feedback-token:{nonce}", 1, timeout=kvalitet_settings.FEEDBACK_MAX_AGE_SECONDS)
    except Exception:
        logger.warning("The cache is unreachable: a feedback form token was not checked for reuse.", exc_info=True)
        return True
    if added is None:  # a cache set to swallow its errors
        logger.warning("The cache did not record a feedback form token: it was not checked for reuse.")
        return True
    return added


def refusal(request, data, now=None):
    """Why this submission is spam, or None if it may be stored.

    The order matters: the cheap checks first, the rate limit counts every submission that gets
    that far, and the token is spent last, so a person whose form is refused for another reason
    is not also told their form was already used.
    """
    if data.get(HONEYPOT_FIELD):
        return HONEYPOT
    try:
        token = signing.loads(data.get(TOKEN_FIELD, ""), salt=SALT)
        shown_at, nonce = int(token["t"]), str(token["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return BAD_TOKEN
    age = (now if now is not None else time.time()) - shown_at
    if age < kvalitet_settings.FEEDBACK_MIN_SECONDS:
        return TOO_FAST
    if age > kvalitet_settings.FEEDBACK_MAX_AGE_SECONDS:
        return EXPIRED
    if over_rate_limit(request):
        return RATE_LIMITED
    if not spend_token(nonce):
        return REPLAYED
    return None
