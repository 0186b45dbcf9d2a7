"""Figures about cases: complaints and other feedback, lex Sarah and lex Maria, measures, ideas, compilations.

Cases are the board's: those of units at or below it (all cases, with or without a unit, when the
manual has no board). "Received in the year" and "finished in the year" compare the stored moment
with the site's local days from 1 January to the *as of* date. Every case figure comes from one
query of conditional counts, so twenty thousand cases are read once.

A complaint is *answered in time* when it was answered (or, without an answer date, finished) on or
before its answer deadline, by the local date; only complaints whose deadline has come by the *as
of* date are judged. An idea is *implemented* when it is done and was finished in the year.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, Trim

from ...goals.periods import Frequency, Period
from ...models.feedback import CaseKind, CaseStatus, FeedbackCase
from ...models.self_assessment import CaseCompilation
from ...reports.local_dates import LocalDate


def figures(scope):
    return {**case_figures(scope), "quarters_compiled": quarters_compiled(scope)}


def case_figures(scope):
    received = scope.moment_in_year("received_at")
    finished = scope.moment_in_year("finished_at")
    idea = Q(kind=CaseKind.IDEA)
    complaint_due = received & Q(kind=CaseKind.COMPLAINT, answer_due_on__lte=scope.as_of)
    counts = (
        FeedbackCase.objects.filter(scope.in_board("unit"))
        .filter(received | finished)
        .order_by()
        .annotate(
            answered_on=LocalDate(Coalesce("answered_at", "finished_at"), (scope.year, scope.year + 1)),
            measures_text=Trim("measures"),
        )
        .aggregate(
            feedback_received=Count("pk", filter=received & ~idea),
            complaints_received=Count("pk", filter=received & Q(kind=CaseKind.COMPLAINT)),
            complaints_due=Count("pk", filter=complaint_due),
            complaints_in_time=Count("pk", filter=complaint_due & Q(answered_on__lte=F("answer_due_on"))),
            lex_reports=Count("pk", filter=received & (Q(lex_sarah=True) | Q(lex_maria=True))),
            finished_cases=Count("pk", filter=finished & ~idea),
            finished_with_measures=Count("pk", filter=finished & ~idea & ~Q(measures_text="")),
            ideas_received=Count("pk", filter=received & idea),
            ideas_implemented=Count("pk", filter=finished & idea & Q(status=CaseStatus.DONE)),
        )
    )
    return {
        "feedback_received": (counts["feedback_received"], None),
        "complaints_received": (counts["complaints_received"], None),
        "complaints_answered_in_time": (counts["complaints_in_time"], counts["complaints_due"]),
        "lex_reports": (counts["lex_reports"], None),
        "cases_with_measures": (counts["finished_with_measures"], counts["finished_cases"]),
        "ideas_received": (counts["ideas_received"], None),
        "ideas_implemented": (counts["ideas_implemented"], None),
    }


def quarters_compiled(scope):
    """Of the quarters ended by the *as of* date, those a compilation presented by then covers.

    A compilation counts for the board when it is for every unit, or for the board or a unit above
    it; without a board, only compilations for every unit count.
    """
    quarters = [Period(scope.year, Frequency.QUARTER, number) for number in range(1, 5)]
    ended = [quarter for quarter in quarters if quarter.end <= scope.as_of]
    if not ended:
        return (0, 0)
    whose = Q(unit__isnull=True)
    if scope.board_path is not None:
        whose |= Q(unit__path__in=scope.board_and_ancestor_paths)
    periods = list(
        CaseCompilation.objects.filter(
            whose,
            presented_on__lte=scope.as_of,
            period_start__lte=ended[-1].start,
            period_end__gte=ended[0].end,
        )
        .order_by()
        .values_list("period_start", "period_end")
    )
    covered = sum(
        1 for quarter in ended if any(start <= quarter.start and end >= quarter.end for start, end in periods)
    )
    return (covered, len(ended))
