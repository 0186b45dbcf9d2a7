"""Reminders of case deadlines: to the handler (or the unit's manager), on the due day and once overdue, once each."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from tests.case_builders import close, make_case
from tests.conftest import make_user
from wagtail_kvalitet.feedback import reminders as reminders_module
from wagtail_kvalitet.feedback.reminders import (
    INSPECT_URL_NAME,
    case_answer_source,
    case_receipt_source,
    case_url,
)
from wagtail_kvalitet.models import CaseKind, CaseStatus, SentReminder
from wagtail_kvalitet.reminders import plan_reminders, registered_sources, send_due_reminders
from wagtail_kvalitet.tasks import send_due_reminders_task

pytestmark = pytest.mark.django_db

SOURCES = [case_receipt_source, case_answer_source]
TODAY = datetime.date(2026, 3, 11)
#: Text only the sender could have written, and their personal data: never in a reminder.
MARKER = "HEMLIG-MARKOR-7731"


def days(count):
    return TODAY + datetime.timedelta(days=count)


def received_case(unit, *, receipt_in=0, answer_in=8, today=TODAY, **fields):
    """A case whose receipt falls due ``receipt_in`` days from ``today`` and answer ``answer_in`` days."""
    fields.setdefault("description", f"Min mamma Greta fick fel medicin. {MARKER}")
    fields.setdefault("name", f"Greta Avsändare {MARKER}")
    fields.setdefault("email", "greta.avsandare@exempelvik.example")
    fields.setdefault("phone", "070-000 00 00")
    return make_case(
        unit,
        received_at=timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=3), datetime.time(10))
        ),
        receipt_due_on=today + datetime.timedelta(days=receipt_in),
        answer_due_on=today + datetime.timedelta(days=answer_in),
        **fields,
    )


def sent(topic=None):
    rows = SentReminder.objects.order_by("pk")
    if topic:
        rows = rows.filter(topic=topic)
    return list(rows.values_list("recipient__username", "topic", "object_id", "stage"))


def test_the_case_sources_are_registered_with_the_engine():
    sources = registered_sources()
    assert case_receipt_source in sources and case_answer_source in sources
    assert len({source.topic for source in sources}) == len(sources)


def test_the_handler_is_reminded_on_the_due_day_and_once_overdue_not_before(tree):
    handler = make_user(username="handlaggare")
    case = received_case(tree["home_care"], handler=handler, receipt_in=2, answer_in=30)
    emails = [
        send_due_reminders(SOURCES, today=day).emails_sent for day in (days(0), days(1), days(2), days(3), days(4))
    ]
    assert emails == [0, 0, 1, 1, 0]
    assert sent() == [
        ("handlaggare", "case-receipt", str(case.pk), "7"),
        ("handlaggare", "case-receipt", str(case.pk), "overdue"),
    ]


def test_a_case_nobody_handles_goes_to_the_units_manager(tree):
    manager = make_user(username="enhetschef")
    tree["home_care"].manager = manager
    tree["home_care"].save()
    case = received_case(tree["home_care"], receipt_in=-1)
    received_case(None, receipt_in=-1)  # no unit, no handler: nobody to remind
    received_case(tree["nursing_home"], receipt_in=-1)  # a unit without a manager

    summary = send_due_reminders(SOURCES, today=TODAY)

    assert (summary.emails_sent, summary.items_sent) == (1, 1)
    assert sent() == [("enhetschef", "case-receipt", str(case.pk), "overdue")]
    assert mail.outbox[0].to == [manager.email] and case.reference in mail.outbox[0].body


def test_a_handler_who_has_left_is_replaced_by_the_manager(tree):
    manager = make_user(username="chefen")
    tree["group_home"].manager = manager
    tree["group_home"].save()
    received_case(tree["group_home"], handler=make_user(is_active=False), receipt_in=-1)
    send_due_reminders(SOURCES, today=TODAY)
    assert [message.to for message in mail.outbox] == [[manager.email]]


def test_deadlines_already_met_are_not_reminded(tree):
    handler = make_user()
    acknowledged = received_case(tree["home_care"], handler=handler, receipt_in=-5, answer_in=-1)
    acknowledged.set_status(CaseStatus.INVESTIGATING)
    acknowledged.save()
    answered = received_case(tree["home_care"], handler=handler, receipt_in=-5, answer_in=-1)
    answered.set_status(CaseStatus.ANSWERED)
    answered.save()
    closed = close(received_case(tree["home_care"], handler=handler, receipt_in=-5, answer_in=-1))
    idea = received_case(tree["home_care"], handler=handler, kind=CaseKind.IDEA, receipt_in=-5, answer_in=-1)
    idea.set_status(CaseStatus.IMPLEMENTING)
    idea.save()

    send_due_reminders(SOURCES, today=TODAY)

    assert sorted(sent()) == [(handler.username, "case-answer", str(acknowledged.pk), "overdue")]
    assert str(closed.pk) not in {object_id for _user, _topic, object_id, _stage in sent()}


def test_one_case_late_on_both_deadlines_is_in_both_sections_of_one_digest(tree):
    handler = make_user(username="bada")
    case = received_case(tree["home_care"], handler=handler, receipt_in=-6, answer_in=0)
    send_due_reminders(SOURCES, today=TODAY)
    assert sorted(sent()) == [
        ("bada", "case-answer", str(case.pk), "7"),
        ("bada", "case-receipt", str(case.pk), "overdue"),
    ]
    [email] = mail.outbox
    assert email.body.count(case.reference) == 2
    assert email.body.count("http://testserver" + case_url(case)) == 2


def test_the_email_names_the_case_and_links_to_it_but_holds_no_personal_data(tree):
    handler = make_user(username="karin", first_name="Karin", last_name="Lund")
    late = received_case(
        tree["home_care"], handler=handler, receipt_in=-2, kind=CaseKind.COMPLAINT, reference="SYN-2026-00007"
    )
    today = received_case(
        tree["nursing_home"], handler=handler, receipt_in=0, kind=CaseKind.PRAISE, reference="SYN-2026-00009"
    )

    send_due_reminders(SOURCES, today=TODAY)

    [email] = mail.outbox
    body = email.body
    assert email.to == [handler.email] and "Karin Lund" in body
    assert MARKER not in body and MARKER not in email.subject
    assert "greta" not in body.lower() and "070-000" not in body
    # Overdue first; each with reference, kind, unit, due date, how late, and a link to the case.
    assert body.index("SYN-2026-00007") < body.index("SYN-2026-00009")
    with override("sv"):
        late_item = body[body.index("SYN-2026-00007") : body.index("SYN-2026-00009")]
        assert str(CaseKind.COMPLAINT.label).lower() in late_item and "Hemtjänst Norr" in late_item
        assert late.receipt_due_on.isoformat() in late_item
        assert ngettext("overdue by %(counter)s day", "overdue by %(counter)s days", 2) % {"counter": 2} in late_item
        assert "http://testserver" + case_url(late) in late_item
        today_item = body[body.index("SYN-2026-00009") :]
        assert str(CaseKind.PRAISE.label).lower() in today_item and "Tallgården" in today_item
        assert f"{today.receipt_due_on.isoformat()} ({gettext('due today')})" in today_item
    assert "&amp;" not in body and "\n\n\n" not in body


def test_a_second_run_sends_nothing(tree):
    handler = make_user()
    received_case(tree["home_care"], handler=handler, receipt_in=-1, answer_in=0)
    first = send_due_reminders(SOURCES, today=TODAY)
    assert (first.emails_sent, first.items_sent) == (1, 2)
    second = send_due_reminders(SOURCES, today=TODAY)
    assert (second.emails_sent, second.items_sent) == (0, 0)
    assert len(mail.outbox) == 1 and len(sent()) == 2


def test_planning_takes_the_same_number_of_queries_for_any_number_of_cases(tree):
    def queries_for_planning():
        with CaptureQueriesContext(connection) as queries:
            reminders = plan_reminders(SOURCES, today=TODAY)
            [reminder.description for reminder in reminders]
        return len(reminders), len(queries)

    manager = make_user()
    tree["home_care"].manager = manager
    tree["home_care"].save()
    received_case(tree["home_care"], handler=make_user(), receipt_in=-1, answer_in=-1)
    received_case(tree["home_care"], receipt_in=-1, answer_in=-1)
    few = queries_for_planning()
    for _number in range(5):
        received_case(tree["home_care"], handler=make_user(), receipt_in=-1, answer_in=-1)
        received_case(tree["nursing_home"], handler=make_user(), receipt_in=0, answer_in=0)
    many = queries_for_planning()
    assert (few[0], many[0]) == (4, 24)
    assert few[1] == many[1]


def test_the_link_opens_the_case_in_the_inbox_once_it_is_registered(tree, monkeypatch):
    case = received_case(tree["home_care"])
    with override_settings(ROOT_URLCONF=__name__):
        assert case_url(case) == f"/inbox-for-test/{case.pk}/"

    # Before the inbox registers its views, the link leads to the admin.
    def reverse_without_inbox(name, *args, **kwargs):
        if name == INSPECT_URL_NAME:
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(reminders_module, "reverse", reverse_without_inbox)
    assert case_url(case) == reverse("wagtailadmin_home")


def test_the_daily_command_and_task_send_case_reminders(tree):
    handler = make_user()
    case = received_case(tree["home_care"], handler=handler, receipt_in=-1, answer_in=20, today=timezone.localdate())
    out = io.StringIO()
    call_command("kvalitet_reminders", "--dry-run", stdout=out)
    assert case.reference in out.getvalue() and MARKER not in out.getvalue()
    assert mail.outbox == []

    result = send_due_reminders_task.enqueue()
    assert result.return_value == {"emails_sent": 1, "items_sent": 1, "escalations": 0, "failures": 0}
    call_command("kvalitet_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and sent() == [(handler.username, "case-receipt", str(case.pk), "overdue")]


def _inspect(request, pk):
    return HttpResponse()


def _test_urlpatterns():
    from django.conf import settings
    from django.urls import get_resolver

    # The test's route last: when two patterns share a name, reverse() finds the last one.
    return [
        *get_resolver(settings.ROOT_URLCONF).url_patterns,
        path("inbox-for-test/<int:pk>/", _inspect, name=INSPECT_URL_NAME),
    ]


urlpatterns = _test_urlpatterns()
