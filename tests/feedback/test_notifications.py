"""The emails of a new case: no personal data to staff, none of the sender's text to anyone, the site's language."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test.utils import override_settings
from django.urls import include, path, reverse
from django.utils import formats, translation
from django.utils.translation import gettext
from wagtail.admin import urls as wagtailadmin_urls

from tests.conftest import make_user
from tests.feedback.intake_builders import make_form_page, submission
from wagtail_kvalitet.feedback import notifications
from wagtail_kvalitet.feedback.intake import receive_case
from wagtail_kvalitet.feedback.notifications import (
    case_admin_url,
    html_to_text,
    notice_email,
    receipt_email,
    staff_recipients,
)
from wagtail_kvalitet.models import CaseAccess, CaseKind, Channel, QueuedEmail
from wagtail_kvalitet.outbox import CASE_NOTICE, CASE_RECEIPT

pytestmark = pytest.mark.django_db

MARKER = "Xq7Zmarker"

#: A URL configuration with a stand-in for the inbox's case page, for the link in the notice.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("inbox/case/<int:pk>/", lambda request, pk: HttpResponse(), name="kvalitet_test_case_page"),
]


def receive(unit, **fields):
    return receive_case(kind=CaseKind.COMPLAINT, channel=Channel.WEB, unit=unit, **fields)


def test_staff_emails_hold_no_personal_data_and_none_of_the_senders_text(tree, site_root):
    CaseAccess.objects.create(user=make_user(email="handler@exempelvik.example"), unit=tree["home_care"])
    quality = make_user(email="kvalitet@exempelvik.example")
    quality.user_permissions.add(Permission.objects.get(codename="view_all_feedbackcases"))
    page = make_form_page(site_root, notify_email="registrator@exempelvik.example")
    fields = submission(MARKER, occurred_on=datetime.date(2026, 3, 2))

    receive(tree["home_care"], source_page=page, notify_email=page.notify_email, **fields)
    receive(None, **submission(MARKER))

    notices = QueuedEmail.objects.filter(purpose=CASE_NOTICE)
    assert notices.count() == 3
    for email in notices:
        assert MARKER.lower() not in (email.subject + email.body + email.to).lower()
        assert "Anna" not in email.body
        assert "Personalen" not in email.body
    receipts = QueuedEmail.objects.filter(purpose=CASE_RECEIPT)
    assert receipts.count() == 2
    for email in receipts:
        assert MARKER not in email.subject + email.body
        assert "Personalen" not in email.body


def test_the_receipt_names_the_reference_the_kind_what_happens_next_and_the_organisation(tree, site_root):
    page = make_form_page(
        site_root,
        thank_you_text="<p>Vi svarar inom tio arbetsdagar.</p><ul><li>Enhetschefen utreder</li></ul>"
        '<p>Läs <a href="https://exempelvik.example/integritet">om personuppgifter</a>.</p>',
    )
    with override_settings(KVALITET_ORGANISATION_NAME="Exempelviks kommun"):
        case = receive(tree["home_care"], source_page=page, **submission())
        subject, body = receipt_email(case, page)

    assert case.reference in subject
    assert case.reference in body
    with translation.override("sv"):
        assert gettext("Complaint") in body
    assert "Vi svarar inom tio arbetsdagar." in body
    assert "- Enhetschefen utreder" in body
    assert "om personuppgifter (https://exempelvik.example/integritet)" in body
    assert "<" not in body
    assert "Exempelviks kommun" in body


def test_the_receipt_without_a_form_page(tree):
    case = receive(tree["home_care"], **submission())
    subject, body = receipt_email(case)
    assert case.reference in body


def test_the_notice_names_the_reference_kind_unit_dates_and_links_to_the_case(tree, settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(notifications, "CASE_ADMIN_URL_NAME", "kvalitet_test_case_page")
    case = receive(tree["home_care"], **submission())

    subject, body = notice_email(case)

    assert case.reference in subject
    assert "Hemtjänst Norr" in subject
    assert f"http://testserver/inbox/case/{case.pk}/" in body
    with translation.override("sv"):
        assert gettext("Complaint") in body
        assert formats.date_format(case.receipt_due_on, "SHORT_DATE_FORMAT") in body
        assert formats.date_format(case.answer_due_on, "SHORT_DATE_FORMAT") in body


def test_the_notice_links_to_the_admin_home_until_the_inbox_exists(tree, monkeypatch):
    monkeypatch.setattr(notifications, "CASE_ADMIN_URL_NAME", "no_such_inbox_page")
    case = receive(tree["home_care"], description="x")
    assert case_admin_url(case) == "http://testserver" + reverse("wagtailadmin_home")


def test_the_notice_of_a_case_for_an_unknown_unit_says_so(tree):
    case = receive(None, description="x")
    subject, body = notice_email(case)
    assert case.reference in subject
    assert case.reference in body


@override_settings(LANGUAGE_CODE="sv")
def test_emails_are_in_the_sites_language_whatever_language_is_active(tree):
    case = receive(tree["home_care"], **submission())
    with translation.override("en"):
        _subject, body = notice_email(case)
        _subject, receipt = receipt_email(case)
    with translation.override("sv"):
        due = formats.date_format(case.receipt_due_on, "SHORT_DATE_FORMAT")
    with translation.override("en"):
        assert formats.date_format(case.receipt_due_on, "SHORT_DATE_FORMAT") != due
    assert due in body


def test_html_to_text():
    assert html_to_text("") == ""
    assert html_to_text("<p>Ett &amp; två</p><p>Tre<br/>fyra</p>") == "Ett & två\n\nTre\nfyra"
    assert html_to_text('<p><a href="https://x.example">https://x.example</a></p>') == "https://x.example"


def test_recipients_are_the_handlers_of_the_unit_and_above_each_once(tree):
    handler = make_user(email="Handler@exempelvik.example")
    CaseAccess.objects.create(user=handler, unit=tree["home_care"])
    CaseAccess.objects.create(user=handler, unit=tree["elderly"])
    CaseAccess.objects.create(user=make_user(email=""), unit=tree["home_care"])
    tree["elderly"].contact_email = "ao@exempelvik.example"
    tree["elderly"].save()
    case = receive(tree["home_care"], description="x")

    assert staff_recipients(case, "handler@exempelvik.example") == ["Handler@exempelvik.example"]


def test_the_handlers_are_read_in_one_query(tree, django_assert_num_queries):
    for unit in ("home_care", "elderly", "admin", "board"):
        CaseAccess.objects.create(user=make_user(), unit=tree[unit])
    case = receive(tree["home_care"], description="x")
    case.refresh_from_db()
    unit = case.unit
    with django_assert_num_queries(1):
        assert len(notifications.handler_addresses(unit)) == 4


def test_a_unit_nobody_handles_falls_back_to_quality_staff(tree):
    quality = make_user(email="kvalitet@exempelvik.example")
    group = quality.groups.create(name="Kvalitet")
    group.permissions.add(Permission.objects.get(codename="view_all_feedbackcases"))
    case = receive(tree["group_home"], description="x")
    assert staff_recipients(case, "registrator@exempelvik.example") == [
        "kvalitet@exempelvik.example",
        "registrator@exempelvik.example",
    ]


def test_without_quality_staff_the_superusers_are_told(tree):
    make_user(email="admin@exempelvik.example", is_superuser=True)
    make_user(email="old-admin@exempelvik.example", is_superuser=True, is_active=False)
    case = receive(None, description="x")
    assert staff_recipients(case) == ["admin@exempelvik.example"]


def test_the_notice_links_to_the_case_in_the_inbox(tree):
    case = receive(tree["home_care"], description="x")
    path = reverse(notifications.CASE_ADMIN_URL_NAME, args=[case.pk])
    assert str(case.pk) in path
    assert case_admin_url(case) == "http://testserver" + path
    assert case_admin_url(case) in notice_email(case)[1]
