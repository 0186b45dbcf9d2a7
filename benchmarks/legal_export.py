"""Benchmark: the legal requirement list exports as fast as bare openpyxl, in constant queries and flat memory.

Why: quality staff export the whole list for the board or an auditor, and a large municipality's
list across all its operations runs to thousands of rows. The formatted export must not cost much
more than writing the same cells with no formatting at all, must not run a query per row, and must
not grow in memory with the list. The targets:

(a) exporting 10,000 requirements (both sheets) takes at most twice the time bare openpyxl
    write-only mode takes to write the same cell values, fetched beforehand; both are timed in
    the same run, alternately, and the medians compared;
(b) exporting 100 requirements runs as many queries as exporting 10,000;
(c) the peak memory of exporting 50,000 requirements is under three times that of exporting
    10,000: by default how far the resident memory of a fresh process rises during the export
    (C libraries included, a few seconds), with ``--tracemalloc`` the peak of Python's traced
    memory (Python objects only, and some minutes, as tracing slows the export about sevenfold).

What it does: migrates a fresh SQLite file in a temporary directory and builds, with bulk inserts,
50,000 requirements over ten statutes, with units on most, routines and processes on some and a
review history on a fifth. It prints each figure and PASS or FAIL, and exits with status 1 if
any target is missed.

Run from the repository root::

    .venv/bin/python benchmarks/legal_export.py [--rounds 3] [--tracemalloc]
"""

import argparse
import datetime
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ROWS_TIMED = 10_000
ROWS_LARGE = 50_000
ROWS_SMALL = 100
MAX_TIME_RATIO = 2.0
MAX_MEMORY_RATIO = 3.0


