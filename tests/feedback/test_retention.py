"""Retention: the sender's personal data goes after the retention period; the case and its statistics stay."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.case_builders import close, make_case
from tests.conftest import make_user
from wagtail_kvalitet.feedback.retention import anonymise_expired_cases, anonymise_expired_cases_task
from wagtail_kvalitet.models import (
    CaseKind,
    CaseStatus,
    Channel,
    ContactMethod,
    FeedbackCase,
    QualityArea,
    QueuedEmail,
    SenderType,
)

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))
MARKER = "PERSONUPPGIFT-4411"


def months_ago(months, days=0):
    return NOW - datetime.timedelta(days=round(months * 30.5) + days)


def removed():
    with override(settings.LANGUAGE_CODE):
        return gettext("[Personal data removed]")


def sent_case(unit, closed=None, *, kind=CaseKind.COMPLAINT, **fields):
    """A case with all of a sender's personal data, closed at ``closed`` (open if ``None``)."""
    fields.setdefault("name", f"Greta Avsändare {MARKER}")
    fields.setdefault("email", "greta@exempelvik.example")
    fields.setdefault("phone", "070-123 45 67")
    fields.setdefault("postal_address", f"Storgatan 1\n123 45 Exempelvik {MARKER}")
    fields.setdefault("contact_method", ContactMethod.EMAIL)
    fields.setdefault("wants_answer", True)
    fields.setdefault("description", f"Min pappa fick ingen hjälp i tisdags. {MARKER}")
    fields.setdefault("sender_type", SenderType.RELATIVE)
    fields.setdefault("investigation", "Personalen hade inte fått rutinen.")
    fields.setdefault("measures", "Rutinen gicks igenom på arbetsplatsträffen.")
    fields.setdefault("answer", f"Hej Greta, vi har gått igenom det du skrev. {MARKER}")
    received = fields.pop("received_at", (closed or NOW) - datetime.timedelta(days=20))
    case = make_case(unit, kind=kind, received_at=received, quality_areas=QualityArea.objects.all()[:2], **fields)
    QueuedEmail.objects.create(purpose="case-receipt", to=case.email, subject="Kvitto", body=MARKER, case=case)
    if closed is not None:
        if kind == CaseKind.IDEA:
            case.set_status(CaseStatus.DONE, now=closed)
            case.save()
        else:
            close(case, when=closed)
    return case


def statistics():
    """What the quarterly report counts: by kind, unit, status, sender, channel, quality area and date."""
    cases = FeedbackCase.objects.all()
    return {
        "rows": sorted(
            cases.values_list(
                "reference",
                "kind",
                "unit_id",
                "status",
                "sender_type",
                "channel",
                "received_at",
                "receipt_due_on",
                "answer_due_on",
                "acknowledged_at",
                "answered_at",
                "finished_at",
                "anonymous",
                "wants_answer",
                "handler_id",
                "lex_sarah",
                "lex_maria",
                "occurred_on",
                "investigation",
                "measures",
            ),
            key=repr,
        ),
        "areas": sorted(cases.values_list("quality_areas__code").annotate(n=Count("pk")), key=repr),
        "units": sorted(cases.values_list("unit_id", "kind", "status").annotate(n=Count("pk")), key=repr),
    }


def personal_data(case):
    case.refresh_from_db()
    return (case.name, case.email, case.phone, case.postal_address, case.contact_method, case.description, case.answer)


def test_cases_closed_longer_ago_than_the_retention_period_lose_their_personal_data(tree):
    expired = sent_case(tree["home_care"], months_ago(25))
    idea = sent_case(tree["group_home"], months_ago(30), kind=CaseKind.IDEA, answer="")
    recent = sent_case(tree["home_care"], months_ago(23))
    still_open = sent_case(tree["nursing_home"], None, received_at=months_ago(40))

    summary = anonymise_expired_cases(now=NOW)

    assert (summary.cases_anonymised, summary.emails_deleted) == (2, 2)
    assert personal_data(expired) == ("", "", "", "", "", removed(), removed())
    # An answer that was never written stays empty rather than claiming something was removed.
    assert personal_data(idea) == ("", "", "", "", "", removed(), "")
    assert expired.anonymised_at == NOW and idea.anonymised_at == NOW
    # Staff's own texts and the statistics' booleans are kept.
    assert expired.investigation == "Personalen hade inte fått rutinen."
    assert expired.measures == "Rutinen gicks igenom på arbetsplatsträffen."
    assert expired.wants_answer is True and expired.sender_type == SenderType.RELATIVE
    for case in (recent, still_open):
        assert MARKER in personal_data(case)[0] and case.anonymised_at is None
    assert set(QueuedEmail.objects.values_list("case_id", flat=True)) == {recent.pk, still_open.pk}
    assert not FeedbackCase.objects.filter(description__contains=MARKER, anonymised_at__isnull=False).exists()


