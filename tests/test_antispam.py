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
