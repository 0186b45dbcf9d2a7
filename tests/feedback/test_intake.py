"""Receiving a case: stored first with its number and deadlines, emails queued with it and sent after commit."""

import datetime
import logging

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test.utils import override_settings
from django.utils import timezone

from tests.conftest import make_user
from tests.feedback.intake_builders import make_form_page, submission
from wagtail_kvalitet.feedback import intake
from wagtail_kvalitet.feedback.deadlines import deadlines_for
from wagtail_kvalitet.feedback.intake import acknowledge_if_receipt_sent, receive_case
from wagtail_kvalitet.models import (
    CaseAccess,
    CaseKind,
    CaseStatus,
    Channel,
    FeedbackCase,
    QualityArea,
    QueuedEmail,
    ReferenceSequence,
)
from wagtail_kvalitet.outbox import CASE_NOTICE, CASE_RECEIPT

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.feedback.email_backends.SMTPErrorBackend"
REFUSING_BACKEND = "tests.feedback.email_backends.ConnectionRefusedBackend"


def receive(unit=None, **fields):
    return receive_case(kind=fields.pop("kind", CaseKind.COMPLAINT), channel=Channel.WEB, unit=unit, **fields)


def test_the_case_is_stored_with_its_number_status_and_deadlines(tree, site_root, django_capture_on_commit_callbacks):
    page = make_form_page(site_root)
    areas = list(QualityArea.objects.order_by("sort_order")[:2])
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        case = receive(tree["home_care"], source_page=page, quality_areas=areas, **submission())
        second = receive(tree["home_care"], **submission())

    case = FeedbackCase.objects.get(pk=case.pk)
    assert case.reference == f"SYN-{year}-00001"
    assert second.reference == f"SYN-{year}-00002"
    assert case.status == CaseStatus.RECEIVED
    assert (case.receipt_due_on, case.answer_due_on) == deadlines_for(case.received_at)
    assert case.channel == Channel.WEB
    assert case.source_page_id == page.pk
    assert set(case.quality_areas.all()) == set(areas)
    assert case.unit == tree["home_care"]


def test_an_idea_gets_the_idea_prefix_and_the_idea_flow(tree):
    staff = make_user()
    case = receive_case(
        kind=CaseKind.IDEA,
        channel=Channel.WEB,
        registered_by=staff,
        unit=tree["home_care"],
        description="Digital schemaläggning.",
    )
    assert case.reference == f"IDE-{timezone.localdate().year}-00001"
    assert case.status == CaseStatus.NEW
    assert case.registered_by == staff


def test_a_letter_registered_later_keeps_its_received_date(tree):
    received_at = timezone.now() - datetime.timedelta(days=5)
    case = receive_case(
        kind=CaseKind.COMPLAINT,
        channel=Channel.LETTER,
        unit=tree["home_care"],
        description="Brev.",
        received_at=received_at,
    )
    assert case.received_at == received_at
    assert (case.receipt_due_on, case.answer_due_on) == deadlines_for(received_at)


def test_an_unknown_kind_stores_nothing_and_uses_no_number(tree):
    with pytest.raises(ValueError):
        receive(tree["home_care"], kind="gossip", description="x")
    assert not FeedbackCase.objects.exists()
    assert not ReferenceSequence.objects.exists()


def test_a_case_that_cannot_be_stored_gives_its_number_back(tree):
    with pytest.raises(TypeError):
        receive(tree["home_care"], description="x", no_such_field=1)
    case = receive(tree["home_care"], description="x")
    assert case.reference.endswith("-00001")
    assert FeedbackCase.objects.count() == 1


def test_emails_go_to_the_sender_the_handlers_above_the_unit_and_the_registry(tree, site_root):
    handler = make_user(email="handler@exempelvik.example")
    area_manager = make_user(email="area@exempelvik.example")
    board_clerk = make_user(email="board@exempelvik.example")
    sibling = make_user(email="sibling@exempelvik.example")
    below = make_user(email="below@exempelvik.example")
    gone = make_user(email="gone@exempelvik.example", is_active=False)
    CaseAccess.objects.create(user=handler, unit=tree["home_care"])
    CaseAccess.objects.create(user=area_manager, unit=tree["elderly"])
    CaseAccess.objects.create(user=board_clerk, unit=tree["board"])
    CaseAccess.objects.create(user=sibling, unit=tree["nursing_home"])
    CaseAccess.objects.create(user=below, unit=tree["group_home"])
    CaseAccess.objects.create(user=gone, unit=tree["home_care"])
    tree["home_care"].contact_email = "hemtjanst.norr@exempelvik.example"
    tree["home_care"].save()

    case = receive(
        tree["home_care"], notify_email="registrator@exempelvik.example", **submission(email="anna@exempel.example")
    )

    receipts = QueuedEmail.objects.filter(case=case, purpose=CASE_RECEIPT)
    assert [email.recipients for email in receipts] == [["anna@exempel.example"]]
    notices = QueuedEmail.objects.filter(case=case, purpose=CASE_NOTICE)
    assert sorted(address for email in notices for address in email.recipients) == sorted(
        [
            "handler@exempelvik.example",
            "area@exempelvik.example",
            "board@exempelvik.example",
            "hemtjanst.norr@exempelvik.example",
            "registrator@exempelvik.example",
        ]
    )
    assert all(email.sent_at is None for email in QueuedEmail.objects.all())


