"""The after-run checks: no complaint lost, the rate limit shared by the workers, each email sent once, publishing seen.

Why these four: they are the promises a municipality relies on that a load test on one process
cannot show. A reference number a citizen was shown must be a stored case (checked against the
database); the rate limit must count across gunicorn's workers (one client address, a burst
spread over both workers, exactly the limit accepted); the task worker must send each queued
email exactly once even though a worker and Redis were killed (counted at the SMTP sink by the
outbox's Message-ID); and a page published in the admin must reach its readers, signed-in staff
behind the intranet's login, at once, through the page cache in Redis that they share.

The functions at the top are pure (rows in, verdicts out) and unit-tested; the ``check_*``
functions talk to the running site and the database and return a ``CheckResult``.
"""

import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import orm
from .browser import Browser
from .form_data import FORM_FIELDS, complaint, hidden_inputs, reference_on


@dataclass
class CheckResult:
    name: str
    passed: bool
    lines: list = field(default_factory=list)
    #: One line saying why it failed (empty when it passed).
    reason: str = ""
    #: Figures the report's targets read (e.g. complaints lost, duplicate notifications).
    figures: dict = field(default_factory=dict)


# Pure functions.


def duplicates(items):
    """Each item that occurs more than once, with its count."""
    return {item: count for item, count in Counter(items).items() if count > 1}


def reference_outcome(shown, stored_counts):
    """Compare the references citizens were shown with how often each is stored.

    ``shown`` may hold a reference twice only if two users were shown the same number, which is
    itself a failure (two cases under one number, or one case shown to two senders).
    """
    return {
        "shown": len(shown),
        "shown_twice": duplicates(shown),
        "missing": sorted(reference for reference in set(shown) if stored_counts.get(reference, 0) == 0),
        "stored_more_than_once": {
            reference: stored_counts[reference] for reference in set(shown) if stored_counts.get(reference, 0) > 1
        },
    }


OUTBOX_MESSAGE_ID = re.compile(r"<kvalitet-outbox-(\d+)@[^>]*>")


def outbox_pk(message_id):
    """The queued email's id in a Message-ID ``<kvalitet-outbox-PK@host>``; None for any other."""
    found = OUTBOX_MESSAGE_ID.fullmatch((message_id or "").strip())
    return int(found.group(1)) if found else None


def delivery_outcome(emails, message_ids):
    """Match the outbox's rows (dicts with pk, sent, waiting, in_run) with the Message-IDs that reached the sink.

    Returns what must be empty for "each email sent once" (never arrived, arrived twice, arrived
    with no queued email, unsent and not waiting) and what is only reported (arrived but not
    marked sent: the worker died between sending and recording; unsent but waiting for a retry).
    """
    by_pk = {email["pk"]: email for email in emails}
    arrivals = Counter(outbox_pk(message_id) for message_id in message_ids)
    unknown_ids = [message_id for message_id in message_ids if outbox_pk(message_id) is None]
    arrivals.pop(None, None)
    sent = {pk for pk, email in by_pk.items() if email["sent"]}
    unsent_in_run = [email for email in emails if email.get("in_run") and not email["sent"]]
    return {
        "sent": len(sent),
        "arrived": sum(arrivals.values()) + len(unknown_ids),
        "never_arrived": sorted(sent - arrivals.keys()),
        "arrived_twice": {pk: count for pk, count in arrivals.items() if count > 1},
        "no_queued_email": sorted(pk for pk in arrivals if pk not in by_pk) + unknown_ids,
        "arrived_not_marked_sent": sorted(pk for pk in arrivals if pk in by_pk and pk not in sent),
        "unsent_waiting": [email for email in unsent_in_run if email["waiting"]],
        "unsent_stuck": [email for email in unsent_in_run if not email["waiting"]],
    }


ACCESS_LINE = re.compile(r'pid=<?(\d+)>? xff="([^"]*)" "([A-Z]+) ([^ "]*)[^"]*" (\d{3})')


def parse_access_log(lines):
    """(pid, forwarded-for, method, path, status) for each line of the access log in our format."""
    parsed = []
    for line in lines:
        found = ACCESS_LINE.search(line)
        if found:
            pid, xff, method, path, status = found.groups()
            parsed.append((int(pid), xff, method, path, int(status)))
    return parsed


def burst_pids(access_rows, address):
    """The worker pids that answered POSTs from the client ``address`` (the right-most forwarded entry)."""
    return sorted(
        {pid for pid, xff, method, _path, _status in access_rows if method == "POST" and last_hop(xff) == address}
    )


