"""A whole goal chain as a workbook: its goals in tree order, then every goal's indicators with the latest figures.

The board's papers and a unit's follow-up start from this file, so it shows exactly what the chain
page shows: the same tree, statuses and figures from ``goals.chain.chain_tree`` (a fixed number of
queries however large the chain), written by the one spreadsheet builder.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..goals.chain import chain_tree
from ..goals.periods import Period
from ..goals.status import GoalStatus
from .legal_columns import SheetColumn
from .workbook import AMBER, GREEN, GREY, RED, Styled, WorkbookBuilder

#: The colour of each goal status; the words are always written too, so colour never carries meaning alone.
STATUS_FILLS = {
    GoalStatus.ON_TRACK: GREEN,
    GoalStatus.AT_RISK: AMBER,
    GoalStatus.OFF_TRACK: RED,
    GoalStatus.NO_FIGURES: GREY,
}
#: Indentation per level below the board's goals, so the title column reads as the tree it is.
INDENT = "    "

GOAL_COLUMNS = (
    SheetColumn("title", gettext_lazy("Goal"), 50),
    SheetColumn("level", gettext_lazy("Level"), 20),
    SheetColumn("unit", gettext_lazy("Unit"), 28),
    SheetColumn("quality_areas", gettext_lazy("Quality areas"), 30),
    # Rolled up: the worst of the goal's own status and its sub-goals'.
    SheetColumn("status", gettext_lazy("Status"), 16),
    SheetColumn("own_status", gettext_lazy("Own status"), 16),
    SheetColumn("indicators", gettext_lazy("Indicators"), 11),
)

INDICATOR_COLUMNS = (
    SheetColumn("goal", gettext_lazy("Goal"), 40),
    SheetColumn("indicator", gettext_lazy("Indicator"), 40),
    SheetColumn("code", gettext_lazy("Code"), 22),
    SheetColumn("unit_of_measure", gettext_lazy("Unit of measure"), 12),
    SheetColumn("direction", gettext_lazy("Better when"), 16),
    SheetColumn("target", gettext_lazy("Target"), 11),
    SheetColumn("target_date", gettext_lazy("Target date"), 13),
    SheetColumn("latest_period", gettext_lazy("Latest period"), 16),
    SheetColumn("latest_value", gettext_lazy("Latest value"), 12),
    SheetColumn("value_women", gettext_lazy("Women"), 11),
    SheetColumn("value_men", gettext_lazy("Men"), 11),
    SheetColumn("status", gettext_lazy("Status"), 16),
    SheetColumn("kolada_kpi", gettext_lazy("Kolada KPI"), 12),
)


def status_cell(status):
    status = GoalStatus(status)
    return Styled(str(status.label), fill=STATUS_FILLS[status])


def period_label(key):
    """The period as a reader names it; a key the periods module cannot read is shown as stored."""
    try:
        return Period.parse(key).label
    except ValueError:
        return key


def walk(nodes):
    """The tree's nodes in page order, each before its sub-goals, as the chain page lists them."""
    for node in nodes:
        yield node
        yield from walk(node.children)


class GoalChainExport:
    """The workbook of ``chain_page``'s live goals as ``user`` may see them (None: as the public sees them)."""

    def __init__(self, chain_page, user=None, *, today=None):
        self.chain_page = chain_page
        self.user = user
        self.today = today
        self.counts = {"goals": 0, "indicators": 0}

    def nodes(self):
        if not hasattr(self, "_nodes"):
            self._nodes = list(walk(chain_tree(self.chain_page, user=self.user)))
        return self._nodes

    def goal_rows(self):
        for node in self.nodes():
            yield {
                "title": INDENT * node.depth + node.page.title,
                "level": node.page.get_level_display(),
                "unit": node.unit.name,
                "quality_areas": "; ".join(area.name for area in node.quality_areas),
                "status": status_cell(node.status),
                "own_status": status_cell(node.own_status),
                "indicators": len(node.indicators),
            }

    def indicator_rows(self):
        higher, lower = _("Higher is better"), _("Lower is better")
        for node in self.nodes():
            for result in node.indicators:
                indicator, latest = result.indicator, result.latest
                yield {
                    "goal": node.page.title,
                    "indicator": indicator.name,
                    "code": indicator.code,
                    "unit_of_measure": indicator.unit_of_measure,
                    "direction": higher if indicator.higher_is_better else lower,
                    "target": result.target,
                    "target_date": result.target_date,
                    "latest_period": period_label(latest.period) if latest else None,
                    "latest_value": latest.value if latest else None,
                    "value_women": latest.value_women if latest else None,
                    "value_men": latest.value_men if latest else None,
                    "status": status_cell(result.status),
                    "kolada_kpi": indicator.kolada_kpi,
                }

    def title(self):
        return _("Goal chain: %(title)s") % {"title": self.chain_page.title}

    def builder(self):
        builder = WorkbookBuilder(self.title(), today=self.today)
        self.counts["goals"] = builder.add_sheet(_("Goals"), GOAL_COLUMNS, self.goal_rows())
        self.counts["indicators"] = builder.add_sheet(_("Indicators"), INDICATOR_COLUMNS, self.indicator_rows())
        return builder

    def save(self, file):
        self.builder().save(file)

    def response(self, filename):
        return self.builder().response(filename)
