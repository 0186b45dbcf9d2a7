"""The figures of a run, computed from the requests CSV the locustfile wrote: per kind and around each fault.

Why here and not in locust: locust's own statistics mix the warm-up and the faults into one
summary, and its percentiles are rounded into buckets. Every request is a row (start time,
kind, latency, ok, status, error, page-cache header), so the figures can be cut by time, e.g.
the 15 seconds before and after a worker is killed. Everything here is pure: rows in, numbers
and lines of text out.
"""

import csv
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

#: The kinds in the order the report lists them.
KINDS = (
    "routine page",
    "search",
    "staff login",
    "complaint form",
    "complaint post",
    "thank-you page",
    "admin publish",
    "admin login",
)


@dataclass(frozen=True)
class Request:
    time: float
    kind: str
    latency_ms: float
    ok: bool
    status: int
    error: str = ""
    cache: str = ""


def read_requests(path):
    with open(path, newline="", encoding="utf-8") as file:
        return [
            Request(
                time=float(row["time"]),
                kind=row["kind"],
                latency_ms=float(row["latency_ms"]),
                ok=row["ok"] == "1",
                status=int(row["status"] or 0),
                error=row.get("error") or "",
                cache=row.get("cache") or "",
            )
            for row in csv.DictReader(file)
        ]


def percentile(values, fraction):
    """The nearest-rank percentile (``fraction`` in 0..1) of ``values``; None when there are none.

    Nearest rank, not interpolation: the figure is always a latency that some request really had.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def error_label(request):
    """How an error looked to the user: the status, or the connection error's text."""
    if request.status:
        return f"HTTP {request.status}"
    return request.error.split(":", 1)[0] or "error"


@dataclass
class KindFigures:
    kind: str
    requests: int
    ok: int
    per_second: float
    p50: float | None
    p95: float | None
    p99: float | None
    errors: Counter

    @property
    def error_count(self):
        return self.requests - self.ok


def figures(requests, seconds):
    """Per kind: requests, successful responses per second over ``seconds``, p50/p95/p99 ms, errors by label."""
    by_kind = defaultdict(list)
    for request in requests:
        by_kind[request.kind].append(request)
    ordered = [kind for kind in KINDS if kind in by_kind] + sorted(set(by_kind) - set(KINDS))
    result = []
    for kind in ordered:
        rows = by_kind[kind]
        latencies = [row.latency_ms for row in rows]
        ok = sum(row.ok for row in rows)
        result.append(
            KindFigures(
                kind=kind,
                requests=len(rows),
                ok=ok,
                per_second=ok / seconds if seconds > 0 else 0.0,
                p50=percentile(latencies, 0.50),
                p95=percentile(latencies, 0.95),
                p99=percentile(latencies, 0.99),
                errors=Counter(error_label(row) for row in rows if not row.ok),
            )
        )
    return result


def window(requests, start, end):
    return [request for request in requests if start <= request.time < end]


def fault_comparison(requests, at, span=15.0, start=None, end=None):
    """What users saw in the ``span`` seconds before and after a fault at ``at``: (before, after) dicts.

    The windows are clipped to the load's ``start`` and ``end``, and each says how long it was, so
    a fault near the end of a short run is compared per second, not by raw counts.
    """

    def describe(first, last):
        first, last = max(first, start if start is not None else first), min(last, end if end is not None else last)
        rows = window(requests, first, last)
        errors = Counter(f"{row.kind}: {error_label(row)}" for row in rows if not row.ok)
        seconds = max(last - first, 0.0)
        return {
            "seconds": seconds,
            "requests": len(rows),
            "per_second": len(rows) / seconds if seconds else 0.0,
            "errors": sum(errors.values()),
            "p95": percentile([row.latency_ms for row in rows], 0.95),
            "error_kinds": errors,
        }

    return describe(at - span, at), describe(at, at + span)


def cache_ratio(requests, kind="routine page"):
    """Hits, stale copies, misses and responses without the page-cache header among successful ``kind`` requests."""
    counts = Counter((row.cache or "none").lower() for row in requests if row.kind == kind and row.ok)
    total = sum(counts.values())
    return {status: counts.get(status, 0) for status in ("hit", "stale", "miss", "none")} | {"total": total}


def ms(value):
    return "-" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def format_figures(rows):
    header = f"  {'kind':<16}{'requests':>9}{'per s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}"
    lines = [header + "  error kinds"]
    for row in rows:
        kinds = ", ".join(f"{label} x{count}" for label, count in row.errors.most_common(4))
        lines.append(
            f"  {row.kind:<16}{row.requests:>9}{row.per_second:>8.1f}{ms(row.p50):>8}{ms(row.p95):>8}"
            f"{ms(row.p99):>8}{row.error_count:>8}  {kinds}"
        )
    return lines


def format_fault(name, before, after):
    lines = [f"  {name}"]
    for label, part in (("before", before), ("after", after)):
        kinds = ", ".join(f"{kind} x{count}" for kind, count in part["error_kinds"].most_common(6)) or "none"
        lines.append(
            f"    {label:<7}({part['seconds']:>4.1f} s) requests {part['requests']:>6} ({part['per_second']:>5.1f}/s)  "
            f"errors {part['errors']:>4}  p95 {ms(part['p95']):>6} ms  errors: {kinds}"
        )
    return lines


def format_cpu(parts, columns):
    """A table of CPU seconds: one row per part, one column per span ``(label, seconds long, {part: cpu s},
    (machine busy s, stolen s, available s))``; each cell also as a share of one CPU over the span."""
    rest, machine = "the rest (kernel, other processes)", "machine: busy, of available"
    width = max(len(part) for part in [*parts, rest, machine]) + 2
    lines = ["  " + " " * width + "".join(f"{label:>24}" for label, *_ in columns)]

    def cell(cpu, seconds):
        share = f"({cpu / seconds:.2f} CPU)" if seconds > 0 else ""
        return f"{cpu:>10.1f} s {share:>11}"

    for part in parts:
        cells = [cell(usage.get(part, 0.0), seconds) for _, seconds, usage, _ in columns]
        lines.append(f"  {part:<{width}}" + "".join(cells))
    cells = [cell(max(busy - sum(usage.values()), 0.0), seconds) for _, seconds, usage, (busy, _, _) in columns]
    lines.append(f"  {rest:<{width}}" + "".join(cells))
    lines.append(
        f"  {machine:<{width}}"
        + "".join(f"{busy:>10.1f} s of {available:>6.0f} s" for *_, (busy, _, available) in columns)
    )
    if any(stolen >= 0.5 for *_, (_, stolen, _) in columns):
        lines.append(
            f"  {'stolen by the hypervisor':<{width}}"
            + "".join(f"{stolen:>10.1f} s{'':>12}" for *_, (_, stolen, _) in columns)
        )
    return lines
