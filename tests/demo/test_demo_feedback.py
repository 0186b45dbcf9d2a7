"""The demo's cases: both form pages, who handles what, and a year of cases for the inbox and the board's report."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from wagtail.models import PageViewRestriction

from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.demo.feedback import DEMO_MARK
from wagtail_kvalitet.models import (
    CaseAccess,
    CaseKind,
    CaseStatus,
    FeedbackCase,
    FeedbackFormPage,
    FormKind,
    ReferenceSequence,
)
from wagtail_kvalitet.reminders import plan_reminders

pytestmark = pytest.mark.django_db


def quarter(moment):
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3


def test_the_demo_has_a_public_form_and_an_ideas_form_behind_the_intranet_login(site_root):
    summary = build_demo()
    public = FeedbackFormPage.objects.get(form_kind=FormKind.PUBLIC)
    ideas = FeedbackFormPage.objects.get(form_kind=FormKind.IDEAS)
    assert public.live and ideas.live
    assert public.get_parent().pk == summary["public"].pk
    assert ideas.get_parent().pk == summary["intranet"].pk
    assert [restriction.restriction_type for restriction in ideas.get_view_restrictions()] == [
        PageViewRestriction.LOGIN
    ]
    assert not public.get_view_restrictions().exists()
    for page in (public, ideas):
        assert page.intro and page.consent_text and page.thank_you_text
        assert "exempel" in page.intro.lower()


def test_the_demo_has_a_year_of_varied_cases(site_root):
    summary = build_demo()
    cases = FeedbackCase.objects.all()
    assert 150 <= summary["cases_created"] == cases.count() <= 250
    assert all(case.description.endswith(DEMO_MARK) for case in cases)
    now = timezone.now()
    assert not cases.filter(received_at__gt=now).exists()
    assert not cases.filter(received_at__lt=now - datetime.timedelta(days=366)).exists()
    # The quarterly report has something in each of the last four quarters.
    quarters = {quarter(now - datetime.timedelta(days=91 * back)) for back in range(4)}
    received = {quarter(moment) for moment in cases.values_list("received_at", flat=True)}
    assert quarters <= received

    assert set(cases.values_list("kind", flat=True)) == set(CaseKind.values)
    assert cases.values("unit").distinct().count() >= 8 and cases.filter(unit=None).exists()
    assert cases.values("sender_type").distinct().count() >= 5
    assert cases.values("channel").distinct().count() >= 4
    assert cases.filter(quality_areas__isnull=True).count() == 0
    assert cases.values("quality_areas").distinct().count() == 7
    assert cases.filter(anonymous=True).count() >= 40
    assert cases.filter(anonymous=True).exclude(name="", email="", phone="").count() == 0
    statuses = set(cases.values_list("status", flat=True))
    assert {CaseStatus.RECEIVED, CaseStatus.INVESTIGATING, CaseStatus.CLOSED, CaseStatus.DONE} <= statuses
    assert cases.filter(kind=CaseKind.IDEA, status=CaseStatus.DONE).count() >= 5
    assert cases.exclude(measures="").count() >= 20
    assert cases.open().overdue().count() >= 3
    # Handling dates as the inbox would stamp them.
    for case in cases.filter(status__in=[CaseStatus.CLOSED, CaseStatus.DONE, CaseStatus.NOT_PURSUED]):
        assert case.received_at < case.acknowledged_at <= case.answered_at <= case.finished_at <= now
    assert not cases.exclude(status__in=[CaseStatus.CLOSED, CaseStatus.DONE, CaseStatus.NOT_PURSUED]).filter(
        finished_at__isnull=False
    ).exists()


def test_reference_numbers_are_gap_free_per_year_in_date_order(site_root):
    build_demo()
    for prefix in ("SYN", "IDE"):
        by_year = {}
        for reference, received_at in FeedbackCase.objects.filter(reference__startswith=prefix).order_by(
            "received_at", "pk"
        ).values_list("reference", "received_at"):
            match = re.fullmatch(rf"{prefix}-(\d{{4}})-(\d{{5}})", reference)
            assert match and int(match[1]) == timezone.localtime(received_at).year
            by_year.setdefault(int(match[1]), []).append(int(match[2]))
        for year, numbers in by_year.items():
            assert numbers == list(range(1, len(numbers) + 1))
            assert ReferenceSequence.objects.get(prefix=prefix, year=year).last_number == len(numbers)


def test_unit_managers_handle_their_units_and_a_quality_developer_sees_all(site_root):
    build_demo()
    from django.contrib.auth import get_user_model

    sara = get_user_model().objects.get(username="exempel.sara.ek")
    assert set(CaseAccess.objects.filter(user=sara).values_list("unit__code", flat=True)) == {"AO-HTN", "AO-HTS"}
    visible = FeedbackCase.objects.visible_to(sara)
    assert visible.exists() and set(visible.values_list("unit__code", flat=True)) <= {"AO-HTN", "AO-HTS"}
    quality = get_user_model().objects.get(username="exempel.nora.strand")
    assert FeedbackCase.objects.visible_to(quality).count() == FeedbackCase.objects.count()
    # Open cases reach their handler, or the unit's manager, through the reminders.
    assert {reminder.source.topic for reminder in plan_reminders()} >= {"case-receipt", "case-answer"}


def test_building_twice_adds_no_cases_pages_or_access(site_root):
    call_command("kvalitet_demo", stdout=open("/dev/null", "w"))

    def counts():
        return (
            FeedbackCase.objects.count(),
            FeedbackCase.quality_areas.through.objects.count(),
            FeedbackFormPage.objects.count(),
            CaseAccess.objects.count(),
            list(ReferenceSequence.objects.values_list("prefix", "year", "last_number")),
        )

    first = counts()
    assert build_demo()["cases_created"] == 0
    assert counts() == first


def test_the_cases_are_the_same_on_every_build(site_root):
    build_demo()
    kinds = list(FeedbackCase.objects.order_by("reference").values_list("kind", "status", "unit__code"))
    FeedbackCase.quality_areas.through.objects.all().delete()
    FeedbackCase.objects.all().delete()
    ReferenceSequence.objects.all().delete()
    build_demo()
    assert list(FeedbackCase.objects.order_by("reference").values_list("kind", "status", "unit__code")) == kinds
    assert FeedbackCase.objects.values("kind").annotate(n=Count("pk")).count() == len(CaseKind.values)
