"""Marking legal requirements reviewed in the admin, one at a time or in bulk, and the visible review history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from tests.conftest import make_user
from tests.snippets.legal_review_builders import bulk_url, make_admin_user, make_requirement, message_texts, swedish
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirement, LegalRequirementReview
from wagtail_kvalitet.models.governance import add_months
from wagtail_kvalitet.snippets.legal_reviews import COMMENT_MAX_LENGTH, MarkReviewedBulkAction, review_url
from wagtail_kvalitet.snippets.panels import review_history

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
EDIT_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"
ADD_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:add"


def short(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def past_review(requirement, days_ago, **fields):
    fields.setdefault("reviewer_name", "Karin Lund")
    fields.setdefault("outcome", ComplianceStatus.PARTLY_MET)
    reviewed_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    return LegalRequirementReview.objects.create(
        requirement=requirement, reviewed_on=reviewed_on, next_review_due=add_months(reviewed_on, 12), **fields
    )


@pytest.fixture
def reviewer():
    return make_admin_user("view", "change", first_name="Eva", last_name="Berg")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_review_page_shows_the_requirement_its_history_and_the_form(reviewer_client):
    item = make_requirement(title="Dokumentation av insatser", demands="Insatser dokumenteras löpande.",
                            reference="11 kap. 5 §", status=ComplianceStatus.PARTLY_MET,
                            next_review_due=timezone.localdate() - datetime.timedelta(days=2))
    past_review(item, 400, comment="Brister i journalföringen på Tallgården.")
    past_review(item, 30, comment="Åtgärdat efter utbildning.", reviewer_name="Olle Ek")
    response = reviewer_client.get(review_url(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Insatser dokumenteras löpande." in html and str(item.statute) in html and "11 kap. 5 §" in html
    assert "Försenad" in html  # the overdue marker beside the next review date
    form = response.context["form"]
    assert form["outcome"].value() == ComplianceStatus.PARTLY_MET
    assert form["reviewed_on"].value() == timezone.localdate()
    table = html[html.index('<table class="listing kvalitet-review-history"'):]
    table = table[:table.index("</table>")]
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    assert table.index("Åtgärdat efter utbildning.") < table.index("Brister i journalföringen"), "newest first"
    assert "Olle Ek" in table


def test_marking_reviewed_records_who_when_outcome_and_comment(reviewer_client, reviewer):
    item = make_requirement(status=ComplianceStatus.NOT_ASSESSED, review_interval_months=6,
                            next_review_due=timezone.localdate() - datetime.timedelta(days=10))
    on = timezone.localdate() - datetime.timedelta(days=3)
    listing = reverse(LIST_URL) + "?review=overdue&p=2"
    response = reviewer_client.post(review_url(item, listing), {
        "outcome": ComplianceStatus.MET, "reviewed_on": on.isoformat(), "comment": "Rutinen följs, stickprov 10 av 10.",
    })
    assert response.status_code == 302 and response.url == listing  # back to the filtered listing

    item.refresh_from_db()
    assert (item.status, item.last_reviewed, item.next_review_due) == (ComplianceStatus.MET, on, add_months(on, 6))
    review = item.reviews.get()
    assert (review.reviewed_by, review.reviewer_name, review.reviewed_on) == (reviewer, "Eva Berg", on)
    assert (review.outcome, review.comment) == (ComplianceStatus.MET, "Rutinen följs, stickprov 10 av 10.")
    assert review.next_review_due == add_months(on, 6)
    revision = item.revisions.get()
    assert revision.user == reviewer and revision.content["last_reviewed"] == on.isoformat()
    assert item.latest_revision_id == revision.pk
    entry = ModelLogEntry.objects.get(object_id=str(item.pk), action="wagtail_kvalitet.mark_reviewed")
    assert entry.user == reviewer and entry.data["comment"] == "Rutinen följs, stickprov 10 av 10."
    assert message_texts(response) == [
        swedish("'%(requirement)s' marked reviewed. The next review is due on %(date)s.")
        % {"requirement": item, "date": short(add_months(on, 6))} + " " + swedish("Edit")
    ]


def test_an_unsafe_next_url_is_ignored(reviewer_client):
    item = make_requirement()
    response = reviewer_client.post(review_url(item, "https://elsewhere.example/"), {
        "outcome": ComplianceStatus.MET, "reviewed_on": timezone.localdate().isoformat(), "comment": "",
    })
    assert response.status_code == 302 and response.url == reverse(LIST_URL)
    assert item.reviews.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"reviewed_on": "tomorrow"}, "reviewed_on", "future"),
        ({"reviewed_on": "2026-02-30"}, "reviewed_on", "invalid"),
        ({"reviewed_on": "before-last"}, "reviewed_on", "before_last_review"),
        ({"outcome": "perfect"}, "outcome", "invalid_choice"),
        ({"comment": "x" * (COMMENT_MAX_LENGTH + 1)}, "comment", "max_length"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_recorded(reviewer_client, data, field, code):
    today = timezone.localdate()
    last = today - datetime.timedelta(days=20)
    item = make_requirement(status=ComplianceStatus.MET, last_reviewed=last)
    due = item.next_review_due
    post = {"outcome": ComplianceStatus.MET, "reviewed_on": today.isoformat(), "comment": "Kontrollerat.", **data}
    post["reviewed_on"] = {
        "tomorrow": (today + datetime.timedelta(days=1)).isoformat(),
        "before-last": (last - datetime.timedelta(days=1)).isoformat(),
    }.get(post["reviewed_on"], post["reviewed_on"])
    response = reviewer_client.post(review_url(item), post)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    html = response.content.decode()
    for message in response.context["form"].errors[field]:
        assert escape(message) in html
    assert response.context["form"]["comment"].value() == post["comment"], "what was typed is kept"
    item.refresh_from_db()
    assert (item.last_reviewed, item.next_review_due) == (last, due)
    assert not item.reviews.exists() and not item.revisions.exists()


def test_edit_view_shows_the_history_panel_newest_first(admin_client):
    item = make_requirement()
    past_review(item, 700, comment="Första granskningen.")
    past_review(item, 5, comment="Senaste granskningen.", outcome=ComplianceStatus.MET)
    html = admin_client.get(reverse(EDIT_URL, args=[item.pk])).content.decode()
    table = html[html.index('<table class="listing kvalitet-review-history"'):]
    table = table[:table.index("</table>")]
    assert table.index("Senaste granskningen.") < table.index("Första granskningen.")
    assert "<caption" in table and "Karin Lund" in table and "Uppfyllt" in table


def test_the_history_costs_one_query_however_long_it_is(admin_client):
    short_history, long_history = make_requirement(), make_requirement()
    past_review(short_history, 10)
    for days_ago in range(10, 400, 40):
        past_review(long_history, days_ago)

    def edit_queries(item):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse(EDIT_URL, args=[item.pk])).status_code == 200
        return len(queries)

    edit_queries(short_history)  # warm caches (content types, site) before counting
    assert edit_queries(short_history) == edit_queries(long_history)
    with CaptureQueriesContext(connection) as queries:
        assert len(review_history(long_history)) == 10
    assert len(queries) == 1


def test_a_new_requirement_has_no_history_panel(admin_client):
    response = admin_client.get(reverse(ADD_URL))
    assert response.status_code == 200
    assert "kvalitet-review-history" not in response.content.decode()


def test_mark_reviewed_is_offered_on_each_row_and_in_the_edit_header(reviewer_client):
    item = make_requirement(title="Samtycke")
    html = reviewer_client.get(reverse(LIST_URL), {"status": "not-assessed"}).content.decode()
    link = review_url(item, reverse(LIST_URL) + "?status=not-assessed").replace("&", "&amp;")
    assert f'href="{link}"' in html
    html = reviewer_client.get(reverse(EDIT_URL, args=[item.pk])).content.decode()
    assert f'href="{review_url(item, reverse(EDIT_URL, args=[item.pk]))}"'.replace("&", "&amp;") in html


def test_bulk_review_confirms_then_reviews_each_keeping_its_compliance(reviewer_client, reviewer):
    today = timezone.localdate()
    met = make_requirement(status=ComplianceStatus.MET, review_interval_months=12)
    partly = make_requirement(status=ComplianceStatus.PARTLY_MET, review_interval_months=3)
    untouched = make_requirement()
    listing = reverse(LIST_URL) + "?review=due"

    response = reviewer_client.get(bulk_url([met, partly], next=listing))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(met) in html and str(partly) in html and str(untouched) not in html
    assert response.context["form"]["outcome"].value() == "keep"

    response = reviewer_client.post(bulk_url([met, partly], next=listing), {
        "outcome": "keep", "comment": "Årlig genomgång i ledningsgruppen.",
    })
    assert response.status_code == 302 and response.url == listing
    for item, status, months in ((met, ComplianceStatus.MET, 12), (partly, ComplianceStatus.PARTLY_MET, 3)):
        item.refresh_from_db()
        assert (item.status, item.last_reviewed, item.next_review_due) == (status, today, add_months(today, months))
        review = item.reviews.get()
        assert (review.reviewed_by, review.outcome, review.comment) == (
            reviewer, status, "Årlig genomgång i ledningsgruppen.")
        assert item.revisions.count() == 1
        assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="wagtail_kvalitet.mark_reviewed").exists()
    assert not untouched.reviews.exists()
    assert message_texts(response) == [
        swedish("%(count)d legal requirement marked reviewed.", "%(count)d legal requirements marked reviewed.", 2)
    ]


def test_bulk_review_can_set_one_outcome_for_all(reviewer_client):
    items = [make_requirement(status=ComplianceStatus.MET), make_requirement(status=ComplianceStatus.NOT_ASSESSED)]
    response = reviewer_client.post(bulk_url(items), {"outcome": ComplianceStatus.NOT_MET, "comment": ""})
    assert response.status_code == 302
    assert set(LegalRequirement.objects.values_list("status", flat=True)) == {ComplianceStatus.NOT_MET}
    assert set(LegalRequirementReview.objects.values_list("outcome", flat=True)) == {ComplianceStatus.NOT_MET}


@pytest.mark.parametrize(
    ("listing", "reviewed"),
    [
        ({"status": "met"}, {"Bistånd", "Journalföring"}),
        ({"status": "met", "q": "journal"}, {"Journalföring"}),
        ({}, {"Bistånd", "Journalföring", "Riskanalys"}),
        ({"status": "excellent"}, set()),
    ],
)
def test_selecting_all_in_the_listing_keeps_its_filters_and_search(reviewer_client, listing, reviewed):
    for title, status in (("Bistånd", "met"), ("Journalföring", "met"), ("Riskanalys", "not-met")):
        make_requirement(title=title, status=status)
    query = "&".join(f"{key}={value}" for key, value in listing.items())
    url = bulk_url([]) + "id=all" + (f"&{query}" if query else "")
    reviewer_client.post(url, {"outcome": "keep", "comment": "Allt i listan."})
    assert set(LegalRequirement.objects.filter(reviews__isnull=False).values_list("title", flat=True)) == reviewed


def test_bulk_review_refuses_bad_input_and_records_nothing(reviewer_client):
    item = make_requirement()
    response = reviewer_client.post(bulk_url([item]), {"outcome": "perfect", "comment": "x" * (COMMENT_MAX_LENGTH + 1)})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["outcome"]] == ["invalid_choice"]
    assert [error.code for error in errors["comment"]] == ["max_length"]
    assert not LegalRequirementReview.objects.exists()


@pytest.fixture
def only_own_requirements(monkeypatch):
    """A host site's instance rule: a user may change only requirements they answer for.

    Wagtail's default policy for the register is per model; this stands in for a site that
    registers a finer one, to show the bulk action asks about each requirement.
    """
    policy = policy_registry.get_by_type(LegalRequirement)
    model_rule = policy.user_has_permission_for_instance

    def own_only(user, action, instance):
        return model_rule(user, action, instance) and instance.responsible_person_id == user.pk

    monkeypatch.setattr(policy, "user_has_permission_for_instance", own_only)


def test_bulk_review_reviews_what_the_user_may_change_and_refuses_the_rest(
    only_own_requirements, reviewer_client, reviewer
):
    own = make_requirement(responsible_person=reviewer)
    other = make_requirement(responsible_person=make_user(), next_review_due=datetime.date(2026, 1, 1))

    page = reviewer_client.get(bulk_url([own, other])).content.decode()
    to_review, not_allowed = page.split('<table class="listing">', 1)[1].split("</table>", 1)
    not_allowed = not_allowed.split("<form")[0]
    assert str(own) in to_review and str(own) not in not_allowed
    assert str(other) in not_allowed and str(other) not in to_review

    response = reviewer_client.post(bulk_url([own, other]), {"outcome": "keep", "comment": "Genomgång."})
    assert response.status_code == 302
    assert own.reviews.count() == 1
    other.refresh_from_db()
    assert not other.reviews.exists() and other.next_review_due == datetime.date(2026, 1, 1)
    assert message_texts(response) == [
        swedish("%(count)d legal requirement marked reviewed.", "%(count)d legal requirements marked reviewed.", 1),
        swedish("%(count)d legal requirement was not reviewed: you may not change it.",
                "%(count)d legal requirements were not reviewed: you may not change them.", 1),
    ]


def test_bulk_review_of_only_refused_requirements_says_so(only_own_requirements, reviewer_client):
    other = make_requirement(responsible_person=make_user())
    response = reviewer_client.post(bulk_url([other]), {"outcome": "keep", "comment": ""})
    assert response.status_code == 302
    assert not other.reviews.exists()
    assert message_texts(response) == [swedish("You may not review any of the selected legal requirements.")]


def test_bulk_review_is_offered_on_the_legal_requirement_listing_only(admin_client):
    def actions(model_name):
        return {action.action_type for action in bulk_action_registry.get_bulk_actions_for_model("wagtail_kvalitet",
                                                                                                  model_name)}

    assert MarkReviewedBulkAction.action_type in actions("legalrequirement")
    assert MarkReviewedBulkAction.action_type not in actions("statute")
    assert MarkReviewedBulkAction.action_type not in actions("organisationunit")
    other = reverse("wagtail_bulk_action", args=("wagtail_kvalitet", "statute", "mark_reviewed"))
    assert admin_client.get(other).status_code == 404
    html = admin_client.get(reverse(LIST_URL)).content.decode()
    assert reverse("wagtail_bulk_action", args=("wagtail_kvalitet", "legalrequirement", "mark_reviewed")) in html
