"""The figures of the board's compilation of cases: counted in the database, beside the previous period.

The board compares quarters, so each count must land in the right period by the local date of
receipt, deadlines must be judged by local dates, a handler must only ever be counted the cases
they may see, and the queries must not grow with the number of cases.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from tests.case_builders import make_case
from tests.conftest import make_unit, make_user
from wagtail_kvalitet.feedback.deadlines import working_days_between
from wagtail_kvalitet.models import CaseKind, CaseStatus, FeedbackCase, QualityArea, UnitKind
from wagtail_kvalitet.models.feedback import CaseAccess, Channel, SenderType
from wagtail_kvalitet.reports import case_statistics
from wagtail_kvalitet.reports.case_statistics import CaseStatistics, weighted_median
from wagtail_kvalitet.reports.periods import Period

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = Period.quarter(2025, 1)
TODAY = D(2025, 5, 5)


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def utc(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def stats(cases=None, period=Q1, **kwargs):
    kwargs.setdefault("today", TODAY)
    return CaseStatistics(FeedbackCase.objects.all() if cases is None else cases, period, **kwargs)


def counts(breakdown):
    return {line.label: (line.current, line.previous) for line in breakdown.lines}


def figures(items):
    return {figure.label: (figure.current, figure.previous) for figure in items}


def test_counts_by_kind_beside_the_previous_period(tree):
    unit = tree["home_care"]
    for _ in range(3):
        make_case(unit, received_at=local(2025, 2, 1))
    make_case(unit, kind=CaseKind.PRAISE, received_at=local(2025, 3, 31, 23, 59))
    make_case(unit, received_at=local(2024, 11, 1))
    make_case(unit, kind=CaseKind.IDEA, received_at=local(2024, 10, 1, 0, 0))
    make_case(unit, received_at=local(2025, 4, 1, 0, 0))  # next quarter
    make_case(unit, received_at=local(2024, 9, 30, 23, 59))  # before the previous quarter

    by_kind = stats().by_kind
    assert counts(by_kind)[str(CaseKind.COMPLAINT.label)] == (3, 1)
    assert counts(by_kind)[str(CaseKind.PRAISE.label)] == (1, 0)
    assert counts(by_kind)[str(CaseKind.IDEA.label)] == (0, 1)
    assert [line.label for line in by_kind.lines] == [str(label) for label in CaseKind.labels]
    assert (by_kind.total.current, by_kind.total.previous, by_kind.total.change) == (4, 2, 2)
    assert by_kind.lines[0].change_text == "+2"
    assert by_kind.lines[-1].change_text == "\u22121"


def test_periods_follow_the_local_date_of_receipt(tree):
    unit = tree["home_care"]
    # 23:30 UTC on 31 December is 00:30 on 1 January in Stockholm: the first quarter.
    make_case(unit, received_at=utc(2024, 12, 31, 23, 30))
    # 22:30 UTC on 31 December is 23:30 on New Year's Eve in Stockholm: the previous quarter.
    make_case(unit, received_at=utc(2024, 12, 31, 22, 30))
    # 22:30 UTC on 31 March is 00:30 on 1 April in Stockholm (summer time): outside.
    make_case(unit, received_at=utc(2025, 3, 31, 22, 30))
    assert counts(stats().by_kind)[str(CaseKind.COMPLAINT.label)] == (1, 1)


def test_counts_by_sender_and_channel_with_not_stated(tree):
    unit = tree["home_care"]
    make_case(unit, received_at=local(2025, 1, 5), sender_type=SenderType.RELATIVE, channel=Channel.PHONE)
    make_case(unit, received_at=local(2025, 1, 6), sender_type=SenderType.RELATIVE)
    make_case(unit, received_at=local(2025, 1, 7), sender_type="")
    make_case(unit, received_at=local(2024, 12, 7), sender_type=SenderType.STAFF, channel=Channel.LETTER)
    report = stats()
    senders = counts(report.by_sender_type)
    assert senders[str(SenderType.RELATIVE.label)] == (2, 0)
    assert senders[str(SenderType.STAFF.label)] == (0, 1)
    assert senders[gettext("Not stated")] == (1, 0)
    channels = counts(report.by_channel)
    assert channels[str(Channel.WEB.label)] == (2, 0)
    assert channels[str(Channel.PHONE.label)] == (1, 0)
    assert channels[str(Channel.LETTER.label)] == (0, 1)


def test_counts_by_quality_area_count_each_area_of_a_case_and_the_unclassified(tree):
    first, second, third = QualityArea.objects.order_by("sort_order")[:3]
    unit = tree["home_care"]
    make_case(unit, received_at=local(2025, 1, 5), quality_areas=[first, second])
    make_case(unit, received_at=local(2025, 1, 6), quality_areas=[first])
    make_case(unit, received_at=local(2025, 1, 7))
    make_case(unit, received_at=local(2024, 12, 7), quality_areas=[third])
    breakdown = stats().by_quality_area
    lines = counts(breakdown)
    assert lines[first.name] == (2, 0)
    assert lines[second.name] == (1, 0)
    assert lines[third.name] == (0, 1)
    assert lines[gettext("Unclassified")] == (1, 0)
    assert [line.label for line in breakdown.lines][:-1] == list(QualityArea.objects.values_list("name", flat=True))
    assert breakdown.note


def test_counts_by_unit_show_the_tree_and_roll_up_to_areas(tree):
    loose = make_unit(tree["admin"], name="Bemanningsenheten", code="BEM")
    make_case(tree["home_care"], received_at=local(2025, 1, 5))
    make_case(tree["home_care"], received_at=local(2025, 1, 6))
    make_case(tree["nursing_home"], received_at=local(2024, 12, 6))
    make_case(tree["group_home"], received_at=local(2025, 2, 6))
    make_case(loose, received_at=local(2025, 2, 7))
    make_case(None, received_at=local(2025, 2, 8))
    report = stats()

    by_unit = report.by_unit
    assert [(line.label, line.level, line.current, line.previous) for line in by_unit.lines] == [
        ("Socialnämnden", 0, 0, 0),
        ("Socialförvaltningen", 1, 0, 0),
        ("Äldreomsorg", 2, 0, 0),
        ("Hemtjänst Norr", 3, 2, 0),
        ("Tallgården", 3, 0, 1),
        ("Funktionsstöd", 2, 0, 0),
        ("Linden", 3, 1, 0),
        ("Bemanningsenheten", 2, 1, 0),
        (gettext("Unit not known"), 0, 1, 0),
    ]
    assert (by_unit.total.current, by_unit.total.previous) == (5, 1)

    assert counts(report.by_area) == {
        "Äldreomsorg": (2, 1),
        "Funktionsstöd": (1, 0),
        gettext("Not within an area"): (1, 0),
        gettext("Unit not known"): (1, 0),
    }


def test_a_unit_narrows_to_it_and_the_units_below(tree):
    make_case(tree["home_care"], received_at=local(2025, 1, 5))
    make_case(tree["elderly"], received_at=local(2025, 1, 5))
    make_case(tree["group_home"], received_at=local(2025, 1, 6))
    make_case(None, received_at=local(2025, 1, 6))
    report = stats(unit=tree["elderly"])
    assert report.by_kind.total.current == 2
    assert [(line.label, line.level) for line in report.by_unit.lines] == [("Äldreomsorg", 0), ("Hemtjänst Norr", 1)]
    assert counts(report.by_area) == {"Äldreomsorg": (2, 0)}


def test_a_handler_is_counted_only_the_cases_of_their_units(tree):
    handler = make_user()
    CaseAccess.objects.create(user=handler, unit=tree["elderly"])
    make_case(tree["home_care"], received_at=local(2025, 1, 5))
    make_case(tree["group_home"], received_at=local(2025, 1, 6))
    make_case(None, received_at=local(2025, 1, 6))
    report = stats(FeedbackCase.objects.visible_to(handler))
    assert report.by_kind.total.current == 1
    assert [line.label for line in report.by_unit.lines] == ["Socialnämnden", "Socialförvaltningen", "Äldreomsorg",
                                                             "Hemtjänst Norr"]
    assert report.handling[0].current == 1
    assert stats(FeedbackCase.objects.visible_to(make_user())).by_kind.total.current == 0


def handled(unit, received, *, acknowledged=None, answered=None, receipt_due=None, answer_due=None, **fields):
    fields.setdefault("status", CaseStatus.ANSWERED if answered else CaseStatus.RECEIVED)
    return make_case(
        unit,
        received_at=received,
        acknowledged_at=acknowledged,
        answered_at=answered,
        receipt_due_on=receipt_due,
        answer_due_on=answer_due,
        **fields,
    )


def test_deadlines_are_judged_by_the_local_date(tree):
    unit = tree["home_care"]
    received = local(2025, 1, 8)
    due = D(2025, 1, 10)
    # 22:30 UTC on the due date is 23:30 in Stockholm: in time.
    handled(unit, received, acknowledged=utc(2025, 1, 10, 22, 30), answered=utc(2025, 1, 10, 22, 30),
            receipt_due=due, answer_due=due)
    # 23:30 UTC on the due date is already the next day in Stockholm: late.
    handled(unit, received, acknowledged=utc(2025, 1, 10, 23, 30), answered=utc(2025, 1, 10, 23, 30),
            receipt_due=due, answer_due=due)
    result = figures(stats().handling)
    assert result[gettext("Receipt confirmed within the deadline")] == (50.0, None)
    assert result[gettext("Answered within the deadline")] == (50.0, None)


def test_shares_count_only_cases_that_were_handled_or_are_past_their_deadline(tree):
    unit = tree["home_care"]
    today = D(2025, 3, 20)
    # Confirmed in time, answered late.
    handled(unit, local(2025, 3, 3), acknowledged=local(2025, 3, 4), answered=local(2025, 3, 19),
            receipt_due=D(2025, 3, 5), answer_due=D(2025, 3, 17))
    # Never confirmed and past the receipt deadline: late; its answer deadline is still ahead.
    handled(unit, local(2025, 3, 10), receipt_due=D(2025, 3, 12), answer_due=D(2025, 3, 24))
    # Nothing due yet: not measured at all.
    handled(unit, local(2025, 3, 19), receipt_due=D(2025, 3, 21), answer_due=D(2025, 4, 2))
    # No deadlines recorded: not measured.
    handled(unit, local(2025, 3, 1), acknowledged=local(2025, 3, 2))
    # Previous quarter: confirmed and answered in time.
    handled(unit, local(2024, 12, 2), acknowledged=local(2024, 12, 2), answered=local(2024, 12, 5),
            receipt_due=D(2024, 12, 4), answer_due=D(2024, 12, 16))
    result = figures(stats(today=today).handling)
    assert result[gettext("Receipt confirmed within the deadline")] == (50.0, 100.0)
    assert result[gettext("Answered within the deadline")] == (0.0, 100.0)
    change = {figure.label: figure for figure in stats(today=today).handling}
    assert change[gettext("Receipt confirmed within the deadline")].change == -50.0


def test_handling_times_are_median_and_mean_working_days(tree):
    unit = tree["home_care"]
    # Monday to Wednesday: 2. Friday to Monday: 1. 2 January to 7 January, over a weekend and
    # Epiphany: 2. The received and answered times are late and early UTC to test the local date.
    pairs = [
        (utc(2025, 1, 13, 6), utc(2025, 1, 15, 22, 30)),
        (utc(2025, 1, 16, 23, 30), utc(2025, 1, 20, 8)),
        (local(2025, 1, 2), local(2025, 1, 7)),
    ]
    for received, answered in pairs:
        handled(unit, received, acknowledged=received, answered=answered)
    handled(unit, local(2025, 1, 20))  # not answered: not in the times
    handled(unit, local(2024, 12, 2), acknowledged=local(2024, 12, 2), answered=local(2024, 12, 16))
    handled(unit, local(2025, 1, 3), kind=CaseKind.IDEA, status=CaseStatus.DONE, answered=local(2025, 3, 3))

    expected = [
        working_days_between(timezone.localdate(received), timezone.localdate(answered)) for received, answered in pairs
    ]
    assert expected == [2, 1, 2]
    result = figures(stats().handling)
    assert result[gettext("Median time to answer")] == (2, 10)
    assert result[gettext("Average time to answer")] == (1.7, 10.0)


def test_weighted_median():
    assert weighted_median([]) is None
    assert weighted_median([(5, 0)]) is None
    assert weighted_median([(3, 1), (1, 2)]) == 1
    assert weighted_median([(1, 1), (3, 1)]) == 2
    assert weighted_median([(4, 2), (1, 1), (9, 1)]) == 4


def test_open_and_overdue_agree_with_the_case_rules(tree):
    unit = tree["home_care"]
    today = D(2025, 3, 20)
    cases = [
        handled(unit, local(2025, 3, 3), receipt_due=D(2025, 3, 5), answer_due=D(2025, 3, 17)),
        handled(unit, local(2025, 3, 3), acknowledged=local(2025, 3, 4), receipt_due=D(2025, 3, 5),
                answer_due=D(2025, 3, 17), status=CaseStatus.INVESTIGATING),
        handled(unit, local(2025, 3, 3), acknowledged=local(2025, 3, 4), receipt_due=D(2025, 3, 5),
                answer_due=D(2025, 3, 30), status=CaseStatus.INVESTIGATING),
        handled(unit, local(2025, 3, 3), acknowledged=local(2025, 3, 4), answered=local(2025, 3, 19),
                receipt_due=D(2025, 3, 5), answer_due=D(2025, 3, 17)),
        handled(unit, local(2025, 3, 3), acknowledged=local(2025, 3, 4), answered=local(2025, 3, 19),
                receipt_due=D(2025, 3, 5), answer_due=D(2025, 3, 17), status=CaseStatus.CLOSED,
                finished_at=local(2025, 3, 19)),
        handled(unit, local(2025, 3, 19), receipt_due=D(2025, 3, 21), answer_due=D(2025, 4, 2)),
    ]
    result = figures(stats(today=today).handling)
    open_cases = FeedbackCase.objects.open().count()
    overdue = FeedbackCase.objects.overdue(today).count()
    assert (open_cases, overdue) == (5, 2)
    assert result[gettext("Still open")] == (open_cases, 0)
    assert result[gettext("Still open and overdue")] == (overdue, 0)
    assert [case.is_overdue(today) for case in cases].count(True) == overdue


def test_lex_sarah_and_lex_maria(tree):
    unit = tree["home_care"]
    make_case(unit, received_at=local(2025, 1, 5), lex_sarah=True)
    make_case(unit, received_at=local(2025, 1, 5), lex_sarah=True, lex_maria=True)
    make_case(unit, received_at=local(2024, 12, 5), lex_maria=True)
    result = figures(stats().handling)
    assert result[gettext("To assess under lex Sarah")] == (2, 0)
    assert result[gettext("To assess under lex Maria")] == (1, 1)


def test_ideas_received_implemented_and_by_status(tree):
    unit = tree["home_care"]
    for status in [CaseStatus.NEW, CaseStatus.DONE, CaseStatus.DONE, CaseStatus.NOT_PURSUED]:
        make_case(unit, kind=CaseKind.IDEA, status=status, received_at=local(2025, 2, 5))
    make_case(unit, kind=CaseKind.IDEA, status=CaseStatus.IMPLEMENTING, received_at=local(2024, 12, 5))
    make_case(unit, received_at=local(2025, 2, 5))  # a complaint: not an idea
    report = stats()
    assert figures(report.ideas) == {
        gettext("Improvement ideas received"): (4, 1),
        gettext("Implemented"): (2, 0),
    }
    assert counts(report.ideas_by_status) == {
        str(CaseStatus.NEW.label): (1, 0),
        str(CaseStatus.ASSESSING.label): (0, 0),
        str(CaseStatus.IMPLEMENTING.label): (0, 1),
        str(CaseStatus.DONE.label): (2, 0),
        str(CaseStatus.NOT_PURSUED.label): (1, 0),
    }
    assert figures(report.handling)[gettext("Complaints, comments, praise and suggestions received")] == (1, 0)


def test_measures_list_the_period_s_cases_with_measures_and_no_personal_data(tree):
    area = QualityArea.objects.order_by("sort_order").first()
    make_case(tree["home_care"], received_at=local(2025, 2, 5), measures="Ny rutin för nattpatrull.",
              quality_areas=[area], name="Anna Andersson", email="anna@exempelvik.example",
              description="Hemligt om Zelmira.")
    make_case(None, received_at=local(2025, 1, 5), measures="Utbildning i bemötande.")
    make_case(tree["home_care"], received_at=local(2025, 2, 6))  # no measures
    make_case(tree["home_care"], received_at=local(2024, 12, 6), measures="Förra kvartalet.")
    report = stats()
    assert report.measures_count == 2
    assert [(row["unit"], row["quality_areas"], row["measures"]) for row in report.measures] == [
        (gettext("Unit not known"), gettext("Unclassified"), "Utbildning i bemötande."),
        ("Hemtjänst Norr", area.name, "Ny rutin för nattpatrull."),
    ]
    assert set(report.measures[0]) == {"reference", "kind", "received_on", "unit", "quality_areas", "measures"}
    assert "Anna Andersson" not in str(report.measures) and "Zelmira" not in str(report.measures)


def test_the_measures_on_the_page_are_limited(tree, monkeypatch):
    monkeypatch.setattr(case_statistics, "MEASURES_LIMIT", 3)
    for day in range(1, 6):
        make_case(tree["home_care"], received_at=local(2025, 1, day), measures=f"Åtgärd {day}")
    report = stats()
    assert report.measures_count == 5
    assert [row["measures"] for row in report.measures] == ["Åtgärd 1", "Åtgärd 2", "Åtgärd 3"]


def everything(report):
    report.handling  # noqa: B018
    report.ideas  # noqa: B018
    report.measures  # noqa: B018
    report.measures_count  # noqa: B018
    for breakdown in report.breakdowns():
        breakdown.lines  # noqa: B018


def build_cases(tree, count):
    areas = list(QualityArea.objects.all())
    units = [tree["home_care"], tree["nursing_home"], tree["group_home"], None]
    for n in range(count):
        received = local(2025, 1 + n % 3, 1 + n % 28) if n % 4 else local(2024, 12, 1 + n % 28)
        make_case(
            units[n % 4],
            kind=CaseKind.values[n % 5],
            status=CaseStatus.NEW if n % 5 == 4 else CaseStatus.ANSWERED,
            received_at=received,
            acknowledged_at=received + datetime.timedelta(days=n % 4),
            answered_at=received + datetime.timedelta(days=n % 12),
            quality_areas=areas[n % 3 : n % 3 + 2],
            measures=f"Åtgärd {n}" if n % 2 else "",
            sender_type=SenderType.values[n % 7],
        )


def queries_for(user):
    with CaptureQueriesContext(connection) as captured:
        everything(stats(FeedbackCase.objects.visible_to(user), unit=None))
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_number_of_cases(tree):
    handler = make_user()
    CaseAccess.objects.create(user=handler, unit=tree["admin"])
    handler.has_perm("wagtail_kvalitet.view_all_feedbackcases")  # the user's permissions are cached from here
    build_cases(tree, 4)
    few = queries_for(handler)
    build_cases(tree, 60)
    assert FeedbackCase.objects.count() == 64
    assert queries_for(handler) == few
    assert few <= 14


def test_units_of_another_kind_list_do_not_break_area_roll_up(tree):
    """A unit placed directly under the board (no area above it) is counted outside the areas."""
    unit = make_unit(tree["board"], name="Stab", code="STAB", kind=UnitKind.ADMINISTRATION)
    make_case(unit, received_at=local(2025, 1, 5))
    assert counts(stats().by_area) == {gettext("Not within an area"): (1, 0)}
