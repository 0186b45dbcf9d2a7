"""The board's compilation of cases as a workbook: one sheet per breakdown, then the measures taken.

Each breakdown sheet shows this period, the previous one and the change, as the report page does;
the figures come from the same ``CaseStatistics``, so page and workbook always agree. The measures
sheet lists every case of the period with measures recorded, streamed in chunks.
"""

from django.utils.translation import gettext as _

from .legal_columns import SheetColumn
from .workbook import WorkbookBuilder

#: Rows fetched from the database at a time for the measures sheet.
CHUNK_SIZE = 2000


def comparison_columns(statistics, label_heading):
    return (
        SheetColumn("label", label_heading, 40),
        SheetColumn("current", _("This period (%(period)s)") % {"period": statistics.period.dates_label}, 18),
        SheetColumn(
            "previous", _("Previous period (%(period)s)") % {"period": statistics.previous_period.dates_label}, 18
        ),
        SheetColumn("change", _("Change"), 12),
    )


def measure_columns():
    return (
        SheetColumn("reference", _("Reference"), 16),
        SheetColumn("kind", _("Kind"), 18),
        SheetColumn("received_on", _("Received"), 13),
        SheetColumn("unit", _("Unit"), 28),
        SheetColumn("quality_areas", _("Quality areas"), 30),
        SheetColumn("measures", _("Measures taken"), 70),
    )


def line_rows(lines, indent=True):
    for line in lines:
        yield {
            "label": ("    " * line.level if indent else "") + line.label,
            "current": line.current,
            "previous": line.previous,
            "change": line.change,
        }


def figure_rows(figures):
    for figure in figures:
        label = f"{figure.label} (%)" if figure.kind == "percent" else figure.label
        if figure.kind == "days":
            label = _("%(label)s (working days)") % {"label": figure.label}
        yield {"label": label, "current": figure.current, "previous": figure.previous, "change": figure.change}


class CaseReportExport:
    """The workbook of one ``CaseStatistics``."""

    def __init__(self, statistics):
        self.statistics = statistics
        self.counts = {}

    def title(self):
        title = _("Compilation of cases, %(period)s") % {"period": self.statistics.period}
        if self.statistics.unit is not None:
            title = _("%(title)s, %(unit)s") % {"title": title, "unit": self.statistics.unit.name}
        return title

    def build(self):
        statistics = self.statistics
        builder = WorkbookBuilder(self.title(), today=statistics.today)
        figures = comparison_columns(statistics, _("Figure"))
        self.counts["handling"] = builder.add_sheet(_("Handling"), figures, figure_rows(statistics.handling))
        for breakdown in statistics.breakdowns():
            rows = [*line_rows(breakdown.lines), *line_rows([breakdown.total])]
            if breakdown.key == "quality_area":
                rows = rows[:-1]  # the lines overlap, so a total would count cases twice
            columns = comparison_columns(statistics, breakdown.title)
            self.counts[breakdown.key] = builder.add_sheet(breakdown.title, columns, rows)
        ideas = statistics.ideas_by_status
        self.counts["ideas"] = builder.add_sheet(
            ideas.title,
            comparison_columns(statistics, ideas.title),
            [*figure_rows(statistics.ideas), *line_rows(ideas.lines)],
        )
        measures = statistics.measures_queryset().iterator(chunk_size=CHUNK_SIZE)
        self.counts["measures"] = builder.add_sheet(
            _("Measures taken"), measure_columns(), statistics.measure_rows(measures)
        )
        return builder

    def save(self, file):
        self.build().save(file)

    def response(self, filename):
        return self.build().response(filename)
