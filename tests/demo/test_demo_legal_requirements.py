"""The demo's legal requirement list: realistic, linked to the demo routines, some due and some overdue."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.models import (
    LegalRequirement,
    LegalRequirementListPage,
    LegalRequirementReview,
    RoutinePage,
    Statute,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_legal_requirement_list_for_social_services(site_root):
    summary = build_demo()
    assert summary["requirements_created"] >= 12
    numbers = set(Statute.objects.values_list("number", flat=True))
    assert {"2025:400", "1993:387", "2017:30", "2010:659", "SOSFS 2011:9", "2009:400", "(EU) 2016/679"} <= numbers

    requirements = LegalRequirement.objects.all()
    today = timezone.localdate()
    assert requirements.overdue(today).count() >= 2
    assert requirements.due_within(30, today).count() >= 2
    assert all(item.responsible_person and item.responsible_person.email for item in requirements)
    assert all("Exempel" in item.notes for item in requirements)

    lex_sarah = RoutinePage.objects.get(slug="lex-sarah")
    assert lex_sarah.legal_requirements.count() >= 2
    assert LegalRequirement.objects.filter(routines__isnull=False).distinct().count() >= 10
    assert LegalRequirementReview.objects.count() >= 8
    assert all(item.latest_revision_id for item in requirements)


def test_running_twice_adds_no_requirements(site_root):
    call_command("kvalitet_demo", stdout=open("/dev/null", "w"))
    first = (Statute.objects.count(), LegalRequirement.objects.count(), LegalRequirementReview.objects.count())
    call_command("kvalitet_demo", stdout=open("/dev/null", "w"))
    assert (Statute.objects.count(), LegalRequirement.objects.count(), LegalRequirementReview.objects.count()) == first


def test_staff_read_the_demo_list_on_the_intranet(site_root, client):
    from tests.conftest import make_user

    build_demo()
    page = LegalRequirementListPage.objects.get(slug="lagkrav")
    assert page.live and "exempel" in page.search_description
    assert client.get(page.url).status_code == 302  # behind the intranet login
    client.force_login(make_user())
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Missförhållanden rapporteras och avhjälps" in response.content.decode()