def last_hop(xff):
    return xff.rsplit(",", 1)[-1].strip()


def same_window(start, end, window_seconds):
    """True if ``start`` and ``end`` fall in the same fixed rate-limit window (the app counts per window)."""
    return int(start) // window_seconds == int(end) // window_seconds


# Checks against the running site.


def check_references(env, shown, cases_before, run_dir):
    """Every reference a citizen was shown is stored exactly once; references are unique in the table."""
    path = Path(run_dir) / "shown-references.txt"
    path.write_text("".join(f"{reference}\n" for reference in shown), encoding="utf-8")
    answer = orm.run(env, "references", path)
    outcome = reference_outcome(shown, answer["stored"])
    stored = answer["cases"] - cases_before
    lines = [
        f"accepted (shown a reference): {outcome['shown']}, stored (cases added during the run): {stored}, "
        f"shown-but-missing: {len(outcome['missing'])}",
    ]
    if stored > outcome["shown"]:
        lines.append(f"{stored - outcome['shown']} cases were stored whose sender saw no reference (e.g. cut off)")
    problems = []
    if outcome["missing"]:
        problems.append(f"{len(outcome['missing'])} shown references are not stored: {outcome['missing'][:10]}")
    if outcome["stored_more_than_once"]:
        problems.append(f"references stored more than once: {outcome['stored_more_than_once']}")
    if outcome["shown_twice"]:
        problems.append(f"references shown to two senders: {outcome['shown_twice']}")
    if answer["duplicates_in_table"]:
        problems.append(f"duplicate references in the table: {answer['duplicates_in_table']}")
    lost = len(outcome["missing"])
    return CheckResult("complaints stored", not problems, lines + problems, "; ".join(problems), {"lost": lost})


def send_burst(base_url, form_url, unit, count, min_seconds, address):
    """``count`` complaints from one client address, POSTed at the same moment; the references shown."""
    browsers = [Browser(base_url) for _ in range(count)]
    forms = []
    for browser in browsers:
        page = browser.get(form_url)
        forms.append(hidden_inputs(page.text, *FORM_FIELDS))
    time.sleep(min_seconds + 0.5)
    barrier = threading.Barrier(count)
    results = [None] * count

    def submit(index):
        browser = browsers[index]
        data = {**complaint(900_000 + index, anonymous=False, unit=unit), **forms[index]}
        barrier.wait()
        answer = browser.post(form_url, data, headers={"X-Forwarded-For": address})
        if answer.status != 303:
            results[index] = ("", f"HTTP {answer.status}")
            return
        thanks = browser.get(answer.location)
        results[index] = (reference_on(thanks.text), f"HTTP {thanks.status}")

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return [result or ("", "no answer") for result in results]


def check_rate_limit(base_url, targets, access_log):
    """One client address sends the limit + 5 valid complaints at once: exactly the limit get a reference,
    and both gunicorn workers served the burst. Returns the result and the references shown."""
    limit, window = targets["rate_limit"], targets["rate_window"]
    count = limit + 5
    unit = targets["unit_pks"][-1] if targets["unit_pks"] else ""
    for attempt in range(2):
        address = f"10.255.{attempt}.{uuid.uuid4().int % 250 + 1}"
        started = time.time()
        results = send_burst(base_url, targets["form"]["url"], unit, count, targets["min_seconds"], address)
        if same_window(started, time.time(), window) or attempt:
            break
        # The burst straddled the app's fixed rate-limit window and was counted in two; once more.
    time.sleep(1.0)  # gunicorn writes the access log line after the response
    pids = burst_pids(parse_access_log(Path(access_log).read_text().splitlines()), address)
    shown = [reference for reference, _status in results if reference]
    refused = Counter(status for reference, status in results if not reference)
    lines = [
        f"client {address}: {count} concurrent complaints, {len(shown)} got a reference "
        f"(limit {limit}), {sum(refused.values())} did not ({dict(refused)})",
        f"worker pids that served the burst's POSTs: {pids}",
    ]
    problems = []
    if len(shown) != limit:
        problems.append(f"{len(shown)} of {count} complaints from one address were accepted, expected exactly {limit}")
    if len(pids) < 2:
        problems.append(f"the burst was served by {len(pids)} worker(s) {pids}, not both: the limit was not tested")
    return CheckResult("rate limit across workers", not problems, lines + problems, "; ".join(problems)), shown


