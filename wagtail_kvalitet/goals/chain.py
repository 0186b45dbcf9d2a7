"""The data the goal-chain pages show: the tree of live goals with their figures and statuses.

Everything here runs a fixed number of queries however many goals, indicators and figures a chain
has, so a municipality's whole chain renders as fast as a small one. Statuses come from
``goals.status``, the one vocabulary for them.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import connection
from django.db.models.expressions import Col
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Page, PageViewRestriction

from ..models import GoalIndicator, GoalLevel, GoalPage, Measurement
from .status import GoalStatus, goal_status, indicator_status, rolled_up


@dataclass
class IndicatorResult:
    """One indicator of a goal: its target and where the latest figure stands against it."""

    goal_indicator: GoalIndicator
    indicator: object
    target: object
    target_date: object
    latest: Measurement | None
    status: GoalStatus
    #: True when the figure is the owning unit's because the goal's unit has none (see ``_figure_units``).
    from_owning_unit: bool = False


@dataclass
class IndicatorSeries:
    """One indicator of a goal with all its figures in time, for a chart or a table."""

    goal_indicator: GoalIndicator
    indicator: object
    target: object
    target_date: object
    measurements: list = field(default_factory=list)
    latest: Measurement | None = None
    status: GoalStatus = GoalStatus.NO_FIGURES
    from_owning_unit: bool = False


@dataclass
class GoalNode:
    """A goal in the tree: its own status from its indicators, ``status`` rolled up from below."""

    #: The goal's ``GoalPage``, or its ``GoalSummary`` when the tree is built without ``details``.
    page: object
    level: str
    unit: object
    quality_areas: list
    #: ``IndicatorResult`` per indicator, filled only when the tree is built with ``details``.
    indicators: list
    #: The status of each indicator, in the goal's order; always filled.
    indicator_statuses: list
    own_status: GoalStatus
    status: GoalStatus = GoalStatus.NO_FIGURES
    children: list = field(default_factory=list)
    #: 0 for the board's goals, 1 for the goals below them, and so on; for indentation and headings.
    depth: int = 0
    #: The level's name, translated once per tree rather than once per goal.
    level_label: str = ""
    #: The goal's address, set by ``tree_rows`` for the request that renders it.
    url: str | None = None


@dataclass
class TreeRow:
    """A goal of the tree as one row of a flat list, with what the template needs to nest it.

    Why flat: a template that includes itself per level costs a context and an include per goal;
    one loop over rows renders a chain of hundreds of goals several times faster.
    """

    node: GoalNode
    heading_level: int
    has_children: bool
    #: How many enclosing lists end after this goal (each closes ``</ul></li>``).
    closes: range = range(0)


def goal_url(chain_url, chain_page, goal):
    """``goal``'s address, from its chain page's address ``chain_url`` and the goal's ``url_path``.

    Why not ``get_url``: a goal page routes like any Wagtail page below its chain, so its address
    is the chain's followed by the rest of its path; asking Wagtail per goal costs more than the
    rest of the chain page. None when the chain page has no address.
    """
    if chain_url is None:
        return None
    rest = quote(goal.url_path[len(chain_page.url_path):], safe=RFC3986_SUBDELIMS + "/~:@")  # as ``reverse`` quotes
    url = chain_url.rstrip("/") + "/" + rest
    return url if WAGTAIL_APPEND_SLASH else url.rstrip("/")


def tree_rows(nodes, chain_page, request=None, heading_level=3):
    """``nodes`` and their sub-goals in page order as ``TreeRow``, each goal's ``url`` set for
    ``request``; headings go one rank down per level from ``heading_level``, to h6 at most."""
    chain_url = chain_page.get_url(request)
    rows = []

    def visit(siblings, level, trailing):
        for index, node in enumerate(siblings):
            node.url = goal_url(chain_url, chain_page, node.page)
            last = index == len(siblings) - 1
            row = TreeRow(node, min(level, 6), bool(node.children))
            rows.append(row)
            if node.children:
                visit(node.children, level + 1, 1 + (trailing if last else 0))
            elif last:
                row.closes = range(trailing)

    visit(nodes, heading_level, 0)
    return rows


def _figure_units(goal_unit_id, indicator_unit_id):
    """The units whose figures may stand for ``goal_unit_id`` on an indicator, preferred first.

    A goal is measured by its own unit's figures. An administration goal often reuses a unit's
    indicator (e.g. the home care service's user satisfaction) without anyone entering figures
    for the administration itself, so when the goal's unit has none the owning unit's count.
    """
    if goal_unit_id == indicator_unit_id:
        return (goal_unit_id,)
    return (goal_unit_id, indicator_unit_id)


def _latest_rows(indicator_ids, unit_ids):
    """(pk, indicator_id, unit_id, value) of the latest figure (by period end) of each (indicator,
    unit) pair, in one query.

    Why raw SQL: the portable ways to say "the latest row per group" in the ORM (a window function,
    or a correlated subquery per row) rank or probe every figure, several times slower over a
    municipality's 24,000 figures than grouping on the ``kvalitet_measurement_latest`` index and
    joining back, which both SQLite and PostgreSQL run from the index. Values pass through the
    field's own database converters, so they are ``Decimal`` as the ORM would give them.
    """
    indicator_ids, unit_ids = sorted(set(indicator_ids)), sorted(set(unit_ids))
    if not indicator_ids or not unit_ids:
        return []
    table = connection.ops.quote_name(Measurement._meta.db_table)
    indicator_marks, unit_marks = ", ".join(["%s"] * len(indicator_ids)), ", ".join(["%s"] * len(unit_ids))
    sql = (
        f"SELECT m.id, m.indicator_id, m.unit_id, m.value FROM {table} m JOIN ("
        f"SELECT indicator_id, unit_id, MAX(period_end) AS latest_end FROM {table} "
        f"WHERE indicator_id IN ({indicator_marks}) AND unit_id IN ({unit_marks}) "
        "GROUP BY indicator_id, unit_id) latest "
        "ON m.indicator_id = latest.indicator_id AND m.unit_id = latest.unit_id AND m.period_end = latest.latest_end "
        "ORDER BY m.id"
    )
    value_field = Measurement._meta.get_field("value")
    column = Col(Measurement._meta.db_table, value_field)
    converters = connection.ops.get_db_converters(column) + value_field.get_db_converters(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*indicator_ids, *unit_ids])
        rows = cursor.fetchall()
    converted = []
    for pk, indicator_id, unit_id, value in rows:
        for converter in converters:
            value = converter(value, column, connection)
        converted.append((pk, indicator_id, unit_id, value))
    return converted


def latest_measurements(indicator_ids, unit_ids):
    """The latest ``Measurement`` (by period end) for each (indicator, unit) pair, in two queries.

    Two figures of one pair ending on the same day (a monthly indicator turned quarterly) are
    settled by the later entry.
    """
    rows = _latest_rows(indicator_ids, unit_ids)
    if not rows:
        return {}
    figures = Measurement.objects.in_bulk([row[0] for row in rows])
    return {(row[1], row[2]): figures[row[0]] for row in rows if row[0] in figures}


def latest_values(indicator_ids, unit_ids):
    """The latest value for each (indicator, unit) pair, in one query: all a status needs."""
    rows = _latest_rows(indicator_ids, unit_ids)
    return {(indicator_id, unit_id): value for _pk, indicator_id, unit_id, value in rows}


def _pick(goal_unit_id, indicator_id, indicator_unit_id, by_pair):
    """The first of ``_figure_units`` that has a figure, and whether it was the owning unit's."""
    for unit_id in _figure_units(goal_unit_id, indicator_unit_id):
        if (indicator_id, unit_id) in by_pair:
            return by_pair[(indicator_id, unit_id)], unit_id != goal_unit_id
    return None, False


def _hidden_paths(chain_page, user):
    """Paths of goal branches under view restrictions that ``user`` (None: anonymous) does not pass.

    A password restriction is never passed here: the password is asked for on the page itself,
    so its goals appear only there, not in the overview.
    """
    rows = PageViewRestriction.objects.filter(
        page__path__startswith=chain_page.path, page__depth__gt=chain_page.depth
    ).values_list("pk", "page__path", "restriction_type", "groups")
    restrictions = {}
    for pk, path, kind, group_id in rows:
        restrictions.setdefault(pk, (path, kind, set()))[2].add(group_id)
    authenticated = user is not None and user.is_authenticated
    user_groups = None
    hidden = []
    for path, kind, groups in restrictions.values():
        if kind == PageViewRestriction.LOGIN and authenticated:
            continue
        if kind == PageViewRestriction.GROUPS and authenticated:
            if user.is_superuser:
                continue
            if user_groups is None:
                user_groups = set(user.groups.values_list("pk", flat=True))
            if user_groups & groups:
                continue
        hidden.append(path)
    return hidden


@dataclass
class GoalSummary:
    """What a listing of goals needs of a goal page, read as plain values: building a few hundred
    page objects costs more than the chain page's queries together."""

    pk: int
    title: str
    path: str
    depth: int
    url_path: str
    level: str
    unit_id: int
    unit: object


@dataclass
class UnitSummary:
    pk: int
    name: str
    path: str


def _visible(goals, chain_page, user):
    hidden = _hidden_paths(chain_page, user)
    return [goal for goal in goals if not any(goal.path.startswith(path) for path in hidden)]


def _live_goals(chain_page, user, details=True):
    """The live goals below ``chain_page`` that ``user`` may see, in page order: ``GoalPage``
    objects with ``details``, else ``GoalSummary``."""
    goals = GoalPage.objects.live().descendant_of(chain_page).order_by("path")
    if details:
        return _visible(list(goals.select_related("unit")), chain_page, user)
    fields = ("pk", "title", "path", "depth", "url_path", "level", "unit_id", "unit__name", "unit__path")
    units = {}
    summaries = []
    for pk, title, path, depth, url_path, level, unit_id, unit_name, unit_path in goals.values_list(*fields):
        unit = units.setdefault(unit_id, UnitSummary(unit_id, unit_name, unit_path))
        summaries.append(GoalSummary(pk, title, path, depth, url_path, level, unit_id, unit))
    return _visible(summaries, chain_page, user)


def _quality_areas_by_goal(goals):
    """Each goal's quality areas, in one query through the link table.

    Why not ``prefetch_related``: the goal's areas are a modelcluster field, whose manager costs
    more to build per goal than the query itself over a few hundred goals.
    """
    through = GoalPage.quality_areas.through
    areas = {goal.pk: [] for goal in goals}
    links = through.objects.filter(goalpage_id__in=list(areas)).select_related("qualityarea")
    for link in links.order_by("qualityarea__sort_order", "qualityarea__name"):
        areas[link.goalpage_id].append(link.qualityarea)
    return areas


def _statuses_by_goal(goals):
    """Each goal's indicator statuses, in link order: two queries for all goals, and only plain
    values, so the chain page does not build a model object per link and figure."""
    unit_of = {goal.pk: goal.unit_id for goal in goals}
    links = list(
        GoalIndicator.objects.filter(goal__in=list(unit_of))
        .order_by("goal_id", "sort_order", "pk")
        .values_list("goal_id", "indicator_id", "indicator__unit_id", "indicator__higher_is_better", "target")
    )
    units = set(unit_of.values()) | {link[2] for link in links}
    by_pair = latest_values([link[1] for link in links], units)
    statuses = {goal.pk: [] for goal in goals}
    for goal_id, indicator_id, indicator_unit_id, higher_is_better, target in links:
        value, _borrowed = _pick(unit_of[goal_id], indicator_id, indicator_unit_id, by_pair)
        statuses[goal_id].append(indicator_status(value, target, higher_is_better))
    return statuses


def _results_by_goal(goals):
    """Each goal's ``IndicatorResult`` list, with the indicator and its latest figure: three queries
    for all goals together."""
    links = list(
        GoalIndicator.objects.filter(goal__in=[goal.pk for goal in goals])
        .select_related("indicator")
        .order_by("goal_id", "sort_order", "pk")
    )
    unit_of = {goal.pk: goal.unit_id for goal in goals}
    units = set(unit_of.values()) | {link.indicator.unit_id for link in links}
    by_pair = latest_measurements([link.indicator_id for link in links], units)
    results = {goal.pk: [] for goal in goals}
    for link in links:
        latest, borrowed = _pick(unit_of[link.goal_id], link.indicator_id, link.indicator.unit_id, by_pair)
        status = indicator_status(latest.value if latest else None, link.target, link.indicator.higher_is_better)
        results[link.goal_id].append(
            IndicatorResult(link, link.indicator, link.target, link.target_date, latest, status, borrowed)
        )
    return results


def _roll_up(node):
    for child in node.children:
        _roll_up(child)
    node.status = rolled_up(node.own_status, [child.status for child in node.children])


def _matches(node, unit, quality_area):
    if unit is not None and not node.unit.path.startswith(unit.path):
        return False
    if quality_area is not None and not any(area.pk == quality_area.pk for area in node.quality_areas):
        return False
    return True


def _prune(nodes, unit, quality_area):
    """Keep the goals that match and every goal above them, so a filtered tree still reads from
    the board's goals down to the matching ones."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children, unit, quality_area)
        if node.children or _matches(node, unit, quality_area):
            kept.append(node)
    return kept


def chain_tree(chain_page, user=None, unit=None, quality_area=None, *, details=True):
    """The live goals below ``chain_page`` as a tree of ``GoalNode``, roots first in page order.

    ``unit`` keeps the goals of that unit and of the units below it (a board filter shows the
    whole organisation, a unit filter its own goals); ``quality_area`` keeps goals tagged with it.
    Both keep the goals above a match. A goal's rolled-up status is computed on the whole tree
    before filtering: filtering changes what is shown, never whether a goal is on track. A goal
    below an unpublished or hidden goal is left out with it, as the site would not show it either.

    With ``details`` each node's ``indicators`` hold the indicator and its latest figure (for the
    export and the goal's own page); without, only ``indicator_statuses`` are filled, which is all
    the chain page shows and several times cheaper over a large chain.
    """
    goals = _live_goals(chain_page, user, details)
    if details:
        results = _results_by_goal(goals)
        statuses = {pk: [result.status for result in goal_results] for pk, goal_results in results.items()}
    else:
        results, statuses = {}, _statuses_by_goal(goals)
    quality_areas = _quality_areas_by_goal(goals)
    level_labels = {value: str(label) for value, label in GoalLevel.choices}
    nodes_by_path = {}
    roots = []
    for goal in goals:
        node = GoalNode(
            page=goal,
            level=goal.level,
            unit=goal.unit,
            quality_areas=quality_areas[goal.pk],
            indicators=results.get(goal.pk, []),
            indicator_statuses=statuses[goal.pk],
            own_status=goal_status(statuses[goal.pk]),
            depth=goal.depth - chain_page.depth - 1,
            level_label=level_labels.get(goal.level, goal.level),
        )
        nodes_by_path[goal.path] = node
        parent_path = goal.path[: -Page.steplen]
        if parent_path == chain_page.path:
            roots.append(node)
        elif parent_path in nodes_by_path:
            nodes_by_path[parent_path].children.append(node)
    for root in roots:
        _roll_up(root)
    if unit is not None or quality_area is not None:
        roots = _prune(roots, unit, quality_area)
    return roots


def goal_series(goal_page):
    """Each indicator of ``goal_page`` with its figures in time, for the goal's own page.

    Figures are the goal's unit's, or the owning unit's when the goal's unit has none (the same
    rule as ``chain_tree``), so the chart and the status never disagree. Two queries in all.
    """
    links = list(
        GoalIndicator.objects.filter(goal=goal_page).select_related("indicator").order_by("sort_order", "pk")
    )
    units = {goal_page.unit_id} | {link.indicator.unit_id for link in links}
    figures = {}
    if links:
        for measurement in Measurement.objects.filter(
            indicator_id__in=[link.indicator_id for link in links], unit_id__in=units
        ).order_by("period_end"):
            figures.setdefault((measurement.indicator_id, measurement.unit_id), []).append(measurement)
    series = []
    for link in links:
        measurements, borrowed = [], False
        for unit_id in _figure_units(goal_page.unit_id, link.indicator.unit_id):
            if (link.indicator_id, unit_id) in figures:
                measurements, borrowed = figures[(link.indicator_id, unit_id)], unit_id != goal_page.unit_id
                break
        latest = measurements[-1] if measurements else None
        status = indicator_status(latest.value if latest else None, link.target, link.indicator.higher_is_better)
        series.append(
            IndicatorSeries(
                link, link.indicator, link.target, link.target_date, measurements, latest, status, borrowed
            )
        )
    return series
