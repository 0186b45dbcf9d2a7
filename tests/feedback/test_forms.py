"""The feedback forms' questions: what is asked, what is refused, and what is kept of the answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import make_unit
from tests.feedback.form_builders import idea_answers, public_answers
from wagtail_kvalitet.feedback.forms import IdeaForm, PublicFeedbackForm, form_class_for
from wagtail_kvalitet.models import CaseKind, ContactMethod, FormKind, SenderType
from wagtail_kvalitet.models.feedback import DESCRIPTION_MAX_LENGTH

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Anna Andersson",
    "email": "anna@exempel.example",
    "phone": "070-123 45 67",
    "postal_address": "Storgatan 1",
}


def public(**answers):
    form = PublicFeedbackForm(public_answers(**answers))
    form.is_valid()
    return form


def test_a_complete_answer_becomes_the_fields_of_a_case(tree):
    form = public(kind="praise", unit=str(tree["home_care"].pk), occurred_on="2026-01-15")
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert fields["kind"] == CaseKind.PRAISE
    assert fields["unit"] == tree["home_care"]
    assert fields["occurred_on"] == datetime.date(2026, 1, 15)
    assert fields["sender_type"] == SenderType.RELATIVE
    assert fields["wants_answer"] is False
    assert fields["anonymous"] is False


def test_i_dont_know_means_no_unit():
    form = public(unit="")
    assert form.is_valid(), form.errors
    assert form.case_fields()["unit"] is None


def test_the_public_form_offers_the_public_kinds_only():
    assert [value for value, _label in PublicFeedbackForm().fields["kind"].choices] == list(CaseKind.public())
    form = public(kind=CaseKind.IDEA)
    assert "kind" in form.errors


def test_contact_details_without_wanting_an_answer_are_not_kept():
    form = public(wants_answer="no", contact_method="email", **CONTACT)
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert [fields[name] for name in ("name", "email", "phone", "postal_address", "contact_method")] == [""] * 5
    assert fields["wants_answer"] is False


def test_a_mistyped_email_that_is_not_needed_does_not_stop_the_form():
    form = public(wants_answer="no", email="not an address")
    assert form.is_valid(), form.errors
    assert form.case_fields()["email"] == ""


def test_anonymous_drops_name_and_contact_details():
    form = public(anonymous="on", **CONTACT)
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert fields["anonymous"] is True
    assert [fields[name] for name in ("name", "email", "phone", "postal_address")] == [""] * 4
    assert fields["wants_answer"] is False


def test_anonymous_and_an_answer_is_explained_next_to_the_answer_question():
    form = public(anonymous="on", wants_answer="yes", contact_method="email", **CONTACT)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["wants_answer"]] == ["anonymous_answer"]
    message = form.errors["wants_answer"][0]
    assert gettext("No") in message and gettext("Send anonymously") in message  # names the choices to change


def test_an_answer_by_email_needs_an_email_address():
    form = public(wants_answer="yes", contact_method="email", name="Anna")
    assert not form.is_valid()
    assert form.errors["email"] == [gettext("Enter your email address, so that we can answer you by email.")]
    assert set(form.errors) == {"email"}


@pytest.mark.parametrize(
    "method, field",
    [(ContactMethod.PHONE, "phone"), (ContactMethod.LETTER, "postal_address"), (ContactMethod.EMAIL, "email")],
)
def test_each_way_of_answering_needs_its_own_detail(method, field):
    form = public(wants_answer="yes", contact_method=method)
    assert set(form.errors) == {field}
    form = public(wants_answer="yes", contact_method=method, **{field: CONTACT[field]})
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert (fields["wants_answer"], fields["contact_method"], fields[field]) == (True, method, CONTACT[field])


def test_wanting_an_answer_means_choosing_how():
    form = public(wants_answer="yes", **CONTACT)
    assert form.errors["contact_method"] == [gettext("Choose how you want your answer.")]


def test_someone_who_wants_an_answer_keeps_the_details_they_gave():
    form = public(wants_answer="yes", contact_method="phone", **CONTACT)
    assert form.is_valid(), form.errors
    assert {name: form.case_fields()[name] for name in CONTACT} == CONTACT


def test_a_date_in_the_future_is_refused_and_today_is_not():
    today = timezone.localdate()
    assert public(occurred_on=today.isoformat()).is_valid()
    form = public(occurred_on=(today + datetime.timedelta(days=1)).isoformat())
    assert form.errors["occurred_on"] == [gettext("The date cannot be in the future.")]


def test_the_date_field_does_not_offer_days_after_today():
    html = str(PublicFeedbackForm()["occurred_on"])
    assert f'max="{timezone.localdate().isoformat()}"' in html
    assert 'type="date"' in html


def test_an_over_long_description_is_refused():
    assert public(description="a" * DESCRIPTION_MAX_LENGTH).is_valid()
    form = public(description="a" * (DESCRIPTION_MAX_LENGTH + 1))
    assert [error.code for error in form.errors.as_data()["description"]] == ["max_length"]


def test_a_line_break_counts_as_one_character_as_in_the_browser():
    text = "a" * 2500 + "\r\n" + "a" * (DESCRIPTION_MAX_LENGTH - 2501)
    form = public(description=text)
    assert form.is_valid(), form.errors
    assert form.case_fields()["description"] == text.replace("\r\n", "\n")


def test_a_description_of_spaces_only_is_refused():
    form = public(description="   \n  ")
    assert form.errors["description"] == [gettext("Describe what happened or what you think.")]


def test_the_kind_and_the_sender_are_required():
    form = public(kind="", sender_type="")
    assert set(form.errors) == {"kind", "sender_type"}


def test_every_text_field_has_a_maximum_length_and_contact_fields_autocomplete():
    form = PublicFeedbackForm()
    expected = {
        "description": (DESCRIPTION_MAX_LENGTH, None),
        "name": (200, "name"),
        "email": (254, "email"),
        "phone": (40, "tel"),
        "postal_address": (500, "street-address"),
    }
    for name, (max_length, autocomplete) in expected.items():
        html = str(form[name])
        assert f'maxlength="{max_length}"' in html, name
        if autocomplete:
            assert f'autocomplete="{autocomplete}"' in html, name


def test_the_unit_list_is_the_tree_indented_by_level_in_one_query(tree):
    for number in range(20):
        make_unit(tree["elderly"], name=f"Boende {number}")
    form = PublicFeedbackForm()
    with CaptureQueriesContext(connection) as queries:
        html = str(form["unit"])
    assert len(queries) == 1
    options = html.split("<option")[1:]
    assert 'value=""' in options[0] and escape(gettext("I don't know")) in options[0]
    assert ">Socialnämnden</option>" in html
    assert ">" + "\u00a0" * 8 + "Äldreomsorg</option>" in html
    assert ">" + "\u00a0" * 12 + "Hemtjänst Norr</option>" in html
    assert len(options) == 1 + 7 + 20


def test_the_form_kind_chooses_the_questions():
    assert form_class_for(FormKind.PUBLIC) is PublicFeedbackForm
    assert form_class_for(FormKind.IDEAS) is IdeaForm


def test_an_idea_is_from_staff_and_asks_for_an_answer_when_an_email_is_given(tree):
    form = IdeaForm(idea_answers(unit=str(tree["nursing_home"].pk), name="Bo Berg", email="bo@exempelvik.example"))
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert fields["kind"] == CaseKind.IDEA
    assert fields["sender_type"] == SenderType.STAFF
    assert (fields["name"], fields["email"]) == ("Bo Berg", "bo@exempelvik.example")
    assert (fields["wants_answer"], fields["contact_method"]) == (True, ContactMethod.EMAIL)
    assert "kind" not in IdeaForm().fields and "phone" not in IdeaForm().fields


def test_an_idea_without_email_wants_no_answer_but_keeps_the_name():
    form = IdeaForm(idea_answers(name="Bo Berg"))
    assert form.is_valid(), form.errors
    fields = form.case_fields()
    assert (fields["name"], fields["wants_answer"], fields["contact_method"]) == ("Bo Berg", False, "")


def test_an_anonymous_idea_keeps_no_name_and_cannot_ask_for_an_answer():
    form = IdeaForm(idea_answers(name="Bo Berg", anonymous="on"))
    assert form.is_valid(), form.errors
    assert (form.case_fields()["name"], form.case_fields()["anonymous"]) == ("", True)
    form = IdeaForm(idea_answers(email="bo@exempelvik.example", anonymous="on"))
    assert [error.code for error in form.errors.as_data()["email"]] == ["anonymous_answer"]