def test_the_statistics_are_the_same_after_anonymisation(tree):
    handler = make_user()
    for months, unit, kind in [
        (25, "home_care", CaseKind.COMPLAINT),
        (26, "nursing_home", CaseKind.PRAISE),
        (27, "group_home", CaseKind.IDEA),
        (3, "home_care", CaseKind.SUGGESTION),
    ]:
        sent_case(tree[unit], months_ago(months), kind=kind, handler=handler, channel=Channel.PHONE, lex_sarah=True)
    sent_case(None, None, kind=CaseKind.COMMENT, anonymous=True, name="", email="", phone="")
    before = statistics()
    assert anonymise_expired_cases(now=NOW).cases_anonymised == 3
    assert statistics() == before


def test_a_second_run_changes_nothing_and_reports_nothing(tree):
    sent_case(tree["home_care"], months_ago(25))
    sent_case(tree["home_care"], months_ago(26))
    anonymise_expired_cases(now=NOW)
    after_first = list(FeedbackCase.objects.values())
    second = anonymise_expired_cases(now=NOW + datetime.timedelta(days=1))
    assert (second.cases_anonymised, second.emails_deleted) == (0, 0)
    assert list(FeedbackCase.objects.values()) == after_first


def test_the_retention_period_comes_from_the_setting_or_the_caller(tree):
    case = sent_case(tree["home_care"], months_ago(7))
    assert anonymise_expired_cases(now=NOW).cases_anonymised == 0
    with override_settings(KVALITET_CASE_RETENTION_MONTHS=6):
        assert anonymise_expired_cases(now=NOW, dry_run=True).pending == [(case.reference, case.finished_at)]
    assert anonymise_expired_cases(now=NOW, months=8).cases_anonymised == 0
    assert anonymise_expired_cases(now=NOW, months=6).cases_anonymised == 1


def test_a_dry_run_lists_the_cases_and_changes_nothing(tree):
    older = sent_case(tree["home_care"], months_ago(30))
    newer = sent_case(tree["home_care"], months_ago(25))
    before = list(FeedbackCase.objects.values())
    summary = anonymise_expired_cases(now=NOW, dry_run=True)
    assert summary.pending == [(older.reference, older.finished_at), (newer.reference, newer.finished_at)]
    assert summary.cases_anonymised == 0
    assert list(FeedbackCase.objects.values()) == before and QueuedEmail.objects.count() == 2


def test_batches_take_the_same_number_of_queries_however_many_cases(tree):
    def queries_for(count):
        for _number in range(count):
            sent_case(tree["home_care"], months_ago(25))
        with CaptureQueriesContext(connection) as queries:
            assert anonymise_expired_cases(now=NOW).cases_anonymised == count
        return len(queries)

    assert queries_for(2) == queries_for(9)


def test_every_batch_is_done_when_there_are_more_cases_than_a_batch(tree):
    for _number in range(7):
        sent_case(tree["home_care"], months_ago(25))
    summary = anonymise_expired_cases(now=NOW, batch_size=3)
    assert (summary.cases_anonymised, summary.emails_deleted) == (7, 7)
    assert not FeedbackCase.objects.filter(anonymised_at__isnull=True).exists()


def test_the_task_runs_retention_and_returns_its_counts(tree):
    sent_case(tree["home_care"], timezone.now() - datetime.timedelta(days=800))
    result = anonymise_expired_cases_task.enqueue()
    assert result.return_value == {"cases_anonymised": 1, "emails_deleted": 1}
    assert anonymise_expired_cases_task.enqueue().return_value == {"cases_anonymised": 0, "emails_deleted": 0}
