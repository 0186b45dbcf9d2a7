"""The figures of the board's compilation of cases, counted in the database, beside the previous period.

SOSFS 2011:9 asks that complaints and ideas be compiled and analysed for trends, so every count
comes with the same count for the period just before. The figures come from five grouped queries
over both periods at once (conditional counts), each grouped by values from a fixed vocabulary
(kind, sender, channel, status; unit; quality area; deadline and handling dates), so the number
of queries, and of rows they return, is the same for ten cases or a hundred thousand. Reading the
cases once per query rather than once per table is what keeps the report fast on SQLite.
"""

import statistics
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from ..feedback.deadlines import working_days_between
from ..models.aggregates import joined, split_joined
from ..models.feedback import (
    ANSWERED_STATUSES,
    FINISHED_STATUSES,
    IDEA_FLOW,
    CaseKind,
    CaseStatus,
    Channel,
    SenderType,
)
from ..models.organisation import OrganisationUnit, UnitKind
from ..models.quality_areas import QualityArea
from .local_dates import LocalDate

#: Cases with measures listed on the report page; the export lists them all.
MEASURES_LIMIT = 200


@dataclass
class Line:
    """One line of a breakdown: a label and its count in this period and the previous one."""

    label: str
    current: int = 0
    previous: int = 0
    #: Depth below the top of the shown tree, for unit lines; 0 elsewhere.
    level: int = 0

    @property
    def change(self):
        return self.current - self.previous

    @property
    def change_text(self):
        return signed(self.change)


@dataclass
class Figure:
    """A handling figure: a count, a share in per cent or a number of days, beside the previous period.

    ``None`` means there was nothing to measure (no case had reached its deadline, say).
    """

    label: str
    current: float | None
    previous: float | None
    kind: str = "count"
    help_text: str = ""

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return round(self.current - self.previous, 1)

    def text(self, value):
        if value is None:
            return "–"
        if self.kind == "percent":
            return gettext("%(value)s %%") % {"value": formats.number_format(value, 1)}
        if self.kind == "days":
            return formats.number_format(value, 1)
        return formats.number_format(value)

    @property
    def current_text(self):
        return self.text(self.current)

    @property
    def previous_text(self):
        return self.text(self.previous)

    @property
    def change_text(self):
        change = self.change
        if change is None:
            return "–"
        if self.kind == "percent":
            return gettext("%(value)s percentage points") % {"value": signed(change, 1)}
        return signed(change, 1 if self.kind == "days" else None)


@dataclass
class Breakdown:
    """A table of the report: its lines and, where the lines can overlap, a note saying so."""

    key: str
    title: str
    #: The heading of the label column, e.g. "Unit".
    heading: str
    lines: list = field(default_factory=list)
    note: str = ""

    @property
    def total(self):
        return Line(gettext("Total"), sum(x.current for x in self.lines), sum(x.previous for x in self.lines))


def signed(value, decimals=None):
    """A change with its sign, as the board reads it: +3, −2 (a real minus sign), 0."""
    text = formats.number_format(abs(value), decimals)
    if value > 0:
        return "+" + text
    if value < 0:
        return "\u2212" + text
    return text


def share(part, whole):
    return None if not whole else round(100 * part / whole, 1)


@lru_cache(maxsize=16384)
def handling_days(received_on, answered_on):
    """Working days from receipt to answer; never negative, whatever a mistyped date says."""
    return max(working_days_between(received_on, answered_on), 0)