def setup_django(db_path, migrate=True):
    sys.path.insert(0, str(REPO_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["KVALITET_BENCHMARK_DB"] = str(db_path)
    import django

    django.setup()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)


def build_list(count):
    """``count`` requirements, as varied as a real list, inserted in bulk."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from wagtail_kvalitet.models import (
        ComplianceStatus,
        LegalRequirement,
        LegalRequirementReview,
        OrganisationUnit,
        ProcessKind,
        ProcessPage,
        QualityManualPage,
        RoutinePage,
        Statute,
        UnitKind,
    )

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    board = OrganisationUnit.add_root(name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    administration = board.add_child(name="Socialförvaltningen", code="SF", kind=UnitKind.ADMINISTRATION)
    units = [
        administration.add_child(name=name, code=f"U{n}", kind=UnitKind.AREA)
        for n, name in enumerate(["Äldreomsorg", "Funktionsstöd", "Individ- och familjeomsorg", "Hälso- och sjukvård"])
    ]
    people = [
        get_user_model().objects.create(username=f"person{n}", first_name=first, last_name="Exempelvik")
        for n, first in enumerate(["Karin", "Ali", "Maja", "Sven"])
    ]
    root = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    manual = publish(root, QualityManualPage(title="Ledningssystem för socialtjänsten", board=board))
    processes = [
        publish(manual, ProcessPage(title=f"Process {n}", kind=ProcessKind.CORE, purpose="Att ge rätt stöd."))
        for n in range(3)
    ]
    routines = [
        publish(processes[n % 3], RoutinePage(title=f"Rutin för {topic}", summary="Så gör vi.", responsible="Chef"))
        for n, topic in enumerate(["avvikelser", "klagomål", "journalföring", "riskanalys", "egenkontroll"])
    ]
    statutes = Statute.objects.bulk_create(
        [Statute(title=f"Författning {n}", number=f"20{10 + n}:{100 + n}") for n in range(10)]
    )
    statuses = ComplianceStatus.values
    today = datetime.date.today()
    requirements = LegalRequirement.objects.bulk_create(
        [
            LegalRequirement(
                statute=statutes[n % 10],
                reference=f"{n % 30 + 1} kap. {n % 12 + 1} §",
                title=f"Krav {n}: dokumentera insatser och beslut",
                demands="Vi dokumenterar varje beslut och insats så att den enskilde och IVO kan följa dem. " * 2,
                responsible_person=people[n % 4] if n % 3 else None,
                responsible_function="Enhetschef",
                how_met="Rutin för journalföring och egenkontroll två gånger om året.",
                status=statuses[n % len(statuses)],
                review_interval_months=12,
                last_reviewed=today - datetime.timedelta(days=n % 400),
                next_review_due=today + datetime.timedelta(days=n % 400 - 200),
                notes="Se även SOSFS 2011:9." if n % 5 == 0 else "",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    through = LegalRequirement.units.through
    through.objects.bulk_create(
        [
            through(legalrequirement_id=requirement.pk, organisationunit_id=units[(n + k) % 4].pk)
            for n, requirement in enumerate(requirements)
            if n % 5
            for k in range(n % 3 + 1)
        ],
        batch_size=5000,
    )
    through = LegalRequirement.routines.through
    through.objects.bulk_create(
        [
            through(legalrequirement_id=requirement.pk, routinepage_id=routines[(n + k) % 5].pk)
            for n, requirement in enumerate(requirements)
            if n % 3 == 0
            for k in range(2)
        ],
        batch_size=5000,
    )
    through = LegalRequirement.processes.through
    through.objects.bulk_create(
        [
            through(legalrequirement_id=requirement.pk, processpage_id=processes[n % 3].pk)
            for n, requirement in enumerate(requirements)
            if n % 4 == 0
        ],
        batch_size=5000,
    )
    LegalRequirementReview.objects.bulk_create(
        [
            LegalRequirementReview(
                requirement=requirement,
                reviewer_name="Karin Exempelvik",
                reviewed_on=requirement.last_reviewed,
                outcome=requirement.status,
                comment="Genomgånget med enhetscheferna.",
                next_review_due=requirement.next_review_due,
            )
            for n, requirement in enumerate(requirements)
            if n % 5 == 0
        ],
        batch_size=5000,
    )
    return [requirement.pk for requirement in requirements]


def first(pks, count):
    """The first ``count`` requirements, in the register's default order."""
    from wagtail_kvalitet.models import LegalRequirement
    from wagtail_kvalitet.snippets.legal_requirements import LegalRequirementViewSet

    return LegalRequirement.objects.filter(pk__lte=pks[count - 1]).order_by(*LegalRequirementViewSet.ordering)


def export(queryset, path):
    from wagtail_kvalitet.exports.legal_requirements import LegalRequirementExport

    job = LegalRequirementExport(queryset)
    job.save(path)
    return job.counts


def cell_values(queryset):
    """The values the export writes into its cells, row by row, as bare openpyxl would be given them."""
    from wagtail_kvalitet.exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS, REVIEW_HISTORY_COLUMNS
    from wagtail_kvalitet.exports.legal_requirements import LegalRequirementExport
    from wagtail_kvalitet.exports.workbook import Styled, local_naive

    def plain(value):
        value = value.value if type(value) is Styled else value
        return local_naive(value) if isinstance(value, datetime.datetime) else value

    job = LegalRequirementExport(queryset)
    sheets = []
    sheets_rows = ((LEGAL_REQUIREMENT_COLUMNS, job.requirement_rows()), (REVIEW_HISTORY_COLUMNS, job.review_rows()))
    for columns, rows in sheets_rows:
        keys = [column.key for column in columns]
        sheets.append([[plain(row.get(key)) for key in keys] for row in rows])
    return sheets


def bare_openpyxl(sheets, path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for rows in sheets:
        worksheet = workbook.create_sheet()
        for row in rows:
            worksheet.append(row)
    workbook.save(path)


def timed(function, *args):
    gc.collect()
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def queries(function, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return len(captured.captured_queries), result


def peak_traced_memory(function, *args):
    gc.collect()
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def resident_memory():
    """Resident memory now and at its highest in this process, in bytes (Linux)."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    # Not getrusage(): after fork and exec, its maximum still counts the parent's memory.
    return tuple(int(fields[name].split()[0]) * 1024 for name in ("VmRSS", "VmHWM"))


def peak_resident_memory(db_path, count, out):
    """How far resident memory rises above its start while a fresh process exports ``count`` requirements.

    A fresh process, because one that has already built the list and exported it has memory to
    spare and would not need to grow; the rise includes what C libraries (SQLite, zlib) take.
    """
    result = subprocess.run(
        [sys.executable, __file__, "--memory-of", str(count), "--db", str(db_path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"The memory measurement failed:\n{result.stderr}")
    return int(result.stdout.split()[-1])


def measure_memory_here(db_path, count, out):
    """The child's side of ``peak_resident_memory``: warm up on a few rows, then export ``count``."""
    setup_django(db_path, migrate=False)
    from wagtail_kvalitet.models import LegalRequirement

    pks = list(LegalRequirement.objects.order_by("pk").values_list("pk", flat=True))
    export(first(pks, ROWS_SMALL), out)
    gc.collect()
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # start the high-water mark again from here
    start, _peak = resident_memory()
    export(first(pks, count), out)
    _now, peak = resident_memory()
    print(max(peak - start, 0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed exports of each kind, alternating (default 3)")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="measure memory with tracemalloc (Python objects only, about seven times slower) instead of "
        "the resident memory of a fresh process",
    )
    parser.add_argument("--memory-of", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        measure_memory_here(args.db, args.memory_of, args.out)
        return 0

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        setup_django(tmp / "bench.sqlite3")
        pks = build_list(ROWS_LARGE)
        setup_seconds = time.perf_counter() - started
        out = tmp / "export.xlsx"

        export(first(pks, ROWS_SMALL), out)  # warm-up: the sites' root paths, content types, translations
        small_queries, _counts = queries(export, first(pks, ROWS_SMALL), out)
        values = cell_values(first(pks, ROWS_TIMED))
        cells = sum(len(row) for rows in values for row in rows)
        ours, bare = [], []
        for _ in range(args.rounds):
            ours.append(timed(export, first(pks, ROWS_TIMED), out))
            bare.append(timed(bare_openpyxl, values, tmp / "bare.xlsx"))
        del values
        timed_queries, counts = queries(export, first(pks, ROWS_TIMED), out)
        size = out.stat().st_size

        if args.tracemalloc:
            memory_timed = peak_traced_memory(export, first(pks, ROWS_TIMED), out)
            memory_large = peak_traced_memory(export, first(pks, ROWS_LARGE), out)
        else:
            from django.db import connections

            connections.close_all()
            memory_timed = peak_resident_memory(tmp / "bench.sqlite3", ROWS_TIMED, out)
            memory_large = peak_resident_memory(tmp / "bench.sqlite3", ROWS_LARGE, out)
        total_seconds = time.perf_counter() - started

    ours_median, bare_median = statistics.median(ours), statistics.median(bare)
    time_ratio = ours_median / bare_median
    memory_ratio = memory_large / memory_timed
    memory_kind = "traced by tracemalloc" if args.tracemalloc else "resident, above its start in a fresh process"
    results = [
        (time_ratio <= MAX_TIME_RATIO, f"time ratio {time_ratio:.2f} (target <= {MAX_TIME_RATIO:.0f})"),
        (
            small_queries == timed_queries,
            f"queries {small_queries} for {ROWS_SMALL} rows, {timed_queries} for {ROWS_TIMED:,} rows (target: equal)",
        ),
        (memory_ratio < MAX_MEMORY_RATIO, f"memory ratio {memory_ratio:.2f} (target < {MAX_MEMORY_RATIO:.0f})"),
    ]

    print("Legal requirement list export vs bare openpyxl write-only, SQLite")
    print(f"  (migrate and build {ROWS_LARGE:,} requirements: {setup_seconds:.1f} s; whole run {total_seconds:.0f} s)")
    print(f"  {ROWS_TIMED:,} requirements and {counts['reviews']:,} reviews: {cells:,} cells, {size / 1e6:.1f} MB file")
    print(f"  export, {args.rounds} rounds (s): {', '.join(f'{t:.2f}' for t in ours)}; median {ours_median:.2f}")
    print(f"  bare openpyxl, same cells (s):    {', '.join(f'{t:.2f}' for t in bare)}; median {bare_median:.2f}")
    print(f"  ratio export/bare (median): {time_ratio:.2f}")
    print(f"  queries: {small_queries} for {ROWS_SMALL} rows, {timed_queries} for {ROWS_TIMED:,} rows")
    print(
        f"  peak memory, {memory_kind}: {memory_timed / 1e6:.1f} MB for {ROWS_TIMED:,} rows, "
        f"{memory_large / 1e6:.1f} MB for {ROWS_LARGE:,} rows; ratio {memory_ratio:.2f}"
    )
    print()
    for passed, text in results:
        print(f"{'PASS' if passed else 'FAIL'}: {text}")
    return 0 if all(passed for passed, _text in results) else 1


if __name__ == "__main__":
    sys.exit(main())
