"""Registering a case that came by phone, letter, email or visit: stored through the one intake, numbered, logged."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.conftest import make_user
from wagtail_kvalitet.log_actions import CASE_REGISTERED
from wagtail_kvalitet.models import CaseStatus, FeedbackCase, QualityArea

from .conftest import grant, make_handler, url

pytestmark = pytest.mark.django_db


def registration(unit, **changes):
    data = {
        "channel": "phone",
        "kind": "complaint",
        "unit": unit.pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "description": "Ringde och berättade att hemtjänsten inte kom i tisdags.",
        "sender_type": "relative",
        "name": "Greta Exempelsson",
        "phone": "070-1234567",
        "wants_answer": "on",
        "contact_method": "phone",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def registrar(tree):
    return make_handler(tree["elderly"])


def test_a_registered_case_gets_its_number_and_deadlines_from_the_intake(client, tree, registrar):
    area = QualityArea.objects.first()
    client.force_login(registrar)
    response = client.post(url("create"), registration(tree["home_care"], quality_areas=[area.pk]))
    case = FeedbackCase.objects.get()
    assert response.status_code == 302 and response.url == url("edit", case)
    assert case.reference.startswith("SYN-")
    assert (case.channel, case.kind, case.status, case.unit) == (
        "phone",
        "complaint",
        CaseStatus.RECEIVED,
        tree["home_care"],
    )
    assert case.receipt_due_on and case.answer_due_on
    assert case.registered_by == registrar
    assert (case.name, case.phone, case.wants_answer) == ("Greta Exempelsson", "070-1234567", True)
    assert list(case.quality_areas.all()) == [area]
    [entry] = ModelLogEntry.objects.filter(action=CASE_REGISTERED, object_id=str(case.pk))
    assert entry.user == registrar
    assert "Greta" not in str(entry.data) and "070" not in str(entry.data)


def test_a_letter_received_earlier_keeps_its_date(client, tree, registrar):
    client.force_login(registrar)
    earlier = timezone.localtime() - datetime.timedelta(days=3)
    client.post(
        url("create"), registration(tree["elderly"], channel="letter", received_at=earlier.strftime("%Y-%m-%d %H:%M"))
    )
    case = FeedbackCase.objects.get()
    assert timezone.localtime(case.received_at).date() == earlier.date()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": ""}, "phone"),
        ({"contact_method": ""}, "contact_method"),
        ({"anonymous": "on"}, "name"),
        ({"description": ""}, "description"),
        ({"received_at": (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")}, "received_at"),
        ({"channel": "web"}, "channel"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_kept(client, tree, registrar, changes, field):
    client.force_login(registrar)
    response = client.post(url("create"), registration(tree["elderly"], **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert form["name"].value() == registration(tree["elderly"], **changes)["name"]
    assert not FeedbackCase.objects.exists()


def test_a_handler_registers_only_for_their_own_units(client, tree, registrar):
    client.force_login(registrar)
    form = client.get(url("create")).context["form"]
    assert set(form.fields["unit"].queryset) == {tree["elderly"], tree["home_care"], tree["nursing_home"]}
    response = client.post(url("create"), registration(tree["group_home"]))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    response = client.post(url("create"), {**registration(tree["elderly"]), "unit": ""})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not FeedbackCase.objects.exists()


def test_registering_needs_the_add_permission(client, tree):
    reader = make_handler(tree["elderly"], permissions=("view_feedbackcase", "change_feedbackcase"))
    client.force_login(reader)
    response = client.post(url("create"), registration(tree["elderly"]))
    assert response.status_code == 302 and response.url != url("index")
    assert not FeedbackCase.objects.exists()


def test_a_registrar_who_cannot_handle_the_case_goes_back_to_the_inbox(client, tree):
    registrar = grant(make_user(is_staff=True), "add_feedbackcase", "view_all_feedbackcases")
    client.force_login(registrar)
    response = client.post(url("create"), registration(tree["group_home"]))
    assert response.status_code == 302 and response.url == url("index")
    assert FeedbackCase.objects.get().registered_by == registrar