def test_an_anonymous_sender_gets_no_receipt(tree):
    case = receive(tree["home_care"], anonymous=True, email="anna@exempel.example", description="x")
    assert not QueuedEmail.objects.filter(case=case, purpose=CASE_RECEIPT).exists()


def test_a_sender_without_an_email_address_gets_no_receipt(tree):
    case = receive(tree["home_care"], **submission(email=""))
    assert not QueuedEmail.objects.filter(case=case, purpose=CASE_RECEIPT).exists()


def test_a_case_for_an_unknown_unit_goes_to_quality_staff(tree):
    quality = make_user(email="kvalitet@exempelvik.example")
    quality.user_permissions.add(Permission.objects.get(codename="view_all_feedbackcases"))
    make_user(email="it@exempelvik.example", is_superuser=True)
    handler = make_user(email="handler@exempelvik.example")
    CaseAccess.objects.create(user=handler, unit=tree["home_care"])

    case = receive(None, description="Vet inte vilken enhet.")

    notices = QueuedEmail.objects.filter(case=case, purpose=CASE_NOTICE)
    assert [email.recipients for email in notices] == [["kvalitet@exempelvik.example"]]


def test_emails_are_sent_only_after_the_transaction_commits(tree, django_capture_on_commit_callbacks):
    CaseAccess.objects.create(user=make_user(email="handler@exempelvik.example"), unit=tree["home_care"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = receive(tree["home_care"], **submission(email="anna@exempel.example"))
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert sorted(message.to[0] for message in mail.outbox) == ["anna@exempel.example", "handler@exempelvik.example"]
    assert not QueuedEmail.objects.filter(sent_at__isnull=True).exists()
    case.refresh_from_db()
    assert case.acknowledged_at is not None


def test_no_receipt_sent_means_not_acknowledged(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = receive(tree["home_care"], **submission(email=""))
    case.refresh_from_db()
    assert case.acknowledged_at is None


@pytest.mark.parametrize("backend", [FAILING_BACKEND, REFUSING_BACKEND])
def test_a_mail_server_that_fails_loses_nothing(tree, backend, django_capture_on_commit_callbacks, caplog):
    CaseAccess.objects.create(user=make_user(email="handler@exempelvik.example"), unit=tree["home_care"])
    with override_settings(EMAIL_BACKEND=backend), caplog.at_level(logging.WARNING):
        with django_capture_on_commit_callbacks(execute=True):
            case = receive(tree["home_care"], **submission(email="anna@exempel.example"))

    assert FeedbackCase.objects.filter(pk=case.pk).exists()
    queued = list(QueuedEmail.objects.filter(case=case))
    assert len(queued) == 2
    assert all(email.sent_at is None and email.attempts == 1 and email.last_error for email in queued)
    assert mail.outbox == []
    assert "Could not send" in caplog.text
    case.refresh_from_db()
    assert case.acknowledged_at is None

    # Later, the mail server is back and the periodic run sends each email once.
    QueuedEmail.objects.update(next_attempt_at=timezone.now())
    from wagtail_kvalitet.outbox import deliver_pending

    assert deliver_pending().sent == 2
    assert deliver_pending().sent == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@exempel.example", "handler@exempelvik.example"]
    case.refresh_from_db()
    assert case.acknowledged_at is not None


def test_a_broken_email_template_still_stores_the_case(tree, monkeypatch, caplog, django_capture_on_commit_callbacks):
    CaseAccess.objects.create(user=make_user(email="handler@exempelvik.example"), unit=tree["home_care"])

    def broken(case):
        raise RuntimeError("template error")

    monkeypatch.setattr(intake, "notice_email", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = receive(tree["home_care"], **submission())

    assert FeedbackCase.objects.filter(pk=case.pk).exists()
    assert not QueuedEmail.objects.exists()
    assert callbacks == []
    assert case.reference in caplog.text


def test_a_task_backend_that_fails_to_enqueue_is_logged_not_raised(tree, monkeypatch, caplog):
    from wagtail_kvalitet.tasks import deliver_emails_task

    def refuse(*args, **kwargs):
        raise ConnectionError("task queue down")

    monkeypatch.setattr(type(deliver_emails_task), "enqueue", refuse)
    with caplog.at_level(logging.ERROR):
        intake.enqueue_delivery([1, 2])
    assert "periodic" in caplog.text


def test_acknowledge_if_receipt_sent_keeps_the_first_date(tree):
    case = receive(tree["home_care"], description="x")
    assert acknowledge_if_receipt_sent(case) is True
    case.refresh_from_db()
    first = case.acknowledged_at
    assert first is not None
    assert acknowledge_if_receipt_sent(case.pk) is False
    case.refresh_from_db()
    assert case.acknowledged_at == first
