"""The feedback forms' spam checks: honeypot, signed time token (too fast, too old, replayed, forged), rate limit."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from wagtail_kvalitet import antispam


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def request(ip="192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def shown(seconds_ago=10):
    return {antispam.TOKEN_FIELD: antispam.issue_token(time.time() - seconds_ago)}


def test_a_person_who_takes_their_time_gets_through():
    assert antispam.refusal(request(), shown()) is None


def test_a_filled_honeypot_is_spam():
    assert antispam.refusal(request(), {**shown(), antispam.HONEYPOT_FIELD: "http://spam.example"}) == antispam.HONEYPOT


def test_a_form_sent_within_seconds_is_spam():
    assert antispam.refusal(request(), shown(seconds_ago=1)) == antispam.TOO_FAST


def test_a_form_shown_too_long_ago_must_be_sent_again():
    assert antispam.refusal(request(), shown(seconds_ago=5 * 60 * 60)) == antispam.EXPIRED


@pytest.mark.parametrize("token", ["", "not-a-token", antispam.issue_token()[:-2] + "xx"])
def test_a_missing_or_forged_token_is_spam(token):
    assert antispam.refusal(request(), {antispam.TOKEN_FIELD: token}) == antispam.BAD_TOKEN


def test_a_token_works_once():
    data = shown()
    assert antispam.refusal(request(), data) is None
    assert antispam.refusal(request(), data) == antispam.REPLAYED


@override_settings(KVALITET_FEEDBACK_RATE_LIMIT=3)
def test_a_client_over_the_limit_is_refused_while_others_get_through():
    assert [antispam.refusal(request(), shown()) for _ in range(3)] == [None, None, None]
    assert antispam.refusal(request(), shown()) == antispam.RATE_LIMITED
    assert antispam.refusal(request(ip="198.51.100.7"), shown()) is None


@override_settings(KVALITET_FEEDBACK_MIN_SECONDS=30)
def test_the_minimum_time_is_a_setting():
    assert antispam.refusal(request(), shown(seconds_ago=20)) == antispam.TOO_FAST


@override_settings(KVALITET_FEEDBACK_RATE_LIMIT=2, KVALITET_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_client_is_the_address_the_proxy_added():
    def behind_proxy(forwarded):
        return RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    # A client cannot escape its limit by sending a made-up address first: the proxy's is the last one.
    assert antispam.refusal(behind_proxy("203.0.113.9"), shown()) is None
    assert antispam.refusal(behind_proxy("198.51.100.1, 203.0.113.9"), shown()) is None
    assert antispam.refusal(behind_proxy("192.0.2.77, 203.0.113.9"), shown()) == antispam.RATE_LIMITED
    # Everyone else behind the same proxy is still let through.
    assert antispam.refusal(behind_proxy("203.0.113.10"), shown()) is None
    # Without the header, the proxy's own address.
    assert antispam.client_key(RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


class UnreachableCache:
    """A cache whose server is down: every call fails, as Django's Redis backend does then."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail


class SilentCache:
    """A cache told to swallow its errors (django-redis' IGNORE_EXCEPTIONS): every call answers None."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


@pytest.mark.parametrize("broken", [UnreachableCache(), SilentCache()], ids=["raising", "silent"])
@override_settings(KVALITET_FEEDBACK_RATE_LIMIT=1)
def test_with_the_cache_down_submissions_get_through_and_it_is_logged(monkeypatch, caplog, broken):
    monkeypatch.setattr(antispam, "cache", broken)
    data = shown()
    assert [antispam.refusal(request(), data) for _ in range(3)] == [None, None, None]
    assert "not rate limited" in caplog.text and "not checked for reuse" in caplog.text
    # The checks that need no cache still hold.
    assert antispam.refusal(request(), {**data, antispam.HONEYPOT_FIELD: "x"}) == antispam.HONEYPOT
    assert antispam.refusal(request(), shown(seconds_ago=1)) == antispam.TOO_FAST
