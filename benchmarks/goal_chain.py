"""Benchmark: a municipality-sized goal chain page renders in under 300 ms median on SQLite.

Why: the chain page is where the board, staff and citizens see the whole chain at once, from the
board's goals down to every unit's, each with its status. A large administration has hundreds of
goals, a thousand indicators and two years of figures, and the page must still come up quickly and
run a fixed number of queries, however large the chain. The targets:

(a) the median of a full request for the chain page (anonymous reader, through Django's test
    ``Client`` and the whole middleware stack) over 300 goals, 1,000 indicators and 24,000 figures
    is under 300 ms on SQLite;
(b) the chain page and a goal page run as many queries over that chain as over a chain of three
    goals with a handful of figures.

A bare figure depends on the machine, so the script also times, in the same run and alternately, a
plain Wagtail page (``PlainPage``, rich text only) and the small chain, and prints the ratios.

What it does: migrates a fresh SQLite file in a temporary directory and builds, with bulk inserts,
30 units (board, administration, 4 areas, 24 units), a chain of 12 board goals, 48 administration
goals and 240 unit goals (pages added with ``add_child`` and set live directly: no revisions, which
the pages do not need to render), 1,000 indicators linked to the goals, and 24 figures for each
indicator. It prints medians, p95, ratios and query counts, then PASS or FAIL, and exits with
status 1 if a target is missed. It takes well under two minutes.

Run from the repository root::

    .venv/bin/python benchmarks/goal_chain.py [--rounds 21]
"""

import argparse
import gc
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_MEDIAN_MS = 300.0
BOARD_GOALS = 12
ADMINISTRATION_GOALS_EACH = 4
UNIT_GOALS_EACH = 5
INDICATORS = 1000
FIGURES_EACH = 24
BATCH_SIZE = 5000


def setup_django(db_path):
    sys.path.insert(0, str(REPO_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["KVALITET_BENCHMARK_DB"] = str(db_path)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    # Building is not what is measured: a throwaway file needs no flush to disk after each write.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
    call_command("migrate", verbosity=0, interactive=False)


def build_units():
    """A board, an administration, four areas and six units under each: 30 units."""
    from wagtail_kvalitet.models import OrganisationUnit, UnitKind

    board = OrganisationUnit.add_root(name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    administration = board.add_child(name="Socialförvaltningen", code="SF", kind=UnitKind.ADMINISTRATION)
    areas, units = [], []
    names = ["Äldreomsorg", "Funktionsstöd", "Individ- och familjeomsorg", "Hälso- och sjukvård"]
    for a, area_name in enumerate(names):
        area = administration.add_child(name=area_name, code=f"A{a}", kind=UnitKind.AREA)
        areas.append(area)
        units.append([area.add_child(name=f"{area_name} enhet {u + 1}", code=f"A{a}-U{u}", kind=UnitKind.UNIT)
                      for u in range(6)])
    return board, areas, units


def add_live(parent, page):
    """Add ``page`` as a live page without a revision: enough for a reader to see it."""
    page.live = True
    page.has_unpublished_changes = False
    parent.add_child(instance=page)
    return page


def build_chain(root, title, board, areas, units, board_goals, admin_each, unit_each):
    """A chain page and its goals: board goals for the board, administration goals for the areas,
    unit goals spread over the areas' units. Returns the chain page and its goals, parents first."""
    from wagtail_kvalitet.models import GoalChainPage, GoalLevel, GoalPage, QualityArea

    quality_areas = list(QualityArea.objects.all())
    chain = add_live(root, GoalChainPage(title=title, period_label="2026", vision="<p>Ett tryggt liv för alla.</p>",
                                         council_goals=[("goal", {"title": "Trygg kommun", "description": ""})]))
    numbers = itertools.count(1)
    goals = []

    def add_goal(parent, level, unit):
        number = next(numbers)
        page = GoalPage(title=f"Mål {number}: {unit.name}", slug=f"mal-{number}", level=level, unit=unit,
                        description="<p>Målet beskrivs med några meningar om vad som ska uppnås och varför.</p>")
        page.quality_areas = [quality_areas[number % len(quality_areas)]]
        goals.append(add_live(parent, page))
        return page

    for b in range(board_goals):
        board_goal = add_goal(chain, GoalLevel.BOARD, board)
        for a in range(admin_each):
            area = (b + a) % len(areas)
            admin_goal = add_goal(board_goal, GoalLevel.ADMINISTRATION, areas[area])
            for u in range(unit_each):
                add_goal(admin_goal, GoalLevel.UNIT, units[area][(b + u) % len(units[area])])
    return chain, goals


def build_figures(goals, count, figures_each, prefix, seed):
    """``count`` indicators, each owned by a goal's unit and linked to that goal (and its parent
    goal), with ``figures_each`` figures: monthly for the owning unit, or quarterly for three units."""
    from wagtail_kvalitet.goals.periods import Frequency, Period
    from wagtail_kvalitet.models import GoalIndicator, Indicator, Measurement

    rng = random.Random(seed)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"{prefix}-{n}",
                name=f"Nyckeltal {n}",
                unit_of_measure="%",
                higher_is_better=n % 3 != 0,
                frequency=Frequency.MONTH if n % 2 == 0 else Frequency.QUARTER,
                unit=goals[n % len(goals)].unit,
            )
            for n in range(count)
        ],
        batch_size=BATCH_SIZE,
    )
    goal_of = {goal.pk: goal for goal in goals}
    links, seen = [], set()
    for n, indicator in enumerate(indicators):
        goal = goals[n % len(goals)]
        parent = goal_of.get(goal.get_parent().pk) if n < len(goals) else None
        for target_goal in (goal, parent):
            if target_goal is not None and (target_goal.pk, indicator.pk) not in seen:
                seen.add((target_goal.pk, indicator.pk))
                links.append(GoalIndicator(goal=target_goal, indicator=indicator, target=Decimal(80), sort_order=n))
    GoalIndicator.objects.bulk_create(links, batch_size=BATCH_SIZE)

    unit_ids = sorted({goal.unit for goal in goals}, key=lambda unit: unit.pk)
    rows = []
    for indicator in indicators:
        if indicator.frequency == Frequency.MONTH:
            pairs = [(indicator.unit, Period(2025, Frequency.MONTH, 1))]
            length = figures_each
        else:
            others = rng.sample([unit for unit in unit_ids if unit.pk != indicator.unit_id], 2)
            pairs = [(unit, Period(2025, Frequency.QUARTER, 1)) for unit in (indicator.unit, *others)]
            length = figures_each // 3
        for unit, period in pairs:
            for _ in range(length):
                rows.append(Measurement.build(indicator, unit, period, value=Decimal(rng.randrange(600, 1000)) / 10))
                period = period.next()
    Measurement.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(indicators), len(links), len(rows)


