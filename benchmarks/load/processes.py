"""Starting and stopping the production shape's processes: redis-server, gunicorn, the task worker, locust.

Why a module of its own: everything the load test starts must stop again, also on Ctrl-C or a
failed check, and a dead gunicorn worker or redis-server must not leave strays behind. Each
process is started in a session of its own (its own process group, out of reach of the
terminal's Ctrl-C), logs to a file, and is stopped by signalling its whole group: SIGTERM first,
SIGKILL after a grace period. ``Processes`` remembers what it started and stops it in reverse order.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port, host="127.0.0.1"):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_until(predicate, timeout, what, process=None, log_path=None, interval=0.1):
    """Poll ``predicate`` until true; fail with the log's tail if ``process`` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with status {process.returncode}.\n{tail(log_path)}")
        time.sleep(interval)
    raise RuntimeError(f"{what}: not ready within {timeout:.0f} s.\n{tail(log_path)}")


def http_answers(url):
    """True once ``url`` answers with any HTTP status (a 404 or 500 also means the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def tail(path, lines=30):
    if not path or not Path(path).exists():
        return ""
    text = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def child_pids(pid):
    """The pids whose parent is ``pid`` (gunicorn's workers are the master's children)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        return sorted(int(item) for item in children.read_text().split())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def stop_group(process, grace=10.0):
    """SIGTERM the process's group, wait ``grace`` seconds, then SIGKILL what is left of it."""
    if process is None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # The leader may be gone while members of its group live on (e.g. a worker of a killed master).
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Processes:
    """What the run started, by name; ``stop_all()`` stops it in reverse order of starting."""

    def __init__(self, run_dir, env):
        self.run_dir = Path(run_dir)
        self.env = env
        self.started = {}

    def log_path(self, name):
        return self.run_dir / f"{name}.log"

    def start(self, name, argv, env=None):
        with open(self.log_path(name), "ab") as log:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(
                argv,
                cwd=REPO_ROOT,
                env=env or self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started[name] = process
        return process

    def stop(self, name, grace=10.0):
        stop_group(self.started.pop(name, None), grace)

    def stop_all(self):
        for name in reversed(list(self.started)):
            self.stop(name)

    # The services.

    def start_redis(self, port):
        process = self.start(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.run_dir),
                "--logfile",
                "",
            ],
        )
        wait_until(lambda: port_open(port), 15, "redis-server", process, self.log_path("redis"))
        return process

    def kill_redis(self):
        """SIGKILL, as a crash would: no shutdown, no save."""
        process = self.started.pop("redis")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def start_gunicorn(self, port, access_log, python_bin):
        """The example site as in production: ``gunicorn -c example_site/gunicorn.conf.py example_site.wsgi``.

        The bind address and the access log are given on the command line, which gunicorn lets override
        the configuration file; the access log's format puts the worker's pid and the forwarded
        address in each line, so the rate-limit check can tell which worker served a request. The
        error log (and the app's own logging, to stderr) goes to ``gunicorn.log`` in the run directory.
        """
        gunicorn = Path(python_bin).with_name("gunicorn")
        process = self.start(
            "gunicorn",
            [
                str(gunicorn),
                "-c",
                "example_site/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--error-logfile",
                "-",
                # No control socket: its default path is shared by every gunicorn of the user.
                "--no-control-socket",
                "example_site.wsgi",
            ],
        )
        wait_until(
            lambda: http_answers(f"http://127.0.0.1:{port}/"),
            90,
            "gunicorn",
            process,
            self.log_path("gunicorn"),
            interval=0.25,
        )
        return process

    def start_task_worker(self, python_bin):
        return self.start(
            "db_worker",
            [str(python_bin), "example_site/manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
        )

    def start_locust(self, python_bin, argv, env):
        return self.start("locust", [str(python_bin), "-m", "locust", *argv], env=env)


#: pid (as ``<1234>``), forwarded-for, request line, status, duration in microseconds, time: one request a line.
ACCESS_LOG_FORMAT = 'pid=%(p)s xff="%({x-forwarded-for}i)s" "%(r)s" %(s)s %(D)s %(t)s'


# CPU used by each part of the shape, from /proc.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def parse_stat(text):
    """(command name, process group, utime + stime in clock ticks) from a ``/proc/<pid>/stat`` line."""
    head, _, rest = text.rpartition(")")
    fields = rest.split()
    return head.partition("(")[2], int(fields[2]), int(fields[11]) + int(fields[12])


def machine_ticks(text):
    """(busy, stolen, all) clock ticks of every CPU together from ``/proc/stat``'s first line.

    Busy is neither idle, nor waiting for I/O, nor stolen by the hypervisor for other guests.
    """
    user, nice, system, idle, iowait, irq, softirq, steal = (int(value) for value in text.splitlines()[0].split()[1:9])
    return user + nice + system + irq + softirq, steal, user + nice + system + idle + iowait + irq + softirq + steal


def cpu_usage(samples, start, end):
    """Clock ticks each part used between ``start`` and ``end``, from samples ``(time, {pid: (part, ticks)})``.

    A process seen at the last sample before ``start`` counts from its ticks there; one that first
    shows up later counts from 0 (a forked worker or a restarted redis-server starts at 0); each
    counts up to its last sample before ``end``, so what a process used in the moment before it
    died is lost.
    """
    ordered = sorted(samples, key=lambda sample: sample[0])
    first = max((index for index, sample in enumerate(ordered) if sample[0] <= start), default=0)
    base = ordered[first][1] if ordered and ordered[first][0] <= start else {}
    last = {}
    for moment, pids in ordered[first:]:
        if moment > end:
            break
        last.update(pids)
    usage = {}
    for pid, (part, ticks) in last.items():
        usage[part] = usage.get(part, 0) + ticks - base.get(pid, (part, 0))[1]
    return usage


class CpuMeter:
    """Samples the CPU time of the shape's processes, by part, to tell where the machine's CPU went.

    The started processes are known by their process group (each was started in a session of its
    own, and gunicorn's workers, the task worker's and locust's children stay in it); PostgreSQL's
    backends by their title ``postgres: ... USER DATABASE HOST(PORT) STATE``, the load database's
    apart from the server's other processes.
    """

    GROUPS = {
        "gunicorn": "gunicorn master + workers",
        "redis": "redis-server",
        "db_worker": "db_worker",
        "locust": "locust",
    }
    DATABASE = "PostgreSQL backends of {database}"
    POSTGRES_OTHER = "PostgreSQL, its other processes"
    ORCHESTRATOR = "this orchestrator (SMTP sink, sampling)"

    def __init__(self, processes, database):
        self.processes = processes
        self.database = database
        self.samples = []  # (time, {pid: (part, ticks)})
        self.machine = []  # (time, busy ticks, stolen ticks, all ticks)

    @property
    def parts(self):
        names = list(self.GROUPS.values())
        database = [self.DATABASE.format(database=self.database), self.POSTGRES_OTHER]
        return names[:1] + database + names[1:] + [self.ORCHESTRATOR]

    def sample(self):
        started = self.processes.started
        leaders = {process.pid: self.GROUPS[name] for name, process in started.items() if name in self.GROUPS}
        seen = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                name, group, ticks = parse_stat(Path(entry.path, "stat").read_text())
                part = leaders.get(group)
                if part is None and name == "postgres":
                    part = self.postgres_part(Path(entry.path, "cmdline").read_bytes())
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            if int(entry.name) == os.getpid():
                part = self.ORCHESTRATOR
            if part:
                seen[int(entry.name)] = (part, ticks)
        now = time.time()
        self.samples.append((now, seen))
        try:
            self.machine.append((now, *machine_ticks(Path("/proc/stat").read_text())))
        except (OSError, ValueError, IndexError):
            pass

    def postgres_part(self, cmdline):
        title = cmdline.split(b"\0")[0].decode(errors="replace")
        if not title.startswith("postgres:"):
            return None  # the postmaster itself
        return self.DATABASE.format(database=self.database) if f" {self.database} " in title else self.POSTGRES_OTHER

    def seconds(self, start, end):
        """CPU seconds of each part between ``start`` and ``end``; the machine's (busy, stolen, available) seconds."""
        usage = cpu_usage(self.samples, start, end)
        before = [row for row in self.machine if row[0] <= start][-1:] or self.machine[:1]
        until = [row for row in self.machine if row[0] <= end][-1:]
        machine = (0.0, 0.0, 0.0)
        if before and until and until[0][0] > before[0][0]:
            pairs = zip(before[0][1:], until[0][1:], strict=True)
            machine = tuple((later - earlier) / CLOCK_TICKS for earlier, later in pairs)
        return {part: usage.get(part, 0) / CLOCK_TICKS for part in self.parts}, machine
