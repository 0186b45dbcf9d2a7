"""Writing a draft from the self-assessment page: who may, and where it leads.

The button sits on the self-assessment; the draft becomes a page of the manual, so it needs both
the permission to see self-assessments and to add pages under the manual.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import GroupPagePermission

from tests.annual_cycle.builders import admin_user
from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.models import QualityReportPage

pytestmark = pytest.mark.django_db

DRAFT = "wagtail_kvalitet_quality_report_draft"
YEAR = 2025


@pytest.fixture
def assessment(tree):
    return make_assessment(make_manual(board=tree["board"]), YEAR)


def may_view_assessments(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtail_kvalitet", codename="view_selfassessment")
    )
    return user


def may_add_under(user, page):
    group = Group.objects.create(name=f"Redaktörer {page.pk} {user.pk}")
    GroupPagePermission.objects.create(group=group, page=page, permission_type="add")
    user.groups.add(group)
    return user


def redirected_home(response):
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_posting_writes_the_draft_and_opens_it_in_the_editor_with_a_message(admin_client, assessment):
    response = admin_client.post(reverse(DRAFT, args=[assessment.pk]))
    page = QualityReportPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().pk == assessment.manual.pk and page.year == YEAR and not page.live
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["success"]
    assert admin_client.get(response["Location"]).status_code == 200


def test_get_is_not_allowed(admin_client, assessment):
    assert admin_client.get(reverse(DRAFT, args=[assessment.pk])).status_code == 405
    assert not QualityReportPage.objects.exists()


def test_an_unknown_assessment_is_not_found(admin_client):
    assert admin_client.post(reverse(DRAFT, args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "grants, allowed",
    [
        ((), False),
        (("assessments",), False),
        (("pages",), False),
        (("assessments", "pages"), True),
    ],
)
def test_it_needs_both_to_see_assessments_and_to_add_pages_under_the_manual(client, assessment, grants, allowed):
    user = admin_user()
    if "assessments" in grants:
        may_view_assessments(user)
    if "pages" in grants:
        may_add_under(user, assessment.manual)
    client.force_login(user)
    response = client.post(reverse(DRAFT, args=[assessment.pk]))
    if allowed:
        assert response.status_code == 302 and QualityReportPage.objects.count() == 1
    else:
        assert redirected_home(response) and not QualityReportPage.objects.exists()


def test_adding_pages_elsewhere_is_not_enough(client, assessment):
    other = make_manual()
    user = may_add_under(may_view_assessments(admin_user()), other)
    client.force_login(user)
    assert redirected_home(client.post(reverse(DRAFT, args=[assessment.pk])))


def render_button(user, assessment):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "wagtail_kvalitet/admin/quality_report/draft_button.html", {"assessment": assessment}, request=request
    )


def test_the_button_is_a_post_form_with_csrf_for_those_who_may(assessment):
    user = may_add_under(may_view_assessments(admin_user()), assessment.manual)
    html = render_button(user, assessment)
    assert 'method="post"' in html
    assert f'action="{reverse(DRAFT, args=[assessment.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit"' in html


def test_the_button_is_not_shown_to_others(assessment):
    assert render_button(may_view_assessments(admin_user()), assessment).strip() == ""
