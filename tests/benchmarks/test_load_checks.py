"""The load test's pure parts: percentiles, windows, duplicates, emails, access logs and CPU time from /proc.

They decide whether the production-shape load test passes, so they are tested here without any
of the services the load test starts (no PostgreSQL, Redis or locust).
"""

import pytest

from benchmarks.load import checks, processes, report
from benchmarks.load.form_data import client_address, complaint, hidden_inputs, reference_on
from benchmarks.load.smtp_sink import address


def request(time, kind="routine page", latency=10.0, ok=True, status=200, error="", cache="hit"):
    return report.Request(time=time, kind=kind, latency_ms=latency, ok=ok, status=status, error=error, cache=cache)


# Percentiles and figures.


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert report.percentile(values, 0.50) == 50
    assert report.percentile(values, 0.95) == 95
    assert report.percentile(values, 0.99) == 99
    assert report.percentile(values, 1.0) == 100


def test_percentile_of_few_values_is_a_real_value():
    assert report.percentile([30.0, 10.0, 20.0], 0.95) == 30.0
    assert report.percentile([5.0], 0.5) == 5.0
    assert report.percentile([10.0, 20.0], 0.5) == 10.0


def test_percentile_of_nothing_is_none():
    assert report.percentile([], 0.95) is None


def test_figures_per_kind_count_errors_by_status_or_error_text():
    rows = [request(0, latency=ms) for ms in (5, 10, 15, 20)] + [
        request(1, status=500, ok=False),
        request(2, status=0, ok=False, error="ConnectionResetError: [Errno 104] reset"),
        request(3, kind="search", latency=100),
    ]
    figures = {row.kind: row for row in report.figures(rows, seconds=2)}
    routine = figures["routine page"]
    assert (routine.requests, routine.ok, routine.error_count) == (6, 4, 2)
    assert routine.per_second == 2.0
    assert routine.errors == {"HTTP 500": 1, "ConnectionResetError": 1}
    assert figures["search"].p95 == 100
    assert [row.kind for row in report.figures(rows, 2)] == ["routine page", "search"]


def test_fault_comparison_splits_at_the_fault_and_clips_to_the_load():
    rows = [request(t, latency=10) for t in range(0, 20)] + [
        request(21, latency=900, ok=False, status=502),
        request(22, latency=800),
    ]
    before, after = report.fault_comparison(rows, at=20, span=15, start=0, end=25)
    assert before["requests"] == 15 and before["errors"] == 0 and before["seconds"] == 15
    assert after["requests"] == 2 and after["seconds"] == 5 and after["per_second"] == pytest.approx(0.4)
    assert after["errors"] == 1 and after["error_kinds"] == {"routine page: HTTP 502": 1}
    assert after["p95"] == 900


def test_cache_ratio_counts_successful_routine_pages_only():
    rows = [request(0), request(1), request(2, cache="miss"), request(3, cache=""), request(4, ok=False, status=500)]
    rows += [request(5, kind="search", cache="hit"), request(6, cache="stale")]
    assert report.cache_ratio(rows) == {"hit": 2, "stale": 1, "miss": 1, "none": 1, "total": 5}


def test_figures_of_a_window_count_only_its_requests():
    rows = [request(t, latency=10) for t in range(0, 10)] + [request(10, latency=500), request(12, latency=900)]
    steady = report.window(rows, 2, 10)
    figures = report.figures(steady, seconds=8)[0]
    assert (figures.requests, figures.per_second, figures.p99) == (8, 1.0, 10)


def test_staff_login_is_listed_after_search():
    rows = [request(0, kind="staff login"), request(1, kind="search"), request(2, kind="routine page")]
    assert [row.kind for row in report.figures(rows, 1)] == ["routine page", "search", "staff login"]


# CPU time from /proc.


def test_parse_stat_reads_name_group_and_cpu_ticks_even_with_parentheses_in_the_name():
    line = "4242 (postgres: a (b)) S 1 4200 4200 0 -1 4194560 10 0 0 0 150 25 3 4 20 0 1 0 100 1000 50"
    assert processes.parse_stat(line) == ("postgres: a (b)", 4200, 175)


