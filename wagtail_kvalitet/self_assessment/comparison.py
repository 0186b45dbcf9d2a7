"""One self-assessment beside the year before: each part's figures this year and last, and last year's judgement.

Last year's figures are those saved with last year's assessment, so the comparison shows what that
judgement was made on; only when last year was never assessed (or a figure is newer than the
snapshot) are they computed for last year now. Everything the edit page and the workbook show is
loaded here in a fixed number of queries, however many parts, processes or cases there are.
"""

import dataclasses
from functools import cached_property

from django.utils.translation import gettext

from ..models.self_assessment import Judgement, PartAssessment, RegulationPart, SelfAssessment
from . import evidence

#: ``FigureComparison.direction`` values, also written to the page as data attributes.
UP, DOWN, SAME, NONE = "up", "down", "same", "none"


def figure_text(figure):
    """'12 of 15' for a share, '12' for a count, '' for no figure."""
    if figure is None:
        return ""
    if figure.total is None:
        return str(figure.value)
    return gettext("%(value)s of %(total)s") % {"value": figure.value, "total": figure.total}


def percentage(figure):
    """A share as a whole percentage, or None for a count or a share of nothing."""
    if figure is None or not figure.total:
        return None
    return round(100 * figure.value / figure.total)


def judgement_label(value):
    if value is None:
        return ""
    return str(Judgement(value).label) if value in Judgement.values else value


@dataclasses.dataclass
class FigureComparison:
    """One figure this year and last year, with the change in words (never by colour alone)."""

    key: str
    current: evidence.Figure | None
    previous: evidence.Figure | None

    @property
    def label(self):
        return evidence.EVIDENCE.get(self.key, self.key)

    @property
    def current_text(self):
        return figure_text(self.current)

    @property
    def previous_text(self):
        return figure_text(self.previous)

    @property
    def is_share(self):
        """Compared as shares when both years are shares of something, since the totals differ."""
        return percentage(self.current) is not None and percentage(self.previous) is not None

    @property
    def difference(self):
        if self.current is None or self.previous is None:
            return None
        if self.is_share:
            return percentage(self.current) - percentage(self.previous)
        return self.current.value - self.previous.value

    @property
    def direction(self):
        difference = self.difference
        if difference is None:
            return NONE
        return UP if difference > 0 else DOWN if difference < 0 else SAME

    @property
    def change(self):
        difference, direction = self.difference, self.direction
        if direction == NONE:
            return gettext("No figure to compare with")
        if direction == SAME:
            return gettext("Unchanged")
        values = {"change": abs(difference)}
        if self.is_share:
            if direction == UP:
                return gettext("Up by %(change)s percentage points") % values
            return gettext("Down by %(change)s percentage points") % values
        if direction == UP:
            return gettext("Up by %(change)s") % values
        return gettext("Down by %(change)s") % values


@dataclasses.dataclass
class PartRow:
    """One part of the regulation as the edit page shows it; the view attaches its ``form``."""

    part: RegulationPart
    judgement: PartAssessment
    previous_judgement: str | None
    figures: list
    form: object = None

    @property
    def previous_judgement_label(self):
        return judgement_label(self.previous_judgement)


def figures_from_snapshot(snapshot):
    figures = {}
    for key, data in (snapshot or {}).items():
        try:
            figures[key] = evidence.Figure.from_json(key, data)
        except (KeyError, TypeError, AttributeError):
            continue  # a damaged entry is shown as no figure rather than breaking the page
    return figures


class AssessmentComparison:
    """Everything shown for one assessment: its parts in order, their judgements, both years' figures."""

    def __init__(self, assessment, today=None):
        self.assessment = assessment
        self.today = today

    @property
    def year(self):
        return self.assessment.year

    @property
    def previous_year(self):
        return self.assessment.year - 1

    @cached_property
    def parts(self):
        return list(RegulationPart.objects.order_by("sort_order", "pk"))

    @cached_property
    def judgements(self):
        """``{part id: PartAssessment}``; parts added since the assessment was created get an unsaved one."""
        saved = {row.part_id: row for row in PartAssessment.objects.filter(assessment=self.assessment)}
        for part in self.parts:
            if part.pk not in saved:
                saved[part.pk] = PartAssessment(assessment=self.assessment, part=part)
        return saved

    @cached_property
    def previous_assessment(self):
        return SelfAssessment.objects.filter(manual_id=self.assessment.manual_id, year=self.previous_year).first()

    @cached_property
    def previous_judgements(self):
        if self.previous_assessment is None:
            return {}
        return dict(
            PartAssessment.objects.filter(assessment=self.previous_assessment).values_list("part_id", "judgement")
        )

    @cached_property
    def shown_keys(self):
        """The evidence keys any part shows, in the registry's order, then any unknown ones."""
        named = {key for part in self.parts for key in part.evidence or ()}
        return [key for key in evidence.EVIDENCE if key in named] + sorted(named - evidence.EVIDENCE.keys())

    @cached_property
    def current_figures(self):
        return evidence.compute(self.assessment.manual, self.year, today=self.today)

    @cached_property
    def previous_figures(self):
        """Last year's saved figures; computed for last year only when none were saved, or for newer figures."""
        figures = {}
        if self.previous_assessment is not None:
            figures = figures_from_snapshot(self.previous_assessment.evidence)
        if any(key not in figures and key in evidence.EVIDENCE for key in self.shown_keys):
            computed = evidence.compute(self.assessment.manual, self.previous_year, today=self.today)
            figures = {**computed, **figures}
        return figures

    @property
    def previous_from_snapshot(self):
        return bool(self.previous_assessment is not None and self.previous_assessment.evidence)

    def comparisons(self, keys):
        return [FigureComparison(key, self.current_figures.get(key), self.previous_figures.get(key)) for key in keys]

    @cached_property
    def rows(self):
        return [
            PartRow(
                part=part,
                judgement=self.judgements[part.pk],
                previous_judgement=self.previous_judgements.get(part.pk),
                figures=self.comparisons(part.evidence or ()),
            )
            for part in self.parts
        ]

    def snapshot(self):
        """The figures to save with the assessment, as next year's comparison will read them."""
        return {key: figure.as_json() for key, figure in self.current_figures.items()}
