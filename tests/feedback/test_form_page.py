"""The feedback form page: show, send, thank; errors shown again with the answers kept; never cached."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import make_unit
from tests.feedback.form_builders import idea_answers, posted, public_answers, shown_token
from tests.feedback.intake_builders import make_form_page
from wagtail_kvalitet import antispam
from wagtail_kvalitet.models import (
    CaseKind,
    Channel,
    FeedbackCase,
    FeedbackFormPage,
    FormKind,
    QueuedEmail,
    SectionPage,
    SenderType,
)
from wagtail_kvalitet.outbox import CASE_RECEIPT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(site_root):
    return make_form_page(
        site_root,
        intro="<p>Berätta vad du tycker.</p>",
        consent_text="<p>Så hanterar vi dina personuppgifter.</p>",
        notify_email="registrator@exempelvik.example",
    )


def token_in(response):
    return re.search(rf'name="{antispam.TOKEN_FIELD}" value="([^"]+)"', response.content.decode()).group(1)


def assert_never_cached(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control


def test_the_form_page_shows_the_form_intro_consent_and_spam_fields(client, page, tree):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Berätta vad du tycker." in html
    assert html.index("Så hanterar vi dina personuppgifter.") < html.index('type="submit"')
    assert 'name="csrfmiddlewaretoken"' in html
    assert (
        antispam.refusal(response.wsgi_request, {antispam.TOKEN_FIELD: token_in(response)}, now=time.time() + 10)
        is None
    )
    trap = re.search(r'<div class="kvalitet-feedback-form__trap" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert f'name="{antispam.HONEYPOT_FIELD}"' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert escape(gettext("Leave this field empty")) in trap
    assert 'name="kind"' in html and 'name="unit"' in html


def test_the_form_and_the_thank_you_page_are_never_cached(client, page, tree):
    response = client.get(page.url)
    assert_never_cached(response)
    response = client.post(page.url, posted(public_answers()))
    assert_never_cached(response)
    assert_never_cached(client.get(response["Location"]))
    assert_never_cached(client.post(page.url, posted(public_answers(kind=""))))


def page_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    unit_queries = [query for query in queries.captured_queries if "organisationunit" in query["sql"]]
    assert len(unit_queries) == 1
    return len(queries)


def test_the_form_page_needs_as_many_queries_for_50_units_as_for_5(client, page):
    board = make_unit(name="Socialnämnden")
    for _ in range(4):
        make_unit(board)
    client.get(page.url)  # warm Wagtail's site and locale caches
    with_5 = page_queries(client, page)
    for _ in range(45):
        make_unit(board)
    with_50 = page_queries(client, page)
    assert with_5 == with_50


def test_a_valid_submission_is_stored_redirected_and_thanked_with_its_reference(client, page, tree):
    answers = public_answers(
        kind="praise",
        unit=str(tree["home_care"].pk),
        wants_answer="yes",
        contact_method="email",
        name="Anna Andersson",
        email="anna@exempel.example",
        occurred_on="2026-01-15",
    )
    response = client.post(page.url, posted(answers))
    assert response.status_code == 303
    case = FeedbackCase.objects.get()
    assert response["Location"].startswith(page.url + "tack/")
    assert (case.kind, case.unit, case.channel, case.source_page_id) == (
        CaseKind.PRAISE,
        tree["home_care"],
        Channel.WEB,
        page.pk,
    )
    assert (case.wants_answer, case.contact_method, case.email, case.name) == (
        True,
        "email",
        "anna@exempel.example",
        "Anna Andersson",
    )
    assert case.occurred_on.isoformat() == "2026-01-15"
    assert QueuedEmail.objects.filter(case=case, purpose=CASE_RECEIPT).count() == 1

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert f"data-kvalitet-reference>{case.reference}<" in html
    assert escape(case.get_kind_display()) in html
    assert "Vi återkommer inom tio arbetsdagar." in html
    assert escape(gettext("We are sending a receipt with the reference number to your email address.")) in html
    assert "anna@exempel.example" not in html


def test_reloading_the_thank_you_page_sends_nothing_again(client, page, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page.url, posted(public_answers(wants_answer="yes", contact_method="email", email="a@exempel.example"))
        )
    emails, messages = QueuedEmail.objects.count(), len(mail.outbox)
    assert messages >= 1
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.get(response["Location"]).status_code == 200
    assert (FeedbackCase.objects.count(), QueuedEmail.objects.count(), len(mail.outbox)) == (1, emails, messages)


def test_without_an_email_the_thank_you_page_says_to_note_the_number(client, page, tree):
    response = client.post(page.url, posted(public_answers()))
    html = client.get(response["Location"]).content.decode()
    assert FeedbackCase.objects.get().reference in html
    assert escape(gettext("Note the reference number if you want to contact us about this.")) in html


def test_an_invalid_form_is_shown_again_with_errors_answers_and_a_fresh_token(client, page, tree):
    sent_token = shown_token()
    answers = public_answers(
        kind="",
        unit=str(tree["group_home"].pk),
        description="Maten var kall.",
        wants_answer="yes",
        contact_method="email",
        name="Anna Andersson",
    )
    response = client.post(page.url, posted(answers, token=sent_token))
    assert response.status_code == 200
    assert FeedbackCase.objects.count() == 0
    html = response.content.decode()
    # Answers kept.
    assert "Maten var kall.</textarea>" in html
    assert 'value="Anna Andersson"' in html
    assert f'<option value="{tree["group_home"].pk}" selected>' in html
    assert re.search(r'value="email"[^>]*checked', html)
    # The error summary at the top links to the fields, and is focusable.
    summary = re.search(r'<div class="kvalitet-error-summary"[^>]*>.*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in summary
    assert '<a href="#id_kind_0">' in summary
    assert '<a href="#id_email">' in summary
    assert html.index("kvalitet-error-summary") < html.index("<form")
    # The errors next to their fields, linked to them.
    assert 'id="id_email_error"' in html
    assert re.search(
        r'<input type="email" name="email"[^>]*aria-invalid="true"[^>]*aria-describedby="id_email_error"', html
    )
    assert re.search(r'<fieldset class="kvalitet-field__choices" aria-describedby="id_kind_error">', html)
    assert "<title>" + escape(gettext("Error:")) in html
    # The token was spent by the spam check; a new one is given, which works.
    new_token = token_in(response)
    assert new_token != sent_token
    response = client.post(
        page.url, posted({**answers, "kind": "complaint", "email": "a@exempel.example"}, token=new_token)
    )
    assert response.status_code == 303
    assert FeedbackCase.objects.count() == 1


@override_settings(KVALITET_FEEDBACK_MIN_SECONDS=60)
def test_the_new_token_counts_the_time_already_spent(client, page, tree):
    response = client.post(page.url, posted(public_answers(kind=""), token=shown_token(seconds_ago=120)))
    response = client.post(page.url, posted(public_answers(), token=token_in(response)))
    assert response.status_code == 303
    assert FeedbackCase.objects.count() == 1


def test_a_form_left_open_too_long_is_shown_again_to_be_sent_again(client, page, tree):
    too_old = shown_token(seconds_ago=5 * 60 * 60)
    response = client.post(page.url, posted(public_answers(description="Lång text jag skrev."), token=too_old))
    assert response.status_code == 200
    assert FeedbackCase.objects.count() == 0
    html = response.content.decode()
    assert "Lång text jag skrev.</textarea>" in html
    assert (
        escape(
            gettext(
                "The form was open for so long that it has to be sent again, for your security. "
                "Your answers are kept: check them and send the form."
            )
        )
        in html
    )
    assert client.post(page.url, posted(public_answers(), token=token_in(response))).status_code == 303


def test_user_input_is_escaped_when_shown_again(client, page):
    make_unit(name="<script>unit()</script>")
    script = "<script>alert('x')</script>"
    response = client.post(page.url, posted(public_answers(kind="", description=script, name=script)))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<script>unit" not in html
    assert escape(script) in html


def test_the_thank_you_page_escapes_what_it_shows(client, page, tree):
    response = client.post(page.url, posted(public_answers(description="<script>alert(1)</script>")))
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html
    assert "alert(1)" not in html  # the sender's text is not repeated at all


def test_a_forged_or_foreign_thank_you_token_is_not_found(client, page, site_root, tree):
    other = make_form_page(site_root)
    response = client.post(page.url, posted(public_answers()))
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"{page.url}tack/{token[:-3]}abc/").status_code == 404
    assert client.get(f"{other.url}tack/{token}/").status_code == 404
    assert client.get(f"{page.url}tack/{token}/").status_code == 200


def test_an_expired_thank_you_token_is_not_found(client, page, tree, monkeypatch):
    client.post(page.url, posted(public_answers()))
    case = FeedbackCase.objects.get()
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: two_days_ago)
    token = page.thank_you_token(case)
    monkeypatch.undo()
    assert client.get(f"{page.url}tack/{token}/").status_code == 404
    assert client.get(f"{page.url}tack/{page.thank_you_token(case)}/").status_code == 200


def test_the_thank_you_page_only_shows_cases_from_its_own_form(client, page, site_root, tree):
    other = make_form_page(site_root)
    client.post(other.url, posted(public_answers()))
    case = FeedbackCase.objects.get()
    html = client.get(f"{page.url}tack/{page.thank_you_token(case)}/").content.decode()
    assert case.reference not in html


def test_posting_to_the_thank_you_page_is_not_allowed(client, page, tree):
    response = client.post(f"{page.url}tack/{page.thank_you_token()}/", posted(public_answers()))
    assert response.status_code == 405
    assert FeedbackCase.objects.count() == 0


def test_the_ideas_form_creates_an_idea_from_staff(client, site_root, tree):
    page = make_form_page(site_root, form_kind=FormKind.IDEAS)
    html = client.get(page.url).content.decode()
    assert 'name="kind"' not in html and 'name="phone"' not in html
    response = client.post(
        page.url, posted(idea_answers(unit=str(tree["nursing_home"].pk), name="Bo Berg", email="bo@exempelvik.example"))
    )
    assert response.status_code == 303
    case = FeedbackCase.objects.get()
    assert (case.kind, case.sender_type, case.name, case.wants_answer) == (
        CaseKind.IDEA,
        SenderType.STAFF,
        "Bo Berg",
        True,
    )
    assert case.reference.startswith("IDE-")
    html = client.get(response["Location"]).content.decode()
    assert case.reference in html
    assert escape(gettext("Thank you for your idea")) in html


def test_the_form_page_has_no_children_and_can_sit_under_a_section_or_any_page():
    assert FeedbackFormPage.subpage_types == []
    assert FeedbackFormPage.allowed_subpage_models() == []
    assert FeedbackFormPage.can_exist_under(SectionPage())
    assert FeedbackFormPage in SectionPage.allowed_subpage_models()


def test_the_preview_shows_the_form(rf, page, superuser, tree):
    request = rf.get("/")
    request.user = superuser
    response = page.serve_preview(request, page.default_preview_mode)
    response.render()
    assert 'name="description"' in response.content.decode()


def test_the_occurred_on_date_may_be_today(client, page, tree):
    response = client.post(page.url, posted(public_answers(occurred_on=timezone.localdate().isoformat())))
    assert response.status_code == 303


@pytest.mark.parametrize("backend", ["SMTPErrorBackend", "ConnectionRefusedBackend"])
def test_with_the_mail_server_failing_every_accepted_complaint_is_stored_and_thanked(
    client, page, tree, backend, django_capture_on_commit_callbacks
):
    """The sender is told "received" only for a case that is stored, whatever the mail server does."""
    references = []
    with override_settings(EMAIL_BACKEND=f"tests.feedback.email_backends.{backend}"):
        for number in range(3):
            answers = public_answers(
                unit=str(tree["home_care"].pk),
                description=f"Klagomål nummer {number}.",
                wants_answer="yes",
                contact_method="email",
                email=f"avsandare{number}@exempel.example",
            )
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(page.url, posted(answers))
            assert response.status_code == 303
            thanks = client.get(response["Location"])
            references.append(re.search(r"data-kvalitet-reference>([^<]+)<", thanks.content.decode()).group(1))
    assert sorted(FeedbackCase.objects.values_list("reference", flat=True)) == sorted(references)
    assert len(set(references)) == 3
    assert mail.outbox == []
    unsent = QueuedEmail.objects.filter(sent_at__isnull=True)
    assert unsent.filter(purpose=CASE_RECEIPT).count() == 3
    assert all(email.attempts == 1 and email.last_error for email in unsent)
