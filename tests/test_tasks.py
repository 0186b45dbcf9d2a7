"""The django-tasks task runs the same reminder engine as the command, on the site's task backend."""

import pytest
from django.core import mail
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from tests.conftest import make_user
from tests.reminder_builders import make_requirement
from wagtail_kvalitet.models import SentReminder
from wagtail_kvalitet.tasks import send_due_reminders_task

pytestmark = pytest.mark.django_db


def test_the_site_runs_tasks_with_the_immediate_backend_by_default():
    assert isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def test_the_task_sends_the_reminders_once_and_returns_a_summary():
    owner = make_user()
    overdue = make_requirement(due_in=-1, responsible_person=owner)
    make_requirement(due_in=6, responsible_person=owner)

    result = send_due_reminders_task.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == {"emails_sent": 1, "items_sent": 2, "escalations": 0, "failures": 0}
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert SentReminder.objects.filter(recipient=owner, object_id=str(overdue.pk), stage="overdue").exists()

    again = send_due_reminders_task.enqueue()
    assert again.return_value == {"emails_sent": 0, "items_sent": 0, "escalations": 0, "failures": 0}
    assert len(mail.outbox) == 1
