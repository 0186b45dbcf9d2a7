"""Load test of the production shape: gunicorn, PostgreSQL, Redis, the task worker and SMTP, under locust.

Why: the other benchmarks time one request on SQLite in one process. A municipality runs the
example site as ``example_site/settings/production.py`` describes: two or more gunicorn workers
sharing PostgreSQL and Redis (rate limits, spent form tokens and cached pages), a task worker
sending the outbox's emails, and a mail server. Whether that shape holds its promises only shows
under concurrent load and when parts of it fail: a complaint whose reference number was shown
must be stored, the rate limit must count across workers, each email must be sent once, a page
published in the admin must reach readers through the page cache, and killing a worker or Redis
must heal without anyone stepping in.

What it does, all on 127.0.0.1: builds a fresh database ``kvalitet_load`` with the real demo
(migrated and built once with the production settings, then cloned from a cached template; see
``benchmarks/load/database.py``), starts its own ``redis-server`` on a free port (never the
machine's), an SMTP sink in a thread, ``gunicorn -c example_site/gunicorn.conf.py`` with two
workers and ``manage.py db_worker``, and drives them with locust (headless, in its own
virtualenv ``.venv-load``, built once from ``benchmarks/load/requirements.txt``): readers of
routine pages at a fixed offered rate, searchers, citizens sending complaints through the public
form, and an editor publishing through the admin. Readers and searchers are signed-in staff, as
the demo has it: its quality manual, every routine page and the routine list, is on the intranet
behind Wagtail's login. The setup creates 30 accounts ``lasttest-lasare-NN`` in one group
``Medarbetare (lasttest)`` and nothing else, so they share one cached copy of each page; each
locust reader and searcher signs in with one of them through Wagtail's front-end login at its
start. No restriction is lifted.

The timeline (full run; the short run's in parentheses), from locust's first request: a warm-up
of 10 s (5 s) while the users sign in and the caches fill, not judged; the steady window 10-70 s
(5-20 s), free of faults, on which the target is judged (requests started in it, up to 1 s before
the kill, so none was in flight when the worker died); one gunicorn worker SIGKILLed at 70 s
(20 s); Redis SIGKILLed at 100 s (32 s) and started again 3 s later; the end at 130 s (50 s).
After the load: the four checks of ``benchmarks/load/checks.py``, then the report: per kind
requests, throughput, p50/p95/p99 and errors, once for the steady window and once for the whole
run with its faults; each fault's 15 s after beside the 15 s before; the CPU seconds each part
of the shape used (gunicorn, PostgreSQL's backends, redis-server, db_worker, locust; sampled
from ``/proc`` every second, so approximate); errors from the server's log.

Target (full run only, on the steady window): routine pages at least 200 requests/s with p95
under 100 ms; and, in both runs, no complaint lost, no duplicate notification, the rate limit held
and publishing seen by readers. Exits with status 1 if a check or (full run) the target fails.
Everything it started is stopped on the way out, also on Ctrl-C. The run's logs and CSVs stay in
a temporary directory, printed at the end, when anything failed (or with ``--keep``); the
database ``kvalitet_load`` stays until the next run, for a look at what the run wrote. Needs
PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and ``redis-server`` on the PATH.

Run from the repository root::

    .venv/bin/python benchmarks/production_load.py            # full: 130 s of load, about 2.5 minutes
    .venv/bin/python benchmarks/production_load.py --short    # CI: 50 s of load, about 1.5 minutes

The first run on a machine also builds ``.venv-load`` and the demo template (about 40 s more).
"""

import argparse
import csv
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.load import checks, database, orm, report  # noqa: E402
from benchmarks.load.browser import Browser  # noqa: E402
from benchmarks.load.load_venv import ensure_load_venv  # noqa: E402
from benchmarks.load.processes import (  # noqa: E402
    CpuMeter,
    Processes,
    child_pids,
    free_port,
    http_answers,
    wait_until,
)
from benchmarks.load.smtp_sink import SmtpSink  # noqa: E402

