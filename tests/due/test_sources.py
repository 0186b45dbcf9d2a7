"""Each reminder source's items for one person and their units: own items, units below, horizon, units."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import make_user
from tests.due import builders
from wagtail_kvalitet.annual_cycle.reminders import annual_activity_source
from wagtail_kvalitet.due.collect import collect
from wagtail_kvalitet.escalation import OrgChart
from wagtail_kvalitet.feedback.reminders import case_answer_source
from wagtail_kvalitet.goals.reminders import measurement_due_source
from wagtail_kvalitet.legal_reminders import legal_review_source
from wagtail_kvalitet.models import ActivityCompletion
from wagtail_kvalitet.review_reminders import page_review_source

pytestmark = pytest.mark.django_db


def items(source, user, today=None, horizon_days=30):
    today = today or timezone.localdate()
    unit_ids = OrgChart().units_below(user)
    found = list(source.get_items_for(user, unit_ids, today, today + datetime.timedelta(days=horizon_days)))
    return {item.obj.pk: item for item in found}


@pytest.fixture
def people(tree):
    """An area manager of elderly care, a unit manager of one unit in it, a staff member and an outsider."""
    area_manager, unit_manager, staff, outsider = (make_user() for _ in range(4))
    tree["elderly"].manager = area_manager
    tree["elderly"].save()
    tree["home_care"].manager = unit_manager
    tree["home_care"].save()
    tree["group_home"].manager = outsider
    tree["group_home"].save()
    return {"area": area_manager, "unit": unit_manager, "staff": staff, "outsider": outsider, **tree}


def test_legal_requirements(people):
    own = builders.legal(5, person=people["staff"])
    of_unit = builders.legal(-3, person=people["outsider"], units=[people["home_care"], people["elderly"]])
    elsewhere = builders.legal(5, person=people["outsider"], units=[people["group_home"]])
    far = builders.legal(90, person=people["staff"])

    assert set(items(legal_review_source, people["staff"])) == {own.pk}
    area = items(legal_review_source, people["area"])
    assert set(area) == {of_unit.pk}
    assert area[of_unit.pk].recipient == people["outsider"]
    assert elsewhere.pk not in items(legal_review_source, people["unit"]) and far.pk not in area
    assert legal_review_source.get_unit(of_unit) == people["elderly"]
    assert legal_review_source.get_unit(own) is None


def test_cases(people):
    own = builders.case(3, unit=people["group_home"], handler=people["staff"])
    untaken = builders.case(-2, unit=people["home_care"])
    elsewhere = builders.case(3, unit=people["group_home"], handler=people["outsider"])
    far = builders.case(60, unit=people["home_care"])

    assert set(items(case_answer_source, people["staff"])) == {own.pk}
    # The unit's manager answers for a case nobody has taken; the area manager sees it as their unit's.
    assert set(items(case_answer_source, people["unit"])) == {untaken.pk}
    area = items(case_answer_source, people["area"])
    assert set(area) == {untaken.pk} and area[untaken.pk].recipient == people["unit"]
    assert elsewhere.pk not in area and far.pk not in area
    assert case_answer_source.get_unit(untaken) == people["home_care"]


def test_figures(people):
    own = builders.figure(people["group_home"], owner=people["staff"])
    of_unit = builders.figure(people["nursing_home"], owner=people["outsider"])
    elsewhere = builders.figure(people["group_home"], owner=people["outsider"])

    assert {obj.indicator for obj in (item.obj for item in items(measurement_due_source, people["staff"]).values())} \
        == {own}
    area = items(measurement_due_source, people["area"]).values()
    assert {item.obj.indicator for item in area} == {of_unit}
    assert [item.recipient for item in area] == [people["outsider"]]
    assert elsewhere not in {item.obj.indicator for item in area}
    figure = next(iter(area)).obj
    assert measurement_due_source.get_unit(figure) == people["nursing_home"]


def test_pages(people):
    manual = builders.make_manual()
    own = builders.page(10, owner=people["staff"], unit=people["group_home"], parent=manual)
    of_unit = builders.page(-40, owner=people["outsider"], unit=people["home_care"], parent=manual)
    gone = builders.page(-1, owner=make_user(is_active=False), unit=people["home_care"], parent=manual)
    far = builders.page(100, owner=people["staff"], parent=manual)

    assert set(items(page_review_source, people["staff"])) == {own.pk}
    assert set(items(page_review_source, people["unit"])) == {of_unit.pk, gone.pk}
    area = items(page_review_source, people["area"])
    assert set(area) == {of_unit.pk, gone.pk} and area[gone.pk].recipient == people["unit"]
    assert far.pk not in items(page_review_source, people["staff"], horizon_days=30)
    assert page_review_source.get_unit(own).pk == people["group_home"].pk
    assert page_review_source.get_url(own).endswith(f"/pages/{own.pk}/edit/")


def test_activities(people):
    today = datetime.date(2026, 3, 10)
    cycle = builders.cycle()
    own = builders.activity(cycle, datetime.date(2026, 3, 20), people["group_home"], person=people["staff"])
    of_unit = builders.activity(cycle, datetime.date(2026, 2, 1), people["home_care"])
    done = builders.activity(cycle, datetime.date(2026, 3, 1), people["home_care"])
    ActivityCompletion.objects.create(activity=done, occurs_on=datetime.date(2026, 3, 1))
    june = builders.activity(cycle, datetime.date(2026, 6, 1), people["home_care"])

    # This year's and, within a year back, last year's occurrence if it was never marked done.
    own_items = items(annual_activity_source, people["staff"], today)
    assert set(own_items) == {f"{own.pk}:2026-03-20", f"{own.pk}:2025-03-20"}
    area = items(annual_activity_source, people["area"], today)
    # Not: 2025-02-01 and 2025-03-01 (more than a year ago), 2026-03-01 (done), 2026-06-01 (beyond the horizon).
    assert set(area) == {f"{of_unit.pk}:2026-02-01", f"{june.pk}:2025-06-01"}
    occurrence = area[f"{of_unit.pk}:2026-02-01"]
    assert occurrence.recipient == people["unit"] and occurrence.due_on == datetime.date(2026, 2, 1)
    assert annual_activity_source.get_unit(occurrence.obj) == people["home_care"]
    assert f"{of_unit.pk}:2025-02-01" not in area  # older than a year: not chased


def test_an_unpublished_cycle_is_not_listed(people):
    cycle = builders.cycle()
    builders.activity(cycle, datetime.date(2026, 3, 20), people["group_home"], person=people["staff"])
    cycle.unpublish()
    assert items(annual_activity_source, people["staff"], datetime.date(2026, 3, 10)) == {}


def build_items(people, count):
    manual = builders.make_manual()
    cycle = builders.cycle()
    for n in range(count):
        unit = people["home_care"] if n % 2 else people["nursing_home"]
        builders.legal(n % 20 - 5, person=people["staff"], units=[unit])
        builders.case(n % 20 - 5, unit=unit)
        builders.figure(unit, owner=people["staff"])
        builders.page(n % 20 - 5, owner=people["staff"], unit=unit, parent=manual)
        builders.activity(cycle, timezone.localdate() + datetime.timedelta(days=n % 20 + 1), unit)


def test_collect_runs_the_same_queries_for_few_and_many(people):
    build_items(people, 2)
    chart = OrgChart()
    with CaptureQueriesContext(connection) as few:
        small = collect(people["area"], chart=chart)
        [(entry.description, entry.path, entry.unit, entry.recipient_name) for entry in small]
    build_items(people, 10)
    with CaptureQueriesContext(connection) as many:
        large = collect(people["area"], chart=chart)
        [(entry.description, entry.path, entry.unit, entry.recipient_name) for entry in large]
    assert len(large) > len(small) >= 10
    assert {entry.source.topic for entry in large} >= {
        "legal-review", "case-answer", "measurement-due", "page-review", "annual-activity"
    }
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
