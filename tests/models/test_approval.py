"""The Fastställ workflow: approving a governing page stamps who approved it, when, and the review date."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage, WorkflowState

from tests.builders import make_manual, make_process, make_routine
from tests.conftest import make_user
from wagtail_kvalitet.models import ApprovalTask, RoutinePage, add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow():
    return Workflow.objects.get(name="Fastställ")


@pytest.fixture
def approver():
    user = make_user(username="socialchef", first_name="Siv", last_name="Chef", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def routine(workflow):
    manual = make_manual()
    WorkflowPage.objects.create(workflow=workflow, page=manual)
    return make_routine(make_process(manual), title="Avvikelsehantering")


def approve(page, submitter, approver):
    """Submit the latest draft to the page's workflow and approve it, as the admin does."""
    workflow_state = page.get_workflow().start(page, submitter)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "approve")
    return RoutinePage.objects.get(pk=page.pk)


def test_migration_provides_the_fastställ_workflow_with_an_approval_task(workflow):
    task = workflow.tasks.get().specific
    assert isinstance(task, ApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


@override_settings(KVALITET_REVIEW_INTERVAL_MONTHS={"default": 12, "routinepage": 18})
def test_approval_stamps_approver_date_and_review_date_and_publishes(routine, approver, superuser):
    routine.summary = "Ny version."
    routine.save_revision(user=superuser)
    approved = approve(routine, superuser, approver)
    today = timezone.localdate()
    assert approved.summary == "Ny version."  # the approved draft went live
    assert approved.approved_by == approver
    assert approved.approved_by_name == "Siv Chef"
    assert approved.approved_on == today
    assert approved.review_by == add_months(today, 18)
    # The stamp is in the latest revision too, so the next draft keeps it.
    assert approved.get_latest_revision().as_object().approved_on == today


def test_review_date_chosen_by_the_editor_is_kept(routine, approver, superuser):
    earlier = timezone.localdate() + datetime.timedelta(days=90)
    routine.review_by = earlier
    routine.save_revision(user=superuser)
    assert approve(routine, superuser, approver).review_by == earlier


def test_reapproval_restarts_the_review_interval(routine, approver, superuser):
    routine.approved_on = datetime.date(2024, 1, 10)
    routine.review_by = datetime.date(2025, 1, 10)
    routine.save_revision().publish()
    routine.save_revision(user=superuser)
    approved = approve(routine, superuser, approver)
    assert approved.review_by == add_months(timezone.localdate(), 12)


def test_rejection_stamps_nothing(routine, approver, superuser):
    routine.save_revision(user=superuser)
    workflow_state = routine.get_workflow().start(routine, superuser)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "reject")
    routine.refresh_from_db()
    assert routine.approved_on is None and routine.approved_by is None


def test_approving_in_the_admin_stamps_the_page(client, routine, approver, superuser):
    routine.save_revision(user=superuser)
    routine.get_workflow().start(routine, superuser)
    task_state = WorkflowState.objects.get(object_id=str(routine.pk)).current_task_state
    client.force_login(approver)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(routine.pk, "approve", task_state.pk)),
        {"comment": "Fastställd enligt beslut."},
    )
    assert response.status_code in (200, 302)
    routine.refresh_from_db()
    assert routine.approved_by == approver and routine.approved_on == timezone.localdate()
    assert "Fastställd av Siv Chef" in client.get(routine.url).content.decode()


def test_editors_cannot_type_an_approval(client, routine, superuser):
    client.force_login(superuser)
    edit_url = reverse("wagtailadmin_pages:edit", args=(routine.pk,))
    html = client.get(edit_url).content.decode()
    assert 'name="approved_on"' not in html or "disabled" in html


def test_a_copy_is_not_approved(routine, approver, superuser):
    routine.save_revision(user=superuser)
    approved = approve(routine, superuser, approver)
    copy = approved.copy(update_attrs={"slug": "kopia", "title": "Kopia"})
    assert copy.specific.approved_on is None and copy.specific.approved_by is None