TARGET_RATE = 200.0
TARGET_P95_MS = 100.0
FAULT_SPAN = 15.0
#: The steady window ends this long before the worker is killed (by the requests' start times).
STEADY_MARGIN = 1.0
REDIS_DOWN_SECONDS = 3.0
EDITOR = "lasttest-redaktor"
#: The readers' accounts (``lasttest-lasare-01`` ...), all in one group; readers and searchers take them in turn.
READER_ACCOUNTS = 30


@dataclass(frozen=True)
class Profile:
    name: str
    #: The timeline, in seconds from locust's first request: the warm-up ends (the steady window
    #: starts), a gunicorn worker is killed (the steady window ends), Redis is killed, the load ends.
    warm_up: float
    worker_kill: float
    redis_kill: float
    seconds: int
    reader_rate: float
    readers: int
    search_rate: float
    searchers: int
    citizens: int
    #: Copies of the demo's routine pages read besides them.
    extra_routines: int

    def scaled(self, seconds):
        """The same timeline stretched or squeezed to ``seconds`` of load."""
        factor = seconds / self.seconds
        return replace(
            self,
            seconds=seconds,
            warm_up=self.warm_up * factor,
            worker_kill=self.worker_kill * factor,
            redis_kill=self.redis_kill * factor,
        )


FULL = Profile(
    "full", warm_up=10, worker_kill=70, redis_kill=100, seconds=130,
    reader_rate=215, readers=50, search_rate=10, searchers=5, citizens=6, extra_routines=0,
)  # fmt: skip
SHORT = Profile(
    "short", warm_up=5, worker_kill=20, redis_kill=32, seconds=50,
    reader_rate=80, readers=16, search_rate=4, searchers=2, citizens=4, extra_routines=0,
)  # fmt: skip


