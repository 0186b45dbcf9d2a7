"""The "My calendar feed" admin view: each person creates, renews and revokes their own address."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import make_user
from wagtail_kvalitet.feeds.admin import RENEW, REVOKE, URL_NAME
from wagtail_kvalitet.models.calendar_feeds import CalendarFeedToken

pytestmark = pytest.mark.django_db


def feed_address(token):
    return "http://testserver" + reverse("wagtail_kvalitet:personal_calendar", args=[token.token])


@pytest.fixture
def editor(db):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def levels(response):
    """The messages the action left, read (and so used up) on the page it leads back to."""
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def act(client, action, **data):
    response = client.post(reverse(URL_NAME), {"action": action, **data}, follow=True)
    assert response.redirect_chain == [(reverse(URL_NAME), 302)]
    return response


def test_create_renew_and_revoke_the_address(editor_client, editor):
    page = editor_client.get(reverse(URL_NAME))
    assert page.status_code == 200
    assert b"data-kvalitet-feed-url" not in page.content
    assert f'value="{REVOKE}"'.encode() not in page.content

    assert levels(act(editor_client, RENEW)) == ["success"]
    first = CalendarFeedToken.current_for(editor)
    page = editor_client.get(reverse(URL_NAME))
    assert f'value="{feed_address(first)}"'.encode() in page.content
    assert f'value="{REVOKE}"'.encode() in page.content
    assert editor_client.get(feed_address(first)).status_code == 200

    assert levels(act(editor_client, RENEW)) == ["success"]
    second = CalendarFeedToken.current_for(editor)
    assert second.pk != first.pk
    page = editor_client.get(reverse(URL_NAME))
    assert feed_address(second).encode() in page.content
    assert first.token.encode() not in page.content
    assert editor_client.get(feed_address(first)).status_code == 404
    assert editor_client.get(feed_address(second)).status_code == 200

    assert levels(act(editor_client, REVOKE)) == ["success"]
    assert CalendarFeedToken.current_for(editor) is None
    assert editor_client.get(feed_address(second)).status_code == 404
    assert second.token.encode() not in editor_client.get(reverse(URL_NAME)).content


def test_revoking_without_an_address_or_posting_nonsense_changes_nothing(editor_client, editor):
    assert levels(act(editor_client, REVOKE)) == ["warning"]
    token = CalendarFeedToken.renew(editor)
    assert levels(act(editor_client, "delete-everything")) == ["error"]
    assert CalendarFeedToken.current_for(editor) == token


def test_another_users_address_is_never_shown_or_changed(editor_client, editor):
    someone = make_user(is_superuser=True)
    theirs = CalendarFeedToken.renew(someone)

    page = editor_client.get(reverse(URL_NAME), {"user": someone.pk})
    assert theirs.token.encode() not in page.content
    editor_client.post(reverse(URL_NAME), {"action": REVOKE, "user": someone.pk})
    editor_client.post(reverse(URL_NAME), {"action": RENEW, "user": someone.pk})

    assert CalendarFeedToken.current_for(someone) == theirs
    assert CalendarFeedToken.current_for(editor) is not None


def test_the_view_needs_admin_access_and_a_post_with_csrf(client, editor):
    outsider = make_user()
    client.force_login(outsider)
    assert client.get(reverse(URL_NAME)).status_code == 302
    client.post(reverse(URL_NAME), {"action": RENEW})
    assert CalendarFeedToken.current_for(outsider) is None

    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(reverse(URL_NAME), {"action": RENEW}).status_code == 403
    assert CalendarFeedToken.current_for(editor) is None


def test_the_account_page_and_my_quality_work_link_to_the_view(editor_client):
    assert reverse(URL_NAME).encode() in editor_client.get(reverse("wagtailadmin_account")).content
    assert reverse(URL_NAME).encode() in editor_client.get(reverse("wagtail_kvalitet_my_work")).content
