"""Handling a case: the status flow of its kind, the handler, the record, and every change in its history."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.builders import make_manual, make_process, make_routine, make_section
from tests.case_builders import make_case
from tests.conftest import make_user
from wagtail_kvalitet.log_actions import CASE_EDITED, CASE_STATUS, CASE_VIEWED
from wagtail_kvalitet.models import CaseKind, CaseStatus, QualityArea

from .conftest import make_handler, url

pytestmark = pytest.mark.django_db

PERSONAL = {
    "name": "Greta Exempelsson",
    "email": "greta@example.org",
    "phone": "070-1234567",
    "postal_address": "Exempelgatan 1",
}


def handling(case, **changes):
    """The edit form's data as it stands, with ``changes``."""
    data = {
        "status": case.status,
        "handler": case.handler_id or "",
        "investigation": case.investigation,
        "measures": case.measures,
        "answer": case.answer,
        "related_page": case.related_page_id or "",
        "quality_areas": [area.pk for area in case.quality_areas.all()],
    }
    if case.lex_sarah:
        data["lex_sarah"] = "on"
    if case.lex_maria:
        data["lex_maria"] = "on"
    if case.acknowledged_at:
        data["receipt_sent"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def entries(case, action=None):
    logs = ModelLogEntry.objects.filter(content_type__model="feedbackcase", object_id=str(case.pk))
    return list(logs.filter(action=action) if action else logs)


@pytest.fixture
def case(cases):
    case = cases["home_care"]
    case.kind = CaseKind.COMPLAINT
    for name, value in PERSONAL.items():
        setattr(case, name, value)
    case.description = "Personalen kom inte. Min mamma Greta väntade hela dagen."
    case.save()
    return case


@pytest.fixture
def handler_client(client, elderly_handler):
    client.force_login(elderly_handler)
    return client


def test_only_the_statuses_of_the_case_kind_are_offered(handler_client, case, tree):
    form = handler_client.get(url("edit", case)).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "received",
        "investigating",
        "answered",
        "closed",
    ]
    idea = make_case(tree["elderly"], kind=CaseKind.IDEA)
    form = handler_client.get(url("edit", idea)).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "new",
        "assessing",
        "implementing",
        "done",
        "not_pursued",
    ]
    response = handler_client.post(url("edit", idea), handling(idea, status="closed"))
    assert response.status_code == 200 and "status" in response.context["form"].errors
    idea.refresh_from_db()
    assert idea.status == CaseStatus.NEW