def test_machine_ticks_leave_out_idle_iowait_and_steal_from_busy():
    text = "cpu  100 10 40 500 20 5 5 30 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"
    assert processes.machine_ticks(text) == (160, 30, 710)


def test_cpu_usage_counts_from_the_last_sample_before_the_start_and_new_processes_from_zero():
    samples = [
        (0.0, {1: ("web", 100), 2: ("web", 50), 9: ("db", 5)}),
        (1.0, {1: ("web", 110), 2: ("web", 60), 9: ("db", 6)}),
        (2.0, {1: ("web", 130), 9: ("db", 9)}),  # worker 2 was killed; its last second is lost
        (3.0, {1: ("web", 140), 3: ("web", 7), 9: ("db", 10)}),  # worker 3 forked, from 0
        (4.0, {1: ("web", 999), 3: ("web", 99), 9: ("db", 99)}),  # after the end
    ]
    assert processes.cpu_usage(samples, 1.0, 3.5) == {"web": 30 + 0 + 7, "db": 4}
    assert processes.cpu_usage(samples, 0.5, 1.5) == {"web": 20, "db": 1}
    assert processes.cpu_usage([], 0, 1) == {}


def test_format_cpu_shows_each_part_the_rest_and_the_machine():
    columns = [("steady window", 10.0, {"gunicorn": 12.0, "locust": 2.0}, (15.0, 0.0, 20.0))]
    lines = report.format_cpu(["gunicorn", "locust"], columns)
    assert "steady window" in lines[0]
    assert "12.0 s" in lines[1] and "(1.20 CPU)" in lines[1]
    assert lines[3].strip().startswith("the rest") and "1.0 s" in lines[3]
    assert "15.0 s of" in lines[4] and len(lines) == 5


# Duplicates and references.


def test_duplicates_lists_only_repeated_items():
    assert checks.duplicates(["a", "b", "a", "c", "a", "b"]) == {"a": 3, "b": 2}
    assert checks.duplicates([]) == {}


def test_reference_outcome_finds_missing_and_repeated_references():
    shown = ["SYN-2026-00001", "SYN-2026-00002", "SYN-2026-00003", "SYN-2026-00003"]
    stored = {"SYN-2026-00001": 1, "SYN-2026-00002": 0, "SYN-2026-00003": 2}
    outcome = checks.reference_outcome(shown, stored)
    assert outcome["shown"] == 4
    assert outcome["missing"] == ["SYN-2026-00002"]
    assert outcome["stored_more_than_once"] == {"SYN-2026-00003": 2}
    assert outcome["shown_twice"] == {"SYN-2026-00003": 2}


def test_reference_outcome_of_a_clean_run_is_empty():
    outcome = checks.reference_outcome(["A", "B"], {"A": 1, "B": 1})
    assert (outcome["missing"], outcome["stored_more_than_once"], outcome["shown_twice"]) == ([], {}, {})


# Emails at the sink.


def email(pk, sent=True, waiting=False, in_run=True):
    return {"pk": pk, "sent": sent, "waiting": waiting, "in_run": in_run, "purpose": "case-receipt"}


def test_outbox_pk_reads_only_the_outbox_message_id():
    assert checks.outbox_pk("<kvalitet-outbox-42@exempelvik.example>") == 42
    assert checks.outbox_pk(" <kvalitet-outbox-7@xn--exempel-6xa.example> ") == 7
    assert checks.outbox_pk("<170000.123.456@host>") is None
    assert checks.outbox_pk("") is None


def test_delivery_outcome_of_each_email_once_is_clean():
    emails = [email(1), email(2), email(3, sent=False, waiting=True)]
    outcome = checks.delivery_outcome(emails, ["<kvalitet-outbox-1@x>", "<kvalitet-outbox-2@x>"])
    assert outcome["never_arrived"] == []
    assert outcome["arrived_twice"] == {}
    assert outcome["no_queued_email"] == []
    assert outcome["unsent_stuck"] == []
    assert [row["pk"] for row in outcome["unsent_waiting"]] == [3]


