"""Chapter: the year's complaints, comments, praise, suggestions and ideas, counted, never quoted.

The figures come from the board's compilation of cases (:mod:`wagtail_kvalitet.reports.case_statistics`)
for the whole year, so the report and the quarterly compilations count the same way.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext

from ...models.feedback import CaseKind, FeedbackCase
from ...reports.periods import Period
from ..tables import chapter, figures, prompt

QUARTERS = (1, 2, 3, 4)


def by_kind_and_quarter(scope):
    """``{kind: [count in Q1, Q2, Q3, Q4]}`` in one grouped query."""
    start, end = scope.period.bounds()
    counts = {}
    for number in QUARTERS:
        quarter_start, quarter_end = Period.quarter(scope.year, number).bounds()
        counts[f"q{number}"] = Count("pk", filter=Q(received_at__gte=quarter_start, received_at__lt=quarter_end))
    rows = (
        FeedbackCase.objects.filter(scope.units_q("unit__"), received_at__gte=start, received_at__lt=end)
        .order_by()
        .values("kind")
        .annotate(**counts)
    )
    return {row["kind"]: [row[f"q{number}"] for number in QUARTERS] for row in rows}


def number(value):
    return str(value)


def build(scope):
    stats = scope.case_statistics
    year, previous = str(scope.year), str(scope.year - 1)
    quarters = by_kind_and_quarter(scope)
    years = stats.summed("kind")
    kind_rows, totals = [], [0] * 6
    for kind, label in CaseKind.choices:
        values = [*quarters.get(kind, [0] * 4), *years.get(kind, (0, 0))]
        totals = [total + value for total, value in zip(totals, values, strict=True)]
        kind_rows.append([label, *map(number, values)])
    kind_rows.append([gettext("Total"), *map(number, totals)])

    areas = stats.by_quality_area
    handling_rows = []
    for figure in stats.handling:
        label = f"{figure.label} ({figure.help_text})" if figure.help_text else figure.label
        handling_rows.append([label, figure.current_text, figure.previous_text])
    return [
        chapter(gettext("Complaints, comments, praise and ideas")),
        prompt(
            gettext(
                "Describe what the cases of the year tell about the quality of the operation, the trends "
                "compared with last year, and what was done about them."
            )
        ),
        figures(
            gettext("Cases received in %(year)s by kind and quarter") % {"year": scope.year},
            [gettext("Kind"), *(gettext("Q%(number)s") % {"number": n} for n in QUARTERS), year, previous],
            kind_rows,
        ),
        figures(
            gettext("Cases by quality area, %(year)s and %(previous)s") % {"year": year, "previous": previous},
            [gettext("Quality area"), year, previous],
            [[line.label, number(line.current), number(line.previous)] for line in areas.lines],
            note=areas.note,
        ),
        figures(
            gettext("Handling of complaints, comments, praise and suggestions, %(year)s and %(previous)s")
            % {"year": year, "previous": previous},
            [gettext("Figure"), year, previous],
            handling_rows,
            note=gettext("Deadlines as they stood when the draft was written."),
        ),
    ]
