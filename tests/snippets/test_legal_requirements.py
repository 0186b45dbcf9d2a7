"""The legal requirement register: statutes, requirements with revisions, filters and the overdue marker."""

import datetime

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data

from tests.conftest import make_user
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirement, Statute, StatuteKind

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
ADD_URL = "wagtailsnippets_wagtail_kvalitet_legalrequirement:add"


@pytest.fixture
def statutes():
    return {
        "sol": Statute.objects.create(title="Socialtjänstlag", number="2025:400", kind=StatuteKind.LAW),
        "sosfs": Statute.objects.create(title="Ledningssystem för kvalitet", number="SOSFS 2011:9",
                                        kind=StatuteKind.REGULATION),
    }


def requirement(statute, title, units=(), **fields):
    item = LegalRequirement(statute=statute, title=title, demands="Vi ska …", **fields)
    item.save()
    item.units.set(units)
    item.save()
    return item


def listed(client, **params):
    response = client.get(reverse(LIST_URL), params)
    assert response.status_code == 200
    return {item.title for item in response.context["object_list"]}


def test_next_review_counts_from_the_last_review(statutes):
    item = requirement(statutes["sol"], "Klagomål", last_reviewed=datetime.date(2026, 1, 31), review_interval_months=1)
    assert item.next_review_due == datetime.date(2026, 2, 28)


@override_settings(KVALITET_LEGAL_REVIEW_INTERVAL_MONTHS=6)
def test_default_interval_comes_from_settings(statutes):
    assert LegalRequirement(statute=statutes["sol"]).review_interval_months == 6


def test_creating_in_the_admin_keeps_a_revision(admin_client, statutes, tree, superuser):
    response = admin_client.post(
        reverse(ADD_URL),
        nested_form_data({
            "statute": statutes["sosfs"].pk, "reference": "5 kap. 6 §", "title": "Ta emot klagomål",
            "demands": "Vi tar emot och utreder klagomål.", "responsible_person": superuser.pk,
            "responsible_function": "Socialchef", "how_met": "Rutin för synpunkter.", "status": "met",
            "review_interval_months": "12", "last_reviewed": "2026-03-01", "next_review_due": "", "notes": "",
        }) | {"units": [tree["elderly"].pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = LegalRequirement.objects.get(title="Ta emot klagomål")
    assert item.next_review_due == datetime.date(2027, 3, 1)
    assert list(item.units.all()) == [tree["elderly"]]
    revision = item.revisions.get()
    assert revision.user == superuser and revision.content["title"] == "Ta emot klagomål"


def test_filters(admin_client, statutes, tree):
    today = timezone.localdate()
    owner = make_user(first_name="Karin", last_name="Lund")
    requirement(statutes["sol"], "Bistånd", responsible_person=owner, status=ComplianceStatus.MET,
                next_review_due=today + datetime.timedelta(days=200))
    requirement(statutes["sosfs"], "Riskanalys", units=[tree["elderly"]], status=ComplianceStatus.PARTLY_MET,
                next_review_due=today - datetime.timedelta(days=1))
    requirement(statutes["sosfs"], "Egenkontroll", units=[tree["disability"]],
                next_review_due=today + datetime.timedelta(days=10))
    assert listed(admin_client, statute=statutes["sosfs"].pk) == {"Riskanalys", "Egenkontroll"}
    assert listed(admin_client, unit=tree["home_care"].pk) == {"Bistånd", "Riskanalys"}  # above it, or everywhere
    assert listed(admin_client, responsible_person=owner.pk) == {"Bistånd"}
    assert listed(admin_client, status="partly-met") == {"Riskanalys"}
    assert listed(admin_client, review="overdue") == {"Riskanalys"}
    assert listed(admin_client, review="due") == {"Riskanalys", "Egenkontroll"}
    assert listed(admin_client, q="riskanalys") == {"Riskanalys"}


def test_overdue_requirements_are_marked_in_words(admin_client, statutes):
    requirement(statutes["sol"], "Riskbedömning", next_review_due=timezone.localdate() - datetime.timedelta(days=3))
    requirement(statutes["sol"], "Journalföring", next_review_due=timezone.localdate() + datetime.timedelta(days=90))
    html = admin_client.get(reverse(LIST_URL)).content.decode()
    rows = {title: row for row in html.split("<tr")[1:] for title in ("Riskbedömning", "Journalföring") if title in row}
    assert "Försenad" in rows["Riskbedömning"] and "w-status" in rows["Riskbedömning"]
    assert "Försenad" not in rows["Journalföring"]


def test_user_without_permission_cannot_list_or_add(client, statutes):
    user = make_user(is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (reverse(LIST_URL), reverse(ADD_URL)):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