def app_env(redis_port, smtp_port, app_port):
    """The production settings' environment, for every process of the shape (and the ORM scripts)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "KVALITET_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
            "PYTHONPATH": str(REPO_ROOT),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database.database_url(database.DATABASE),
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "PAGE_CACHE_SECONDS": "300",
            "WEB_CONCURRENCY": "2",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{app_port}",
        }
    )
    return env


def locust_env(profile, targets, editor_password, reader_password, run_dir):
    """The locustfile's settings; a ``KVALITET_LOAD_*`` variable set by hand (e.g. ``KVALITET_LOAD_VISIT_PAGES``)
    passes through unless the run sets it."""
    routines = targets["routines"]
    env = {
        key: value
        for key, value in os.environ.items()
        if key.startswith("KVALITET_LOAD_") or not key.startswith(("DJANGO_", "KVALITET_"))
    }
    env.update(
        {
            "KVALITET_LOAD_ROUTINE_URLS": ",".join(page["url"] for page in routines),
            "KVALITET_LOAD_SEARCH_URLS": ",".join(targets["search_urls"]),
            "KVALITET_LOAD_SEARCH_WORDS": ",".join(targets["search_words"]),
            "KVALITET_LOAD_FORM_URL": targets["form"]["url"],
            "KVALITET_LOAD_UNIT_PKS": ",".join(map(str, targets["unit_pks"])),
            # The editor republishes all but the first routine page, which the publishing check retitles.
            "KVALITET_LOAD_PUBLISH_PKS": ",".join(str(page["pk"]) for page in routines[1:] or routines),
            "KVALITET_LOAD_EDITOR_USERNAME": EDITOR,
            "KVALITET_LOAD_EDITOR_PASSWORD": editor_password,
            "KVALITET_LOAD_STAFF_USERNAMES": ",".join(targets["readers"]),
            "KVALITET_LOAD_STAFF_PASSWORD": reader_password,
            "KVALITET_LOAD_LOGIN_URL": targets["login_url"],
            "KVALITET_LOAD_FORM_MIN_SECONDS": str(targets["min_seconds"]),
            "KVALITET_LOAD_READERS": str(profile.readers),
            "KVALITET_LOAD_READER_RATE": str(profile.reader_rate),
            "KVALITET_LOAD_SEARCHERS": str(profile.searchers),
            "KVALITET_LOAD_SEARCH_RATE": str(profile.search_rate),
            "KVALITET_LOAD_CITIZENS": str(profile.citizens),
            "KVALITET_LOAD_EDITORS": "1",
            "KVALITET_LOAD_REQUESTS_CSV": str(run_dir / "requests.csv"),
            "KVALITET_LOAD_SUBMISSIONS_CSV": str(run_dir / "submissions.csv"),
        }
    )
    return env


def require_targets(targets):
    """Fail early, and say why, if the demo lacks what the users need."""
    problems = []
    if not targets["routines"]:
        problems.append(
            f"no live routine page a signed-in reader may open ({targets['unreadable_routines']} are behind a "
            "password or restricted to groups)"
        )
    if not targets["search_urls"]:
        problems.append("no live routine list (RoutineIndexPage) a signed-in reader may open")
    if not targets["form"]:
        problems.append("no live public feedback form page")
    if not targets["readers"]:
        problems.append("no reader accounts")
    if problems:
        raise RuntimeError("The demo content lacks what the load test needs: " + "; ".join(problems))


def collectstatic(env):
    """The manifest the production storage needs to render any page (``STATIC_ROOT`` of the example site)."""
    subprocess.run(
        [sys.executable, "example_site/manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def wait_for_tasks(env, limit=240):
    """Let the task worker finish what the setup queued (the search and reference index of copied pages) first.

    Otherwise it would do that work during the load, and the figures would say something of the setup.
    """
    started = time.monotonic()
    while (waiting := orm.run(env, "tasks")["waiting"]) and time.monotonic() - started < limit:
        time.sleep(2)
    if waiting:
        print(f"  note: {waiting} tasks still waited for the task worker when the load started")


def warm_up(base_url, targets, reader_password):
    """Each worker imports lazily on its first requests; take that out of the figures (as a signed-in reader)."""
    browser = Browser(base_url)
    first = targets["routines"][0]["url"]
    if not browser.sign_in_as_reader(first, targets["readers"][0], reader_password, targets["login_url"]):
        raise RuntimeError(f"the reader {targets['readers'][0]} could not sign in through Wagtail's login")
    paths = [page["url"] for page in targets["routines"]] * 2 + targets["search_urls"]
    for path in paths:
        answer = browser.get(path)
        if answer.status != 200:
            raise RuntimeError(f"warm-up: {path} answered {answer.status} to a signed-in reader, not 200")
    for _ in range(2):
        Browser(base_url).get(targets["form"]["url"])


def data_rows(path):
    try:
        with open(path, "rb") as file:
            return sum(1 for _ in file) - 1
    except OSError:
        return 0


class Faults:
    """Kill a gunicorn worker, and later Redis; remember when and what. The CPU meter samples just before each."""

    def __init__(self, processes, redis_port, meter):
        self.processes = processes
        self.redis_port = redis_port
        self.meter = meter
        self.events = []  # (name, time, details)

    def kill_worker(self):
        master = self.processes.started["gunicorn"].pid
        workers = child_pids(master)
        self.meter.sample()
        if not workers:
            self.events.append(("gunicorn worker SIGKILLed", time.time(), "no worker found to kill"))
            return
        victim = workers[0]
        at = time.time()
        os.kill(victim, signal.SIGKILL)
        self.events.append(("gunicorn worker SIGKILLed", at, f"pid {victim} of workers {workers}"))

    def kill_redis(self):
        self.meter.sample()
        at = time.time()
        self.processes.kill_redis()
        time.sleep(REDIS_DOWN_SECONDS)
        self.processes.start_redis(self.redis_port)
        details = f"restarted on port {self.redis_port} after {time.time() - at:.1f} s (empty: no persistence)"
        self.events.append(("redis-server SIGKILLed", at, details))

    def at(self, name):
        return next((at for event, at, _ in self.events if event.startswith(name)), None)


def run_load(processes, faults, meter, load_python, profile, env, base_url, run_dir):
    """Run locust headless for the profile's time, the faults at their times; the moment of the first request.

    The CPU meter samples every second from just before locust starts until it has stopped.
    """
    users = profile.readers + profile.searchers + profile.citizens + 1
    argv = [
        "-f",
        "benchmarks/load/locustfile.py",
        "--headless",
        "-u",
        str(users),
        "-r",
        str(max(users // 2, 1)),
        "--run-time",
        f"{profile.seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        base_url,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    meter.sample()
    locust = processes.start_locust(load_python, argv, env)
    log = processes.log_path("locust")
    wait_until(lambda: data_rows(run_dir / "requests.csv") > 0, 60, "locust's first request", locust, log)
    started = time.time()
    schedule = [
        (started + profile.worker_kill, faults.kill_worker),
        (started + profile.redis_kill, faults.kill_redis),
    ]
    deadline = started + profile.seconds + 90
    next_sample = time.time()
    while locust.poll() is None:
        if schedule and time.time() >= schedule[0][0]:
            schedule.pop(0)[1]()
            continue
        if time.time() >= next_sample:
            meter.sample()
            next_sample += 1.0
        if time.time() > deadline:
            raise RuntimeError(f"locust did not stop within {profile.seconds + 90} s.")
        time.sleep(0.1)
    meter.sample()
    if locust.returncode != 0:
        raise RuntimeError(f"locust exited with status {locust.returncode}:\n{report_tail(log)}")
    processes.started.pop("locust", None)
    return started


def report_tail(path, lines=40):
    text = Path(path).read_text(errors="replace").splitlines() if Path(path).exists() else []
    return "\n".join(text[-lines:])


def shown_references(path):
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return [row["reference"] for row in rows if row["reference"]], Counter(row["outcome"] for row in rows)


#: Routine lines of the logs: gunicorn's INFO ("[date] [pid] [INFO] ..."), the task worker's progress.
ROUTINE_LOG_LINE = re.compile(
    r"^\[[^\]]+\] \[\d+\] \[(INFO|DEBUG)\] "
    r"|^Task id=\S+ path=\S+ state=(RUNNING|SUCCESSFUL)$"
    r"|^Starting worker |^Received \w+ - shutting down"
)


def log_problems(path, limit=12):
    """What a server log says beyond its routine lines: count, and the distinct lines (digits as N).

    The app logs its warnings and errors without gunicorn's prefix, so every such line counts.
    """
    if not Path(path).exists():
        return 0, []
    hits = []
    for line in Path(path).read_text(errors="replace").splitlines():
        if line.strip() and not ROUTINE_LOG_LINE.search(line):
            hits.append(line.strip())
    distinct = Counter(re.sub(r"\d+", "N", line)[:220] for line in hits)
    return len(hits), [f"{count} x {line}" for line, count in distinct.most_common(limit)]


def server_errors(access_log):
    rows = checks.parse_access_log(Path(access_log).read_text().splitlines()) if Path(access_log).exists() else []
    return Counter(
        f"{method} {path.split('?')[0]} -> {status}" for _pid, _x, method, path, status in rows if status >= 500
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Timeline from locust's first request: warm-up (not judged), the steady window (the target is judged "
        "on it), a gunicorn worker SIGKILLed, Redis SIGKILLed and restarted 3 s later, the end. Full: 10 s, "
        "10-70 s, 70 s, 100 s, 130 s. Short: 5 s, 5-20 s, 20 s, 32 s, 50 s.",
    )
    parser.add_argument(
        "--short",
        action="store_true",
        help="CI's version: 50 s of load at a lower rate (steady window 5-20 s, worker killed at 20 s, Redis at 32 s); "
        "the target is not judged",
    )
    parser.add_argument(
        "--seconds",
        type=int,
        help="length of the load (default 130, or 50 with --short); the warm-up, the steady window and the faults "
        "keep their places in proportion",
    )
    parser.add_argument(
        "--extra-routines",
        type=int,
        help="read this many copies of the demo's routine pages as well (made in the run's database only), as on "
        "a municipality's intranet with hundreds of routines, where each publish outdates hundreds of cached pages "
        "(default 0: the demo's own routines)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's logs and CSVs even if all passed")
    args = parser.parse_args()
    profile = SHORT if args.short else FULL
    if args.seconds:
        profile = profile.scaled(args.seconds)

    wall_started = time.perf_counter()
    load_before = os.getloadavg()
    run_dir = Path(tempfile.mkdtemp(prefix="kvalitet-load-"))
    redis_port, app_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{app_port}"
    editor_password = secrets.token_urlsafe(16)
    reader_password = secrets.token_urlsafe(16)
    sink = SmtpSink().start()
    env = app_env(redis_port, sink.port, app_port)
    processes = Processes(run_dir, env)
    meter = CpuMeter(processes, database.DATABASE)
    faults = Faults(processes, redis_port, meter)
    passed = False

    def terminate(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        load_python = ensure_load_venv()
        processes.start_redis(redis_port)
        db_seconds, db_how = database.prepare(env, sys.executable, run_dir / "setup.log")
        collectstatic(env)
        extra = args.extra_routines if args.extra_routines is not None else profile.extra_routines
        if extra:
            orm.run(env, "copies", extra, timeout=600)
        targets = orm.run(env, "targets", EDITOR, editor_password, reader_password, READER_ACCOUNTS)
        require_targets(targets)
        processes.start_gunicorn(app_port, run_dir / "access.log", sys.executable)
        processes.start_task_worker(sys.executable)
        wait_for_tasks(env)
        warm_up(base_url, targets, reader_password)
        setup_seconds = time.perf_counter() - wall_started

        readers = targets["readers"]
        print(
            f"Production-shape load test ({profile.name}): {profile.seconds} s of load on {base_url}, "
            f"{len(targets['routines'])} routine pages, form {targets['form']['url']}; run directory {run_dir}"
        )
        print(
            f"  readers and searchers are signed-in staff: {len(readers)} accounts ({readers[0]} .. {readers[-1]}) "
            f"sharing one permission group '{targets['reader_group']}' (so one cached copy of each page), each "
            f"signing in through Wagtail's login ({targets['login_url']}); {targets['login_routines']} of the "
            f"{len(targets['routines'])} routine pages are behind the intranet's login"
        )
        print(
            f"  timeline from the first request: warm-up 0-{profile.warm_up:.0f} s (not judged), steady window "
            f"{profile.warm_up:.0f}-{profile.worker_kill:.0f} s, "
            f"gunicorn worker SIGKILL at {profile.worker_kill:.0f} s, "
            f"Redis SIGKILL + restart at {profile.redis_kill:.0f} s, end at {profile.seconds} s"
        )
        print(f"  setup {setup_seconds:.1f} s (database {db_seconds:.1f} s: {db_how})")
        print(
            f"  machine: {os.cpu_count()} CPUs, load average before the run {load_before[0]:.2f} "
            f"{load_before[1]:.2f} {load_before[2]:.2f} (anything else running skews the figures)"
        )
        sys.stdout.flush()
        started = run_load(
            processes,
            faults,
            meter,
            load_python,
            profile,
            locust_env(profile, targets, editor_password, reader_password, run_dir),
            base_url,
            run_dir,
        )
        wait_until(lambda: http_answers(base_url + "/"), 30, "the site after the load")

        shown, outcomes = shown_references(run_dir / "submissions.csv")
        rate_result, burst_shown = checks.check_rate_limit(base_url, targets, run_dir / "access.log")
        publish_result = checks.check_publishing(
            env,
            base_url,
            (EDITOR, editor_password),
            (readers[-1], reader_password),
            targets["login_url"],
            targets["routines"][0],
        )
        mail_result = checks.check_notifications(env, sink, targets["max_case_pk"])
        reference_result = checks.check_references(env, shown + burst_shown, targets["cases"], run_dir)
        results = [reference_result, rate_result, mail_result, publish_result]

        requests = report.read_requests(run_dir / "requests.csv")
        if not requests:
            raise RuntimeError(f"locust recorded no requests:\n{report_tail(processes.log_path('locust'))}")
        timeline = Timeline(profile, requests, started, faults)
        passed = print_report(
            profile, requests, timeline, faults, meter, results, outcomes, setup_seconds, wall_started, run_dir
        )
    except KeyboardInterrupt:
        print("\nInterrupted; stopping everything the load test started.", file=sys.stderr)
        passed = False
    except Exception as error:
        traceback.print_exc()
        print(f"\nFAIL: the load test could not run: {error}", file=sys.stderr)
        passed = False
    finally:
        signal.signal(signal.SIGTERM, previous)
        processes.stop_all()
        sink.stop()
        if passed and not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"Logs and CSVs of this run: {run_dir}")
        print(f"Wall time {time.perf_counter() - wall_started:.0f} s in all.")
    return 0 if passed else 1


class Timeline:
    """The run's moments, in epoch seconds: the clock's zero, the steady window, the first and last request."""

    def __init__(self, profile, requests, started, faults):
        # Zero is the moment the orchestrator saw locust's first request; the faults were timed from it.
        self.first = min(request.time for request in requests)
        self.last = max(request.time for request in requests)
        self.zero = started
        self.steady_start = started + profile.warm_up
        # Requests started in the last second before the kill might still be in flight when it strikes.
        self.steady_end = (faults.at("gunicorn worker") or started + profile.worker_kill) - STEADY_MARGIN


def print_report(profile, requests, timeline, faults, meter, results, outcomes, setup_seconds, wall_started, run_dir):
    judged = profile.name == FULL.name
    offered = (
        f"offered: routine pages {profile.reader_rate:.0f}/s, searches {profile.search_rate:.0f}/s, "
        f"{profile.citizens} citizens, 1 editor"
    )
    zero = timeline.zero
    steady_seconds = timeline.steady_end - timeline.steady_start
    steady_requests = report.window(requests, timeline.steady_start, timeline.steady_end)
    steady_rows = report.figures(steady_requests, steady_seconds)
    print(
        f"\nSteady window ({'judged' if judged else 'judged in the full run only'}): requests started "
        f"+{timeline.steady_start - zero:.0f} s to +{timeline.steady_end - zero:.0f} s, after the warm-up and "
        f"{STEADY_MARGIN:.0f} s before the first fault ({profile.name} run; {offered})"
    )
    for line in report.format_figures(steady_rows):
        print(line)
    print_cache(steady_requests)

    seconds = timeline.last - timeline.first
    rows = report.figures(requests, seconds)
    print(f"\nWhole run, faults included: {seconds:.0f} s from the first request to the last, warm-up included")
    for line in report.format_figures(rows):
        print(line)
    print_cache(requests)
    print(f"  complaint submissions: {dict(outcomes)}")
    publishes = sum(
        1 for request in requests if request.kind == "admin publish" and request.ok and request.status == 302
    )
    print(f"  admin publishes that succeeded: {publishes}")
    logins = [request for request in requests if request.kind == "staff login"]
    if logins:
        done = max(request.time + request.latency_ms / 1000 for request in logins) - zero
        late = sum(1 for request in logins if request.time + request.latency_ms / 1000 > timeline.steady_start)
        print(
            f"  staff logins: {len(logins)} requests (3 a sign-in), {sum(not request.ok for request in logins)} "
            f"failed; the last one answered at +{done:.1f} s"
            + (f", {late} of them after the warm-up: the steady window begins with sign-ins" if late else "")
        )

    print(f"\nFaults (what users saw in the {FAULT_SPAN:.0f} s after each, beside the {FAULT_SPAN:.0f} s before)")
    for name, at, details in faults.events:
        before, after = report.fault_comparison(requests, at, FAULT_SPAN, timeline.first, timeline.last)
        for line in report.format_fault(f"{name} at +{at - zero:.0f} s: {details}", before, after):
            print(line)

    whole_start, whole_end = meter.samples[0][0], meter.samples[-1][0]
    columns = [
        (label, end - start, *meter.seconds(start, end))
        for label, start, end in (
            ("steady window", timeline.steady_start, timeline.steady_end),
            ("whole load", whole_start, whole_end),
        )
    ]
    print(
        "\nCPU seconds by part of the shape (approximate: utime + stime from /proc, sampled every second and just "
        "before each fault; what a process used in its last second before it died is lost)"
    )
    for line in report.format_cpu(meter.parts, columns):
        print(line)
    gunicorn_cpu = columns[0][2].get(CpuMeter.GROUPS["gunicorn"], 0.0)
    if steady_requests:
        print(
            f"  gunicorn CPU per request in the steady window: {1000 * gunicorn_cpu / len(steady_requests):.1f} ms "
            f"({len(steady_requests)} requests)"
        )

    print("\nServer logs")
    count, lines = log_problems(run_dir / "gunicorn.log")
    print(f"  gunicorn (its error log and the app's logging): {count} lines beyond the routine ones")
    for line in lines:
        print(f"    {line}")
    count, lines = log_problems(run_dir / "db_worker.log")
    print(f"  db_worker: {count} lines beyond the routine ones")
    for line in lines:
        print(f"    {line}")
    errors = server_errors(run_dir / "access.log")
    print(f"  5xx answers in the access log: {sum(errors.values())} {dict(errors.most_common(6))}")

    print("\nChecks")
    for result in results:
        print(f"  {'PASS' if result.passed else 'FAIL'} {result.name}")
        for line in result.lines:
            print(f"       {line}")

    routine = next((row for row in steady_rows if row.kind == "routine page"), None)
    rate = routine.per_second if routine else 0.0
    p95 = routine.p95 if routine and routine.p95 is not None else float("inf")
    target_met = rate >= TARGET_RATE and p95 < TARGET_P95_MS
    by_name = {result.name: result for result in results}
    print("\nTargets")
    target_line = (
        f"routine pages {rate:.0f} requests/s with p95 {report.ms(p95)} ms in the steady window "
        f"(target at least {TARGET_RATE:.0f}/s, p95 under {TARGET_P95_MS:.0f} ms)"
    )
    if judged:
        print(f"  {'PASS' if target_met else 'FAIL'}: {target_line}")
    else:
        print(f"  (not judged in the short run, offered {profile.reader_rate:.0f}/s): {target_line}")
    print(f"  complaints lost: {by_name['complaints stored'].figures.get('lost', '?')}")
    print(f"  duplicate notifications: {by_name['notifications sent once'].figures.get('duplicates', '?')}")
    print(f"  rate limit held: {'yes' if by_name['rate limit across workers'].passed else 'NO'}")
    load1, load5, load15 = os.getloadavg()
    print(
        f"\nMachine: {os.cpu_count()} CPUs, load average {load1:.2f} {load5:.2f} {load15:.2f}; "
        f"load {seconds:.0f} s, setup {setup_seconds:.1f} s, wall so far {time.perf_counter() - wall_started:.0f} s"
    )

    failures = [result for result in results if not result.passed]
    if judged and not target_met:
        print(f"FAIL: {target_line}")
    for result in failures:
        print(f"FAIL: {result.name}: {result.reason}")
    passed = not failures and (target_met or not judged)
    if passed:
        print("PASS: all checks passed" + (" and the target was met" if judged else ""))
    return passed


def print_cache(requests):
    cache = report.cache_ratio(requests)
    served = (cache["hit"] + cache["stale"]) / cache["total"] if cache["total"] else 0.0
    print(
        f"  routine page cache: {cache['hit']} hits, {cache['stale']} older copies (while being rendered again, or "
        f"until their moment after a publish), {cache['miss']} rendered, {cache['none']} without the header "
        f"(served from the cache: {served:.0%})"
    )


if __name__ == "__main__":
    sys.exit(main())
