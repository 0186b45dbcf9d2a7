"""``LocalDate`` gives the same local date as Django's ``TruncDate`` and Python, across summer time."""

import datetime

import pytest
from django.db.models.functions import TruncDate
from django.utils import timezone

from tests.case_builders import make_case
from wagtail_kvalitet.models import FeedbackCase
from wagtail_kvalitet.reports.local_dates import LocalDate, offsets

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def moments():
    """Every half hour around the 2025 transitions in Stockholm, around midnight, and years away."""
    around = [
        datetime.datetime(2025, 3, 29, 21, tzinfo=UTC),  # spring forward at 01:00 UTC on 30 March
        datetime.datetime(2025, 10, 25, 20, tzinfo=UTC),  # fall back at 01:00 UTC on 26 October
        datetime.datetime(2024, 12, 31, 21, tzinfo=UTC),
        datetime.datetime(2025, 6, 30, 20, tzinfo=UTC),
    ]
    for start in around:
        for step in range(12):
            yield start + datetime.timedelta(minutes=30 * step)
    yield datetime.datetime(2025, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)
    yield datetime.datetime(2025, 7, 1, 22, 0, 0, tzinfo=UTC)
    yield datetime.datetime(2031, 7, 1, 22, 30, tzinfo=UTC)  # beyond the listed transitions
    yield datetime.datetime(1999, 12, 31, 23, 30, tzinfo=UTC)


def test_local_date_agrees_with_trunc_date_and_python(tree):
    expected = {}
    for moment in moments():
        case = make_case(tree["home_care"], received_at=moment, acknowledged_at=moment)
        expected[case.pk] = timezone.localdate(moment)
    rows = FeedbackCase.objects.annotate(
        ours=LocalDate("acknowledged_at", (2025, 2025)), django=TruncDate("acknowledged_at")
    ).values_list("pk", "ours", "django")
    for pk, ours, django in rows:
        assert ours == django == expected[pk], pk


def test_null_stays_null(tree):
    make_case(tree["home_care"], acknowledged_at=None)
    assert FeedbackCase.objects.annotate(day=LocalDate("acknowledged_at", (2025, 2025))).get().day is None


def test_offsets_of_stockholm():
    segments = offsets("Europe/Stockholm", 2025, 2025)
    assert segments == [
        (None, 3600),
        (datetime.datetime(2025, 3, 30, 1, tzinfo=UTC), 7200),
        (datetime.datetime(2025, 10, 26, 1, tzinfo=UTC), 3600),
    ]
    assert offsets("UTC", 2020, 2030) == [(None, 0)]
