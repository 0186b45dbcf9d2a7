"""Benchmark: the board's compilation of cases for a quarter comes up in under a second over 100,000 cases.

Why: the report is opened by quality staff before each board meeting, and a large municipality
collects tens of thousands of complaints, comments and ideas over the two years it keeps them.
Every figure is counted in the database with a fixed number of grouped queries, so the time must
stay well under a second on SQLite and the number of queries must not depend on the number of
cases. The targets:

(a) the median of a full request for one quarter's report (computing and rendering, through the
    real admin view, logged in as a superuser) is under 1 second on SQLite;
(b) the report over 100,000 cases runs as many queries as the same report over a period with no
    cases at all.

A bare figure depends on the machine, so the script also times, in the same run and alternately,
the same admin view for a period with no cases (the admin page, the same queries, no data), and
a bare ``FeedbackCase.objects.count()``, and prints the ratio.

What it does: migrates a fresh SQLite file in a temporary directory and builds, with bulk inserts,
30 units in a tree (board, administration, 4 areas, 24 units) and 100,000 cases spread over the
last two years, with kinds, senders, channels, statuses, deadlines, handling dates, one to two
quality areas on most and measures on some. It prints each figure and PASS or FAIL, and exits
with status 1 if a target is missed. It takes one to two minutes, most of it building the cases.

Run from the repository root::

    .venv/bin/python benchmarks/case_report.py [--cases 100000] [--rounds 7]
"""

import argparse
import datetime
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES = 100_000
TARGET_SECONDS = 1.0
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
    units = [board, administration]
    areas = ["Äldreomsorg", "Funktionsstöd", "Individ- och familjeomsorg", "Hälso- och sjukvård"]
    for a, area_name in enumerate(areas):
        area = administration.add_child(name=area_name, code=f"A{a}", kind=UnitKind.AREA)
        units.append(area)
        for u in range(6):
            units.append(area.add_child(name=f"{area_name} enhet {u + 1}", code=f"A{a}-U{u}", kind=UnitKind.UNIT))
    return units


def build_cases(count, units, today):
    """``count`` cases over the two years before ``today``, inserted in bulk with their quality areas."""
    from django.utils import timezone

    from wagtail_kvalitet.feedback.deadlines import add_working_days
    from wagtail_kvalitet.models import CaseKind, CaseStatus, FeedbackCase, QualityArea
    from wagtail_kvalitet.models.feedback import CASE_FLOW, IDEA_FLOW, Channel, SenderType

    rng = random.Random(2011_9)
    areas = list(QualityArea.objects.values_list("pk", flat=True))
    kinds = [CaseKind.COMPLAINT] * 4 + [CaseKind.COMMENT] * 2 + [CaseKind.PRAISE, CaseKind.SUGGESTION, CaseKind.IDEA]
    senders = [*SenderType.values, ""]
    channels = Channel.values
    deadlines = {}
    start = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=730), datetime.time(7)))
    span = 730 * 24 * 3600
    through = FeedbackCase.quality_areas.through
    created = 0
    while created < count:
        batch = []
        for n in range(created, min(created + BATCH_SIZE, count)):
            received = start + datetime.timedelta(seconds=rng.randrange(span))
            received_on = timezone.localdate(received)
            if received_on not in deadlines:
                deadlines[received_on] = (add_working_days(received_on, 2), add_working_days(received_on, 10))
            receipt_due, answer_due = deadlines[received_on]
            kind = rng.choice(kinds)
            flow = IDEA_FLOW if kind == CaseKind.IDEA else CASE_FLOW
            recent = received_on > today - datetime.timedelta(days=30)
            status = rng.choice(flow) if recent else flow[-2 if n % 7 else -1]
            acknowledged = received + datetime.timedelta(hours=rng.randrange(1, 96)) if status != flow[0] else None
            answered = (
                received + datetime.timedelta(hours=rng.randrange(24, 24 * 20))
                if status in (CaseStatus.ANSWERED, CaseStatus.CLOSED, CaseStatus.DONE, CaseStatus.NOT_PURSUED)
                else None
            )
            batch.append(
                FeedbackCase(
                    reference=f"{'IDE' if kind == CaseKind.IDEA else 'SYN'}-B-{n:07d}",
                    kind=kind,
                    status=status,
                    channel=rng.choice(channels),
                    unit=units[n % len(units)] if n % 50 else None,
                    description="Beskrivning av vad som hände, med några meningar om omständigheterna.",
                    sender_type=rng.choice(senders),
                    name="Exempel Exempelsson" if n % 3 else "",
                    received_at=received,
                    receipt_due_on=receipt_due,
                    answer_due_on=answer_due,
                    acknowledged_at=acknowledged,
                    answered_at=answered,
                    finished_at=answered if status in (CaseStatus.CLOSED, CaseStatus.DONE) else None,
                    measures="Rutinen för nattpatrull ses över och personalen utbildas." if n % 4 == 0 else "",
                    lex_sarah=n % 97 == 0,
                    lex_maria=n % 89 == 0,
                )
            )
        cases = FeedbackCase.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        rows = []
        for n, case in enumerate(cases):
            if n % 5:
                rows.extend(
                    through(feedbackcase_id=case.pk, qualityarea_id=area)
                    for area in rng.sample(areas, 1 + (n % 3 == 0))
                )
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        created += len(batch)