def weighted_median(values):
    """Median of ``(value, weight)`` pairs, as ``statistics.median`` of the expanded list would give."""
    values = sorted((value, weight) for value, weight in values if weight)
    total = sum(weight for _value, weight in values)
    if not total:
        return None

    def nth(index):
        seen = 0
        for value, weight in values:
            seen += weight
            if index < seen:
                return value
        return values[-1][0]

    if total % 2:
        return nth(total // 2)
    return statistics.mean([nth(total // 2 - 1), nth(total // 2)])


class CaseStatistics:
    """The report's figures for the cases in ``cases`` received in ``period``, beside ``period.previous()``.

    ``cases`` is already what the user may see (``FeedbackCase.objects.visible_to(user)``); ``unit``
    narrows it to a unit and the units below it. Deadline figures are counted as of ``today``.
    """

    #: The columns of the one query that gives the kind, sender, channel and status breakdowns.
    CHOICE_FIELDS = ("kind", "sender_type", "channel", "status")

    def __init__(self, cases, period, *, unit=None, today=None):
        self.period = period
        self.previous_period = period.previous()
        self.unit = unit
        self.today = today or timezone.localdate()
        start, end = period.bounds()
        previous_start, _previous_end = self.previous_period.bounds()
        if unit is not None:
            cases = cases.filter(unit__path__startswith=unit.path)
        self.cases = cases.filter(received_at__gte=previous_start, received_at__lt=end).order_by()
        self.in_current = Q(received_at__gte=start)
        self.in_previous = Q(received_at__lt=start)
        self.current_cases = cases.filter(received_at__gte=start, received_at__lt=end)
        self.years = (self.previous_period.start.year, period.end.year)

    def counts(self, condition=None, name=""):
        """Conditional counts of both periods, to pass to ``aggregate`` or ``annotate``."""
        current, previous = self.in_current, self.in_previous
        if condition is not None:
            current, previous = current & condition, previous & condition
        prefix = f"_{name}" if name else ""
        return {f"current{prefix}": Count("pk", filter=current), f"previous{prefix}": Count("pk", filter=previous)}

    def grouped(self, queryset, key):
        return {row[key]: (row["current"], row["previous"]) for row in queryset.values(key).annotate(**self.counts())}

    @cached_property
    def _choices(self):
        """One row per combination of kind, sender, channel and status, with its counts.

        Also counted per row: the flags and deadline states the handling table shows, and the
        cases with measures, so that none of them needs a pass over the cases of its own.
        """
        today = self.today
        overdue = ~Q(status__in=FINISHED_STATUSES) & (
            Q(acknowledged_at__isnull=True, receipt_due_on__lt=today)
            | (~Q(status__in=ANSWERED_STATUSES) & Q(answer_due_on__lt=today))
        )
        aggregates = {
            **self.counts(),
            **self.counts(overdue, "overdue"),
            **self.counts(Q(lex_sarah=True), "lex_sarah"),
            **self.counts(Q(lex_maria=True), "lex_maria"),
            **self.counts(~Q(measures=""), "measures"),
        }
        return list(self.cases.values(*self.CHOICE_FIELDS).annotate(**aggregates))

    def summed(self, key, name="", where=None):
        """``{value of key: (this period, previous period)}`` summed over the rows of ``_choices``."""
        suffix = f"_{name}" if name else ""
        totals = {}
        for row in self._choices:
            if where is None or where(row):
                current, previous = totals.get(row[key], (0, 0))
                totals[row[key]] = (current + row[f"current{suffix}"], previous + row[f"previous{suffix}"])
        return totals

    def total(self, name="", where=None):
        values = self.summed("kind", name, where).values()
        return sum(current for current, _previous in values), sum(previous for _current, previous in values)

    @staticmethod
    def lines(counts, choices):
        return [Line(str(label), *counts.get(value, (0, 0))) for value, label in choices]

    # Breakdowns.

    @cached_property
    def by_kind(self):
        lines = self.lines(self.summed("kind"), CaseKind.choices)
        return Breakdown("kind", gettext("Cases by kind"), gettext("Kind"), lines)

    @cached_property
    def by_sender_type(self):
        choices = [*SenderType.choices, ("", gettext("Not stated"))]
        lines = self.lines(self.summed("sender_type"), choices)
        return Breakdown("sender", gettext("Cases by sender"), gettext("Sender"), lines)

    @cached_property
    def by_channel(self):
        lines = self.lines(self.summed("channel"), Channel.choices)
        return Breakdown("channel", gettext("Cases by channel"), gettext("Channel"), lines)

    @cached_property
    def by_quality_area(self):
        counts = self.grouped(self.cases, "quality_areas")
        areas = QualityArea.objects.order_by("sort_order", "name").values_list("pk", "name")
        lines = [Line(name, *counts.get(pk, (0, 0))) for pk, name in areas]
        lines.append(Line(gettext("Unclassified"), *counts.get(None, (0, 0))))
        return Breakdown(
            "quality_area",
            gettext("Cases by quality area"),
            gettext("Quality area"),
            lines,
            note=gettext("A case can concern several quality areas, so the lines add up to more than the cases."),
        )

    @cached_property
    def _units(self):
        """``(units with cases and the units above them in tree order, direct counts by unit pk, no-unit counts)``.

        The whole organisation tree is read in one query (it has hundreds of units, not thousands
        of cases) so that the units above those with cases can be shown and rolled up to.
        """
        counts = self.grouped(self.cases, "unit")
        unknown = counts.pop(None, (0, 0))
        units = OrganisationUnit.objects.order_by("path").only("pk", "path", "depth", "name", "kind")
        if self.unit is not None:
            units = units.filter(path__startswith=self.unit.path)
        units = list(units)
        with_cases = [unit.path for unit in units if unit.pk in counts]
        shown = [unit for unit in units if any(path.startswith(unit.path) for path in with_cases)]
        return shown, counts, unknown

    @cached_property
    def by_unit(self):
        units, counts, unknown = self._units
        top = min((unit.depth for unit in units), default=1)
        lines = [Line(unit.name, *counts.get(unit.pk, (0, 0)), level=unit.depth - top) for unit in units]
        if any(unknown):
            lines.append(Line(gettext("Unit not known"), *unknown))
        return Breakdown(
            "unit",
            gettext("Cases by unit"),
            gettext("Unit"),
            lines,
            note=gettext("Each unit's own cases; the units above it are shown for the tree and count their own only."),
        )

    @cached_property
    def by_area(self):
        """Cases rolled up to the areas (verksamhetsområden): each area with the units below it."""
        units, counts, unknown = self._units
        areas = [unit for unit in units if unit.kind == UnitKind.AREA]
        lines = [Line(area.name) for area in areas]
        outside = [0, 0]
        for unit in units:
            current, previous = counts.get(unit.pk, (0, 0))
            for line, area in zip(lines, areas, strict=True):
                if unit.path.startswith(area.path):
                    line.current += current
                    line.previous += previous
                    break
            else:
                outside[0] += current
                outside[1] += previous
        if any(outside):
            lines.append(Line(gettext("Not within an area"), *outside))
        if any(unknown):
            lines.append(Line(gettext("Unit not known"), *unknown))
        return Breakdown("area", gettext("Cases by area"), gettext("Area"), lines)

    @cached_property
    def ideas_by_status(self):
        choices = [(status.value, status.label) for status in IDEA_FLOW]
        counts = self.summed("status", where=lambda row: row["kind"] == CaseKind.IDEA)
        return Breakdown(
            "idea_status",
            gettext("Improvement ideas by status"),
            gettext("Status"),
            self.lines(counts, choices),
            note=gettext("Status today of the ideas received in each period."),
        )

    def breakdowns(self):
        return [self.by_kind, self.by_unit, self.by_area, self.by_quality_area, self.by_sender_type, self.by_channel]

    # Handling of complaints, comments, praise and suggestions.

    @cached_property
    def _receipts(self):
        """``(in time, measured)`` for both periods: receipts confirmed by the local date of the deadline.

        Grouped by deadline and date of confirmation, so the rows are a few per day of the period.
        A case counts once it was confirmed or its deadline has passed; one still within its
        deadline and unconfirmed has nothing to say yet.
        """
        rows = (
            self.cases.not_ideas()
            .filter(receipt_due_on__isnull=False)
            .annotate(acknowledged_on=LocalDate("acknowledged_at", self.years))
            .values("receipt_due_on", "acknowledged_on")
            .annotate(**self.counts())
        )
        return self._kept(rows, "receipt_due_on", "acknowledged_on")

    def _kept(self, rows, due_key, done_key):
        in_time, measured = [0, 0], [0, 0]
        for row in rows:
            due, done = row[due_key], row[done_key]
            if due is None or (done is None and due >= self.today):
                continue
            for index, period in enumerate(("current", "previous")):
                measured[index] += row[period]
                if done is not None and done <= due:
                    in_time[index] += row[period]
        return in_time, measured

    @cached_property
    def _answers(self):
        """Rows of (received on, answered on, answer due) with their counts, in local dates.

        A few rows per day of the period, whatever the number of cases: from them come both the
        share answered in time and the handling times in working days.
        """
        return list(
            self.cases.not_ideas()
            .annotate(
                received_on=LocalDate("received_at", self.years), answered_on=LocalDate("answered_at", self.years)
            )
            .values("received_on", "answered_on", "answer_due_on")
            .annotate(**self.counts())
        )

    @cached_property
    def handling(self):
        """Deadline figures for everything but ideas, which have no receipt or answer to give."""

        def not_idea(row):
            return row["kind"] != CaseKind.IDEA

        def open_case(row):
            return not_idea(row) and row["status"] not in FINISHED_STATUSES

        received = self.total(where=not_idea)
        still_open = self.total(where=open_case)
        overdue = self.total("overdue", where=not_idea)
        lex_sarah = self.total("lex_sarah", where=not_idea)
        lex_maria = self.total("lex_maria", where=not_idea)
        receipts_in_time, receipts_measured = self._receipts
        answers_in_time, answers_measured = self._kept(self._answers, "answer_due_on", "answered_on")
        median_days, mean_days = self.answer_days
        return [
            Figure(gettext("Complaints, comments, praise and suggestions received"), *received),
            Figure(
                gettext("Receipt confirmed within the deadline"),
                share(receipts_in_time[0], receipts_measured[0]),
                share(receipts_in_time[1], receipts_measured[1]),
                kind="percent",
                help_text=gettext("Of the cases confirmed or past their receipt deadline."),
            ),
            Figure(
                gettext("Answered within the deadline"),
                share(answers_in_time[0], answers_measured[0]),
                share(answers_in_time[1], answers_measured[1]),
                kind="percent",
                help_text=gettext("Of the cases answered or past their answer deadline."),
            ),
            Figure(gettext("Median time to answer"), *median_days, kind="days",
                   help_text=gettext("Working days from receipt to answer, of the cases answered.")),
            Figure(gettext("Average time to answer"), *mean_days, kind="days",
                   help_text=gettext("Working days from receipt to answer, of the cases answered.")),
            Figure(gettext("Still open"), *still_open,
                   help_text=gettext("Of the cases received in the period, not yet closed today.")),
            Figure(gettext("Still open and overdue"), *overdue,
                   help_text=gettext("Past the receipt or answer deadline today.")),
            Figure(gettext("To assess under lex Sarah"), *lex_sarah),
            Figure(gettext("To assess under lex Maria"), *lex_maria),
        ]

    @cached_property
    def answer_days(self):
        """``((median this, median previous), (mean this, mean previous))`` in working days.

        Working days depend on the Swedish holidays, which a database cannot know; so the database
        groups the answered cases by (received on, answered on) in the site's time zone and counts
        them, and only those distinct pairs, a few per day of the period whatever the number of
        cases, are turned into working days here.
        """
        current, previous = [], []
        for row in self._answers:
            if row["answered_on"] is None or row["received_on"] is None:
                continue
            days = handling_days(row["received_on"], row["answered_on"])
            current.append((days, row["current"]))
            previous.append((days, row["previous"]))

        def mean(values):
            total = sum(weight for _value, weight in values)
            return round(sum(value * weight for value, weight in values) / total, 1) if total else None

        return (weighted_median(current), weighted_median(previous)), (mean(current), mean(previous))

    # Improvement ideas.

    @cached_property
    def ideas(self):
        lines = {line.label: line for line in self.ideas_by_status.lines}
        done = lines[str(CaseStatus.DONE.label)]
        received = self.ideas_by_status.total
        return [
            Figure(gettext("Improvement ideas received"), received.current, received.previous),
            Figure(gettext("Implemented"), done.current, done.previous),
        ]

    # Measures taken.

    def measures_queryset(self):
        """Cases of the period with measures recorded, oldest first: only what the board may read.

        The sender's personal data and the description are never fetched; the measures text is
        written by staff and by convention holds none.
        """
        return (
            self.current_cases.exclude(measures="")
            .annotate(area_names=joined(QualityArea.objects.all(), "feedback_cases", "name"))
            .order_by("received_at", "pk")
            .values("pk", "reference", "kind", "received_at", "unit__name", "area_names", "measures")
        )

    def measure_rows(self, queryset):
        kinds = dict(CaseKind.choices)
        for row in queryset:
            yield {
                "reference": row["reference"],
                "kind": str(kinds.get(row["kind"], row["kind"])),
                "received_on": timezone.localdate(row["received_at"]),
                "unit": row["unit__name"] or gettext("Unit not known"),
                "quality_areas": ", ".join(split_joined(row["area_names"])) or gettext("Unclassified"),
                "measures": row["measures"],
            }

    @cached_property
    def measures(self):
        """The first ``MEASURES_LIMIT`` cases with measures, for the page; one query whatever the number."""
        return list(self.measure_rows(self.measures_queryset()[:MEASURES_LIMIT]))

    @cached_property
    def measures_count(self):
        return self.total("measures")[0]
