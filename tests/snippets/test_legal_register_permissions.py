"""Who may list and review the legal requirement register: a test per view, and nothing recorded when refused.

The export's own permission test lives beside the export.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.snippets.legal_review_builders import bulk_url, make_admin_user, make_requirement, message_texts, swedish
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirementReview
from wagtail_kvalitet.snippets.legal_reviews import review_url

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
DUE = datetime.date(2026, 1, 15)
REVIEW = {"outcome": ComplianceStatus.MET, "comment": "Granskat."}


@pytest.fixture
def requirement():
    return make_requirement(title="Utredning inom skälig tid", status=ComplianceStatus.PARTLY_MET, next_review_due=DUE)


def login(client, *actions):
    """A client logged in as an admin user who may do ``actions`` on the register; none: anonymous."""
    if actions != ("anonymous",):
        client.force_login(make_admin_user(*actions))
    return client


def assert_refused(response):
    """Wagtail's usual refusal: back to the dashboard, with its message."""
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert message_texts(response) == [swedish("Sorry, you do not have permission to access this area.")]


def assert_sent_to_login(response):
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login") + "?next=")


def assert_nothing_recorded(requirement):
    requirement.refresh_from_db()
    assert (requirement.status, requirement.last_reviewed, requirement.next_review_due) == (
        ComplianceStatus.PARTLY_MET, None, DUE)
    assert not LegalRequirementReview.objects.exists() and not requirement.revisions.exists()


def review_post():
    return {**REVIEW, "reviewed_on": timezone.localdate().isoformat()}


# The listing


def test_listing_refuses_a_user_without_register_permission(client, requirement):
    assert_refused(login(client).get(reverse(LIST_URL)))


def test_listing_sends_an_anonymous_visitor_to_log_in(client, requirement):
    assert_sent_to_login(login(client, "anonymous").get(reverse(LIST_URL)))


def test_listing_is_open_to_view_only_users_without_review_buttons(client, requirement):
    response = login(client, "view").get(reverse(LIST_URL))
    assert response.status_code == 200
    assert [item.title for item in response.context["object_list"]] == ["Utredning inom skälig tid"]
    assert review_url(requirement) not in response.content.decode()


def test_listing_offers_review_to_users_who_may_change(client, requirement):
    response = login(client, "change").get(reverse(LIST_URL))
    assert response.status_code == 200 and review_url(requirement) in response.content.decode()


# Reviewing one requirement


@pytest.mark.parametrize("actions", [(), ("view",), ("add",), ("delete",)])
def test_review_page_refuses_users_who_may_not_change(client, requirement, actions):
    assert_refused(login(client, *actions).get(review_url(requirement)))


@pytest.mark.parametrize("actions", [(), ("view",), ("add",), ("delete",)])
def test_review_post_refuses_users_who_may_not_change_and_records_nothing(client, requirement, actions):
    assert_refused(login(client, *actions).post(review_url(requirement), review_post()))
    assert_nothing_recorded(requirement)


def test_review_sends_an_anonymous_visitor_to_log_in_and_records_nothing(client, requirement):
    client = login(client, "anonymous")
    assert_sent_to_login(client.get(review_url(requirement)))
    assert_sent_to_login(client.post(review_url(requirement), review_post()))
    assert_nothing_recorded(requirement)


def test_review_is_open_to_users_who_may_change(client, requirement):
    client = login(client, "change")
    assert client.get(review_url(requirement)).status_code == 200
    assert client.post(review_url(requirement), review_post()).status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == ComplianceStatus.MET and requirement.reviews.count() == 1


# Reviewing in bulk


@pytest.mark.parametrize("actions", [(), ("view",), ("add",), ("delete",)])
def test_bulk_review_page_refuses_users_who_may_not_change(client, requirement, actions):
    assert_refused(login(client, *actions).get(bulk_url([requirement])))


@pytest.mark.parametrize("actions", [(), ("view",), ("add",), ("delete",)])
def test_bulk_review_post_refuses_users_who_may_not_change_and_records_nothing(client, requirement, actions):
    assert_refused(login(client, *actions).post(bulk_url([requirement]), {"outcome": "keep", "comment": ""}))
    assert_nothing_recorded(requirement)


def test_bulk_review_sends_an_anonymous_visitor_to_log_in_and_records_nothing(client, requirement):
    client = login(client, "anonymous")
    assert_sent_to_login(client.get(bulk_url([requirement])))
    assert_sent_to_login(client.post(bulk_url([requirement]), {"outcome": "keep", "comment": ""}))
    assert_nothing_recorded(requirement)


def test_bulk_review_is_open_to_users_who_may_change(client, requirement):
    client = login(client, "change")
    assert client.get(bulk_url([requirement])).status_code == 200
    assert client.post(bulk_url([requirement]), {"outcome": "keep", "comment": ""}).status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == ComplianceStatus.PARTLY_MET and requirement.reviews.count() == 1