def timed_get(client, url, cpu_times=None):
    """Wall-clock seconds of one request; its CPU seconds are added to ``cpu_times``.

    SQLite runs inside this process, so on an idle machine the two are close; a wall time far
    above the CPU time means other processes were competing for the processor.
    """
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if cpu_times is not None:
        cpu_times.append(time.process_time() - started_cpu)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=CASES, help=f"cases to build (default {CASES:,})")
    parser.add_argument("--rounds", type=int, default=7, help="timed requests of each kind, alternating (default 7)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        started = time.perf_counter()
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.db import transaction
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from wagtail_kvalitet.models import FeedbackCase
        from wagtail_kvalitet.reports.periods import Period

        today = timezone.localdate()
        with transaction.atomic():
            units = build_units()
            build_cases(args.cases, units, today)
        setup_seconds = time.perf_counter() - started

        quarter = Period.last_full_quarter(today)
        empty = Period(datetime.date(2000, 1, 1), datetime.date(2000, 3, 31))
        base = reverse("wagtail_kvalitet_case_report:index")
        report_url = f"{base}?period={quarter.key}"
        empty_url = f"{base}?period=custom&date_from={empty.start}&date_to={empty.end}"
        user = get_user_model().objects.create(username="bench", is_staff=True, is_superuser=True)
        client = Client()
        client.force_login(user)
        start, end = quarter.bounds()
        in_quarter = FeedbackCase.objects.filter(received_at__gte=start, received_at__lt=end).count()

        for url in (report_url, empty_url):  # warm-up: templates, translations, permissions
            timed_get(client, url)
        report_times, report_cpu_times, empty_times, count_times = [], [], [], []
        for _ in range(args.rounds):
            report_times.append(timed_get(client, report_url, report_cpu_times))
            empty_times.append(timed_get(client, empty_url))
            gc.collect()
            began = time.perf_counter()
            FeedbackCase.objects.count()
            count_times.append(time.perf_counter() - began)
        report_queries = count_queries(client, report_url)
        empty_queries = count_queries(client, empty_url)
        total_seconds = time.perf_counter() - started

    report_median = statistics.median(report_times)
    empty_median = statistics.median(empty_times)
    count_median = statistics.median(count_times)
    results = [
        (report_median < TARGET_SECONDS, f"report median {report_median:.3f} s (target < {TARGET_SECONDS:.0f} s)"),
        (
            report_queries == empty_queries,
            f"queries {report_queries} over {in_quarter:,} cases in the quarter, {empty_queries} over none "
            "(target: equal)",
        ),
    ]
    print("Compilation of cases for one quarter, through the admin view, SQLite")
    print(f"  (migrate and build {args.cases:,} cases in {len(units)} units: {setup_seconds:.1f} s; "
          f"whole run {total_seconds:.0f} s)")
    print(f"  {quarter} ({quarter.dates_label}): {in_quarter:,} cases, and as many again in the quarter before")
    print(f"  report, {args.rounds} rounds (s):   {', '.join(f'{t:.3f}' for t in report_times)}; "
          f"median {report_median:.3f}")
    print(f"  report, CPU time of the same requests: median {statistics.median(report_cpu_times):.3f} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors)")
    print(f"  baseline: same view, no cases (s): {', '.join(f'{t:.3f}' for t in empty_times)}; "
          f"median {empty_median:.3f}")
    print(f"  baseline: FeedbackCase.objects.count() over {args.cases:,} cases: median {count_median * 1000:.1f} ms")
    print(f"  ratio report/empty report (median): {report_median / empty_median:.2f}")
    print(f"  queries per request: {report_queries} (report), {empty_queries} (no cases)")
    print()
    for passed, text in results:
        print(f"{'PASS' if passed else 'FAIL'}: {text}")
    return 0 if all(passed for passed, _text in results) else 1


if __name__ == "__main__":
    sys.exit(main())
