"""Spam sent to a feedback form is stored nowhere, sent nowhere, and answered like a real case."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test.utils import override_settings

from tests.feedback.form_builders import posted, public_answers, shown_token
from tests.feedback.intake_builders import make_form_page
from wagtail_kvalitet import antispam
from wagtail_kvalitet.models import FeedbackCase, QueuedEmail

pytestmark = pytest.mark.django_db

#: A real sender's answers: wants an answer by email, so a real case would queue a receipt and notices.
ANSWERS = public_answers(wants_answer="yes", contact_method="email", name="Anna", email="anna@exempel.example")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(site_root, tree):
    return make_form_page(site_root, notify_email="registrator@exempelvik.example")


def send(client, page, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(page.url, data)


def thank_you_shape(page, response):
    """The parts of a response a robot can compare, with the token replaced by its alphabet."""
    assert response.status_code == 303
    match = re.fullmatch(re.escape(page.url) + r"tack/([A-Za-z0-9_-]+)/", response["Location"])
    assert match, response["Location"]
    return (response.status_code, sorted(response.headers), response.content)


def spam(kind):
    if kind == "honeypot":
        return posted(ANSWERS, honeypot="http://spam.example")
    if kind == "too-fast":
        return posted(ANSWERS, token=shown_token(seconds_ago=0))
    if kind == "forged":
        return posted(ANSWERS, token=shown_token()[:-4] + "abcd")
    if kind == "missing-token":
        return {**ANSWERS, antispam.HONEYPOT_FIELD: ""}
    raise ValueError(kind)


def assert_nothing_stored_or_sent():
    assert FeedbackCase.objects.count() == 0
    assert QueuedEmail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["honeypot", "too-fast", "forged", "missing-token"])
def test_spam_is_stored_nowhere_and_answered_like_a_case(client, page, kind, django_capture_on_commit_callbacks):
    response = send(client, page, spam(kind), django_capture_on_commit_callbacks)
    shape = thank_you_shape(page, response)
    assert_nothing_stored_or_sent()

    genuine = send(client, page, posted(ANSWERS), django_capture_on_commit_callbacks)
    assert thank_you_shape(page, genuine) == shape
    assert FeedbackCase.objects.count() == 1
    assert len(mail.outbox) >= 1  # the genuine case was sent on: the check above can fail


def test_a_replayed_form_is_stored_once(client, page, django_capture_on_commit_callbacks):
    data = posted(ANSWERS)
    first = send(client, page, data, django_capture_on_commit_callbacks)
    emails, messages = QueuedEmail.objects.count(), len(mail.outbox)
    replay = send(client, page, data, django_capture_on_commit_callbacks)
    assert thank_you_shape(page, replay) == thank_you_shape(page, first)
    assert (FeedbackCase.objects.count(), QueuedEmail.objects.count(), len(mail.outbox)) == (1, emails, messages)


@override_settings(KVALITET_FEEDBACK_RATE_LIMIT=2)
def test_a_client_over_the_rate_limit_is_answered_like_a_case(client, page, django_capture_on_commit_callbacks):
    for _ in range(2):
        send(client, page, posted(ANSWERS), django_capture_on_commit_callbacks)
    FeedbackCase.objects.all().delete()
    QueuedEmail.objects.all().delete()
    mail.outbox.clear()
    response = send(client, page, posted(ANSWERS), django_capture_on_commit_callbacks)
    thank_you_shape(page, response)
    assert_nothing_stored_or_sent()


def test_the_thank_you_page_for_spam_shows_no_number(client, page, django_capture_on_commit_callbacks):
    response = send(client, page, spam("honeypot"), django_capture_on_commit_callbacks)
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "data-kvalitet-reference" not in thanks.content.decode()


def test_spam_that_also_fails_validation_gets_no_validation_errors(client, page, django_capture_on_commit_callbacks):
    data = {**spam("honeypot"), "kind": "", "description": ""}
    response = send(client, page, data, django_capture_on_commit_callbacks)
    thank_you_shape(page, response)
    assert_nothing_stored_or_sent()
