"""A self-assessment as a workbook: one row per part with its judgement and its figures, this year and last.

The figures come from the same ``AssessmentComparison`` as the edit page, so page and workbook
agree. A figure that is a share is written as text ("12 of 15") on the parts sheet, and as numbers
on the figures sheet, for anyone who wants to calculate with them.
"""

from django.utils.translation import gettext as _

from ..self_assessment.comparison import judgement_label
from .legal_columns import SheetColumn
from .workbook import WorkbookBuilder


def cell_value(figure):
    """A count as a number, a share as '12 of 15', no figure as an empty cell."""
    if figure is None:
        return None
    if figure.total is None:
        return figure.value
    return _("%(value)s of %(total)s") % {"value": figure.value, "total": figure.total}


class SelfAssessmentExport:
    """The workbook of one ``AssessmentComparison``."""

    def __init__(self, comparison):
        self.comparison = comparison
        self.counts = {}

    def title(self):
        assessment = self.comparison.assessment
        return _("Self-assessment %(year)s, %(manual)s") % {"year": assessment.year, "manual": assessment.manual.title}

    def year_heading(self, label, year):
        return _("%(figure)s (%(year)s)") % {"figure": label, "year": year}

    def part_columns(self):
        comparison = self.comparison
        columns = [
            SheetColumn("reference", _("Reference"), 16),
            SheetColumn("title", _("Part"), 36),
            SheetColumn("judgement", _("Judgement"), 16),
            SheetColumn("comment", _("Comment"), 50),
            SheetColumn("planned_actions", _("Planned actions"), 50),
            SheetColumn("previous_judgement", _("Judgement %(year)s") % {"year": comparison.previous_year}, 16),
        ]
        for figure in comparison.comparisons(comparison.shown_keys):
            columns.append(SheetColumn(f"{figure.key}:current", self.year_heading(figure.label, comparison.year), 16))
            columns.append(
                SheetColumn(f"{figure.key}:previous", self.year_heading(figure.label, comparison.previous_year), 16)
            )
        return columns

    def part_rows(self):
        for row in self.comparison.rows:
            values = {
                "reference": row.part.reference,
                "title": row.part.title,
                "judgement": judgement_label(row.judgement.judgement),
                "comment": row.judgement.comment,
                "planned_actions": row.judgement.planned_actions,
                "previous_judgement": row.previous_judgement_label,
            }
            for figure in row.figures:
                values[f"{figure.key}:current"] = cell_value(figure.current)
                values[f"{figure.key}:previous"] = cell_value(figure.previous)
            yield values

    def figure_columns(self):
        comparison = self.comparison
        this, last = comparison.year, comparison.previous_year
        return (
            SheetColumn("key", _("Key"), 26),
            SheetColumn("label", _("Figure"), 50),
            SheetColumn("current", str(this), 12),
            SheetColumn("current_total", _("Out of, %(year)s") % {"year": this}, 12),
            SheetColumn("previous", str(last), 12),
            SheetColumn("previous_total", _("Out of, %(year)s") % {"year": last}, 12),
            SheetColumn("change", _("Change"), 30),
        )

    def figure_rows(self):
        for figure in self.comparison.comparisons(self.comparison.shown_keys):
            yield {
                "key": figure.key,
                "label": str(figure.label),
                "current": figure.current.value if figure.current else None,
                "current_total": figure.current.total if figure.current else None,
                "previous": figure.previous.value if figure.previous else None,
                "previous_total": figure.previous.total if figure.previous else None,
                "change": figure.change,
            }

    def build(self):
        builder = WorkbookBuilder(self.title(), today=self.comparison.today)
        self.counts["parts"] = builder.add_sheet(_("Parts"), self.part_columns(), self.part_rows())
        self.counts["figures"] = builder.add_sheet(_("Figures"), self.figure_columns(), self.figure_rows())
        summary = [SheetColumn("summary", _("Overall assessment"), 100)]
        self.counts["summary"] = builder.add_sheet(
            _("Overall assessment"), summary, [{"summary": self.comparison.assessment.summary}]
        )
        return builder

    def save(self, file):
        self.build().save(file)

    def response(self, filename):
        return self.build().response(filename)