def build_plain_page(root):
    from benchmarks.baseline.models import PlainPage

    body = "".join(f"<p>Stycke {n} med några meningar text som på en vanlig informationssida.</p>" for n in range(12))
    return add_live(root, PlainPage(title="En vanlig sida", body=body))


def timed_get(client, url):
    gc.collect()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="timed requests of each page, alternating (default 21)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        started = time.perf_counter()
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.db import transaction
        from django.test import Client
        from wagtail.models import Page, Site

        from wagtail_kvalitet.models import GoalLevel, Measurement

        root = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
        with transaction.atomic():
            board, areas, units = build_units()
            large, large_goals = build_chain(root, "Målkedja 2026", board, areas, units,
                                             BOARD_GOALS, ADMINISTRATION_GOALS_EACH, UNIT_GOALS_EACH)
            indicators, links, figures = build_figures(large_goals, INDICATORS, FIGURES_EACH, "stor", 2026)
            small, small_goals = build_chain(root, "Liten målkedja", board, areas, units, 1, 1, 1)
            small_counts = build_figures(small_goals, 4, 6, "liten", 7)
            plain = build_plain_page(root)
        setup_seconds = time.perf_counter() - started

        def unit_goal(goals):
            return next(goal for goal in goals if goal.level == GoalLevel.UNIT and goal.goal_indicators.exists())

        pages = {
            "chain": large.url,
            "goal": unit_goal(large_goals).url,
            "small chain": small.url,
            "small goal": unit_goal(small_goals).url,
            "plain": plain.url,
        }
        client = Client()
        for url in pages.values():  # warm-up: templates, translations, the site lookup
            timed_get(client, url)
        times = {name: [] for name in pages}
        for n in range(args.rounds):
            order = list(pages.items()) if n % 2 == 0 else list(reversed(pages.items()))
            for name, url in order:
                times[name].append(timed_get(client, url))
        queries = {name: count_queries(client, url) for name, url in pages.items()}
        total_seconds = time.perf_counter() - started
        assert Measurement.objects.count() == figures + small_counts[2]

    medians = {name: statistics.median(values) for name, values in times.items()}
    results = [
        (medians["chain"] < TARGET_MEDIAN_MS,
         f"chain page median {medians['chain']:.1f} ms (target < {TARGET_MEDIAN_MS:.0f} ms)"),
        (queries["chain"] == queries["small chain"],
         f"chain page queries {queries['chain']} over {len(large_goals)} goals, {queries['small chain']} over "
         f"{len(small_goals)} (target: equal)"),
        (queries["goal"] == queries["small goal"],
         f"goal page queries {queries['goal']} in the large chain, {queries['small goal']} in the small one "
         "(target: equal)"),
    ]
    print("Goal chain page vs plain Wagtail page, SQLite, anonymous reader, through the test client")
    print(f"  large chain: {len(large_goals)} goals, {indicators:,} indicators, {links:,} goal links, "
          f"{figures:,} figures; small chain: {len(small_goals)} goals, {small_counts[0]} indicators, "
          f"{small_counts[2]} figures")
    print(f"  (migrate and build {setup_seconds:.1f} s; whole run {total_seconds:.0f} s; "
          f"{args.rounds} rounds, alternating)")
    print(f"  {'page':<13}{'median ms':>11}{'p95 ms':>10}{'queries':>9}")
    for name in pages:
        print(f"  {name:<13}{medians[name]:>11.1f}{percentile(times[name], 0.95):>10.1f}{queries[name]:>9}")
    print(f"  ratio chain/plain (median): {medians['chain'] / medians['plain']:.2f}")
    print(f"  ratio chain/small chain (median): {medians['chain'] / medians['small chain']:.2f}")
    print(f"  ratio goal/plain (median): {medians['goal'] / medians['plain']:.2f}")
    print()
    for passed, text in results:
        print(f"{'PASS' if passed else 'FAIL'}: {text}")
    return 0 if all(passed for passed, _text in results) else 1


if __name__ == "__main__":
    sys.exit(main())