def test_moving_a_case_stamps_its_dates_and_logs_the_change(handler_client, case, elderly_handler):
    response = handler_client.post(url("edit", case), handling(case, status="investigating"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    assert case.acknowledged_at is not None and case.answered_at is None
    [entry] = entries(case, CASE_STATUS)
    assert entry.user == elderly_handler
    assert entry.data["changed"]["status"] == ["received", "investigating"]
    assert entry.data["changed"]["acknowledged_at"][0] is None

    handler_client.post(url("edit", case), handling(case, status="answered", answer="Vi har pratat med personalen."))
    case.refresh_from_db()
    assert case.answered_at is not None and case.finished_at is None
    handler_client.post(url("edit", case), handling(case, status="closed"))
    case.refresh_from_db()
    assert case.finished_at is not None
    assert len(entries(case, CASE_STATUS)) == 3


def test_the_record_is_saved_and_each_change_logged_without_its_text(handler_client, case, elderly_handler):
    area = QualityArea.objects.order_by("sort_order").first()
    data = handling(
        case,
        handler=elderly_handler.pk,
        investigation="Greta har ringt in igen.",
        measures="Nytt schema.",
        quality_areas=[area.pk],
        lex_sarah="on",
        receipt_sent="on",
    )
    assert handler_client.post(url("edit", case), data).status_code == 302
    case.refresh_from_db()
    assert case.handler == elderly_handler
    assert case.investigation == "Greta har ringt in igen." and case.measures == "Nytt schema."
    assert list(case.quality_areas.all()) == [area]
    assert case.lex_sarah and not case.lex_maria
    assert case.acknowledged_at is not None
    assert case.status == CaseStatus.RECEIVED
    [entry] = entries(case, CASE_EDITED)
    assert entry.data["changed"]["handler"] == [None, elderly_handler.pk]
    assert entry.data["changed"]["quality_areas"] == [[], [area.code]]
    assert entry.data["changed"]["lex_sarah"] == [False, True]
    assert sorted(entry.data["text_changed"]) == ["investigation", "measures"]
    logged = str(entry.data)
    for text in [*PERSONAL.values(), "Greta", "Nytt schema"]:
        assert text not in logged


def test_saving_without_changes_logs_nothing(handler_client, case):
    handler_client.post(url("edit", case), handling(case))
    assert entries(case, CASE_EDITED) == [] and entries(case, CASE_STATUS) == []


def test_the_senders_details_and_words_cannot_be_changed(handler_client, case):
    before = {name: getattr(case, name) for name in [*PERSONAL, "description", "unit_id", "kind", "reference"]}
    tampered = handling(
        case, name="Någon Annan", email="annan@example.org", description="Allt var bra.", kind="praise", reference="X"
    )
    assert handler_client.post(url("edit", case), tampered).status_code == 302
    case.refresh_from_db()
    assert {name: getattr(case, name) for name in before} == before


def test_the_senders_details_are_shown_to_the_handler(handler_client, case):
    response = handler_client.get(url("edit", case))
    html = response.content.decode()
    for value in PERSONAL.values():
        assert value in html
    assert not {*PERSONAL, "description", "unit", "kind"} & set(response.context["form"].fields)


def test_only_people_who_may_see_the_unit_can_be_handlers(handler_client, case, tree, elderly_handler):
    above = make_handler(tree["admin"])
    other = make_handler(tree["disability"])
    nobody = make_user(is_staff=True)
    form = handler_client.get(url("edit", case)).context["form"]
    choices = set(form.fields["handler"].queryset)
    assert {elderly_handler, above} <= choices
    assert other not in choices and nobody not in choices
    response = handler_client.post(url("edit", case), handling(case, handler=other.pk))
    assert response.status_code == 200 and "handler" in response.context["form"].errors
    case.refresh_from_db()
    assert case.handler is None


def test_the_case_links_to_a_process_or_routine_only(handler_client, case):
    manual = make_manual()
    process = make_process(manual)
    routine = make_routine(process)
    section = make_section(manual)
    for page in (process, routine):
        assert handler_client.post(url("edit", case), handling(case, related_page=page.pk)).status_code == 302
        case.refresh_from_db()
        assert case.related_page_id == page.pk
    response = handler_client.post(url("edit", case), handling(case, related_page=section.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["related_page"] == [gettext("Choose a process or a routine.")]


def test_unticking_the_receipt_clears_it(handler_client, case):
    case.acknowledged_at = timezone.now() - datetime.timedelta(days=1)
    case.save()
    data = handling(case)
    del data["receipt_sent"]
    handler_client.post(url("edit", case), data)
    case.refresh_from_db()
    assert case.acknowledged_at is None


def test_reading_a_case_is_logged(handler_client, case, elderly_handler):
    handler_client.get(url("inspect", case))
    handler_client.get(url("edit", case))
    views = entries(case, CASE_VIEWED)
    assert sorted(entry.data["view"] for entry in views) == ["edit", "inspect"]
    assert all(entry.user == elderly_handler for entry in views)


def test_a_refused_look_is_not_logged_as_a_view(client, case, disability_handler):
    client.force_login(disability_handler)
    client.get(url("inspect", case))
    assert entries(case, CASE_VIEWED) == []


def test_the_history_shows_the_changes(handler_client, case):
    handler_client.post(url("edit", case), handling(case, status="investigating", measures="Nytt schema."))
    html = handler_client.get(url("history", case)).content.decode()
    assert gettext("Status changed") in html
    assert str(CaseStatus.INVESTIGATING.label) in html


def test_the_inspect_view_shows_the_case_and_its_overdue_deadlines(handler_client, tree):
    late = make_case(tree["elderly"], received_at=timezone.now() - datetime.timedelta(days=40), name="Greta")
    html = handler_client.get(url("inspect", late)).content.decode()
    assert late.reference in html and "Greta" in html
    assert gettext("The answer to the sender is overdue.") in html
    assert "kvalitet-overdue" in html


def test_the_case_is_read_in_local_time_and_in_words(handler_client, tree):
    received = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)  # 00:30 on 2 July in Sweden
    case = make_case(tree["home_care"], received_at=received, lex_sarah=True)
    html = handler_client.get(url("inspect", case)).content.decode()
    with timezone.override("Europe/Stockholm"):
        assert date_format(timezone.localtime(received), "DATETIME_FORMAT") in html
    assert "2026-07-01 22:30" not in html
    assert "True" not in html and "False" not in html
    assert gettext("Yes") in html and gettext("No") in html