def test_delivery_outcome_finds_duplicates_losses_and_strangers():
    emails = [email(1), email(2), email(3, sent=False), email(4, sent=False, waiting=True, in_run=False)]
    arrived = ["<kvalitet-outbox-1@x>", "<kvalitet-outbox-1@x>", "<kvalitet-outbox-9@x>", "<random@x>"]
    arrived.append("<kvalitet-outbox-3@x>")
    outcome = checks.delivery_outcome(emails, arrived)
    assert outcome["arrived_twice"] == {1: 2}
    assert outcome["never_arrived"] == [2]
    assert outcome["no_queued_email"] == [9, "<random@x>"]
    assert outcome["arrived_not_marked_sent"] == [3]
    assert [row["pk"] for row in outcome["unsent_stuck"]] == [3]
    assert outcome["unsent_waiting"] == []


# The access log and the rate-limit window.


ACCESS_LOG = [
    'pid=<101> xff="10.255.0.7" "POST /kvalitet-exempel/lamna-synpunkter/ HTTP/1.1" 303 51234',
    'pid=<102> xff="10.255.0.7" "POST /kvalitet-exempel/lamna-synpunkter/ HTTP/1.1" 303 48000',
    'pid=<102> xff="-" "GET /kvalitet-exempel/lamna-synpunkter/tack/abc/ HTTP/1.1" 200 9000',
    'pid=<103> xff="192.0.2.1, 10.255.0.7" "POST /kvalitet-exempel/lamna-synpunkter/ HTTP/1.1" 303 9000',
    'pid=<104> xff="10.1.0.7" "POST /kvalitet-exempel/lamna-synpunkter/ HTTP/1.1" 303 9000',
    "[2026-12-06 01:16:51 +0000] [17396] [INFO] Starting gunicorn",
]


def test_parse_access_log_reads_our_format_and_skips_other_lines():
    rows = checks.parse_access_log(ACCESS_LOG)
    assert len(rows) == 5
    assert rows[0] == (101, "10.255.0.7", "POST", "/kvalitet-exempel/lamna-synpunkter/", 303)


def test_burst_pids_are_the_workers_that_took_posts_from_the_address():
    rows = checks.parse_access_log(ACCESS_LOG)
    assert checks.burst_pids(rows, "10.255.0.7") == [101, 102, 103]
    assert checks.burst_pids(rows, "10.9.9.9") == []


def test_same_window_follows_the_apps_fixed_windows():
    assert checks.same_window(7200.0, 10799.9, 3600)
    assert not checks.same_window(10799.0, 10801.0, 3600)


# What the users send and read.


def test_client_addresses_are_unique_and_never_the_checks_range():
    addresses = {client_address(number) for number in range(1, 70_000)}
    assert len(addresses) == 69_999
    assert not any(item.startswith("10.255.") for item in addresses)


def test_complaint_is_anonymous_or_asks_for_an_answer_by_email():
    anonymous = complaint(3, anonymous=True, unit=5)
    assert anonymous["anonymous"] == "on" and anonymous["wants_answer"] == "no" and "email" not in anonymous
    named = complaint(4, anonymous=False)
    assert named["wants_answer"] == "yes" and named["contact_method"] == "email" and "@" in named["email"]


def test_hidden_inputs_and_reference_are_read_from_html():
    html = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        '<input type="hidden" name="form_token" value="t:1"><input name="website" value=""></form>'
        '<p class="kvalitet-feedback-receipt__number" data-kvalitet-reference>SYN-2026-00042</p>'
    )
    expected = {"csrfmiddlewaretoken": "abc", "form_token": "t:1"}
    assert hidden_inputs(html, "csrfmiddlewaretoken", "form_token") == expected
    assert reference_on(html) == "SYN-2026-00042"
    assert reference_on("<p>Vi har tagit emot ditt meddelande.</p>") == ""


def test_smtp_addresses_are_read_from_mail_and_rcpt_arguments():
    assert address("FROM:<kvalitet@exempelvik.example> SIZE=1000") == "kvalitet@exempelvik.example"
    assert address("TO:<anna@exempel.example>") == "anna@exempel.example"
    assert address("TO: bare@exempel.example") == "bare@exempel.example"