def check_publishing(env, base_url, editor, reader, login_url, routine, reads=10):
    """A new title saved as a draft and published through the admin's bulk action is what signed-in readers get.

    ``reader`` is (username, password) of one of the readers' accounts; it signs in through Wagtail's
    front-end login as a browser does, and each of the ``reads`` must show the new title and carry
    the page cache's header (the cache served or stored it for the readers' group).
    """
    name = "publishing reached readers"
    browser = Browser(base_url)
    if not browser.sign_in_as_reader(routine["url"], *reader, login_url):
        return CheckResult(name, False, [], f"the reader {reader[0]} could not sign in through Wagtail's login")
    for _ in range(3):  # make sure the page is in the cache before it changes
        browser.get(routine["url"])
    marker = f"LASTTEST-{uuid.uuid4().hex[:8]}"
    changed = orm.run(env, "retitle", routine["pk"], marker)
    admin = Browser(base_url)
    if not admin.sign_in(*editor):
        return CheckResult(name, False, [], "the editor could not sign in to the admin")
    status = admin.bulk_publish(routine["pk"])
    if status != 302:
        return CheckResult(name, False, [], f"the admin's bulk publish answered {status}, not 302")
    seen, statuses, caches = 0, Counter(), Counter()
    for _ in range(reads):
        answer = browser.get(changed["url"])  # a new connection each time: either worker may answer
        statuses[answer.status] += 1
        seen += answer.status == 200 and marker in answer.text
        caches[(answer.headers.get("X-Kvalitet-Page-Cache") or "none").lower()] += 1
    lines = [
        f"page {routine['pk']} retitled '{changed['title']}', published over HTTP by the editor",
        f"{seen} of {reads} reads by the signed-in reader {reader[0]} showed the new title "
        f"(statuses {dict(statuses)}; page cache: {dict(caches)})",
    ]
    problems = []
    if seen != reads:
        problems.append(f"only {seen} of {reads} reads after publishing showed the new title")
    if caches["none"]:
        problems.append(f"{caches['none']} of {reads} reads carried no X-Kvalitet-Page-Cache header")
    return CheckResult(name, not problems, lines + problems, "; ".join(problems))


def check_notifications(env, sink, cases_before, wait_seconds=60):
    """Wait (bounded) for the worker to send the run's emails; each sent email reached the sink exactly once."""
    deadline = time.monotonic() + wait_seconds
    started = time.monotonic()
    while True:
        emails = orm.run(env, "outbox", cases_before)["emails"]
        unsent = [email for email in emails if email["in_run"] and not email["sent"] and not email["waiting"]]
        if not unsent or time.monotonic() > deadline:
            break
        time.sleep(2)
    waited = time.monotonic() - started
    messages = sink.messages()
    outcome = delivery_outcome(emails, [message.message_id for message in messages])
    in_run = [email for email in emails if email["in_run"]]
    lines = [
        f"queued for the run's cases: {len(in_run)}, sent: {sum(email['sent'] for email in in_run)} "
        f"(waited {waited:.0f} s); all sent emails in the table: {outcome['sent']}; "
        f"messages at the sink: {len(messages)}",
        f"never arrived: {len(outcome['never_arrived'])}, arrived twice: {len(outcome['arrived_twice'])}, "
        f"no queued email: {len(outcome['no_queued_email'])}, arrived but not marked sent: "
        f"{len(outcome['arrived_not_marked_sent'])}",
    ]
    for email in outcome["unsent_waiting"][:5] + outcome["unsent_stuck"][:5]:
        state = "waiting for a retry" if email["waiting"] else "NOT waiting"
        lines.append(
            f"unsent email {email['pk']} ({email['purpose']}, {email['attempts']} attempts, {state}, next "
            f"{email['next_attempt_at']}): {email['last_error'] or 'no error recorded'}"
        )
    problems = []
    if outcome["never_arrived"]:
        problems.append(f"emails marked sent that never arrived: {outcome['never_arrived'][:10]}")
    if outcome["arrived_twice"]:
        problems.append(f"emails that arrived more than once (duplicate notifications): {outcome['arrived_twice']}")
    if outcome["no_queued_email"]:
        problems.append(
            f"{len(outcome['no_queued_email'])} messages with no queued email behind them "
            f"(Message-ID not <kvalitet-outbox-PK@...>?), e.g. {outcome['no_queued_email'][:3]}"
        )
    if outcome["unsent_stuck"]:
        problems.append(f"{len(outcome['unsent_stuck'])} of the run's emails unsent and not waiting for a retry")
    figures = {"duplicates": sum(count - 1 for count in outcome["arrived_twice"].values())}
    return CheckResult("notifications sent once", not problems, lines + problems, "; ".join(problems), figures)
