"""The load test's users: readers, searchers, citizens sending complaints, and an editor publishing.

Why these: they are what a municipality's site meets on an ordinary day. Readers are signed-in
staff: the demo keeps its quality manual, and so every routine page and the routine list, on the
intranet behind Wagtail's login restriction. Each reader and searcher signs in once at its start
through Wagtail's front-end login, as a browser does (the restricted page's 302 to the login form,
the form's CSRF token, the POST; recorded as "staff login"), with an account of its own taken in
turn from the readers' accounts, all in one permission group so that they share one cached copy
of each page. Readers then open routine pages at a fixed offered rate (``constant_throughput``),
so a slower server shows up as latency and as fewer requests served, not as a quietly lower
load; a routine page that answers with the login's 302 is a failure ("not signed in").
Searchers, signed in the same way, run a routine list's search.
Citizens fill in the public complaint form as a browser does (GET for the CSRF cookie and the
form's single-use token, wait the form's minimum time, POST, follow the 303 to the thank-you page)
and note every reference number they were shown. Every user starts at a random moment within
its first interval, so that the users of a kind do not send their requests in lockstep, which the
load tool would otherwise do and no real audience does. Each POST comes from its own client address
(``X-Forwarded-For: 10.x.y.z``; only a header, nothing is sent to that address), so the form's
rate limit does not refuse them. One editor signs in to the admin and every ~30 s publishes a
routine page through the admin's bulk publish action, which must reach readers through the page
cache.

It runs in its own virtualenv and imports nothing but locust and the standard library. Everything
it needs comes in environment variables set by ``benchmarks/production_load.py``; every request is
written by an ``events.request`` listener to the CSV named by ``KVALITET_LOAD_REQUESTS_CSV``, and
every submission's outcome to ``KVALITET_LOAD_SUBMISSIONS_CSV``. The orchestrator computes all
figures from those files.
"""

import csv
import itertools
import os
import random
import threading
import time
from urllib.parse import urlencode

from locust import FastHttpUser, constant_throughput, events, task

# Locust puts the working directory (the repository root) on sys.path; this module is standard library only.
from benchmarks.load.form_data import FORM_FIELDS, client_address, complaint, hidden_inputs, reference_on


def env_list(name):
    return [item for item in os.environ.get(name, "").split(",") if item]


def env_float(name, default):
    return float(os.environ.get(name) or default)


ROUTINE_URLS = env_list("KVALITET_LOAD_ROUTINE_URLS")
SEARCH_URLS = env_list("KVALITET_LOAD_SEARCH_URLS")
SEARCH_WORDS = env_list("KVALITET_LOAD_SEARCH_WORDS")
FORM_URL = os.environ.get("KVALITET_LOAD_FORM_URL", "")
UNIT_PKS = env_list("KVALITET_LOAD_UNIT_PKS")
PUBLISH_PKS = env_list("KVALITET_LOAD_PUBLISH_PKS")
EDITOR_USERNAME = os.environ.get("KVALITET_LOAD_EDITOR_USERNAME", "")
EDITOR_PASSWORD = os.environ.get("KVALITET_LOAD_EDITOR_PASSWORD", "")
MIN_SECONDS = env_float("KVALITET_LOAD_FORM_MIN_SECONDS", 3)
STAFF_USERNAMES = env_list("KVALITET_LOAD_STAFF_USERNAMES")
STAFF_PASSWORD = os.environ.get("KVALITET_LOAD_STAFF_PASSWORD", "")
#: Wagtail's front-end login, for a page that does not send us there itself (a public one).
LOGIN_URL = os.environ.get("KVALITET_LOAD_LOGIN_URL", "/_util/login/")

READERS = int(os.environ.get("KVALITET_LOAD_READERS") or 10)
READER_RATE = env_float("KVALITET_LOAD_READER_RATE", 50)  # requests per second, all readers together
SEARCHERS = int(os.environ.get("KVALITET_LOAD_SEARCHERS") or 1)
SEARCH_RATE = env_float("KVALITET_LOAD_SEARCH_RATE", 2)
CITIZENS = int(os.environ.get("KVALITET_LOAD_CITIZENS") or 1)
EDITORS = int(os.environ.get("KVALITET_LOAD_EDITORS") or 1)
PUBLISH_INTERVAL = env_float("KVALITET_LOAD_PUBLISH_INTERVAL", 30)
#: Pages a reader's visit reads over one connection (0: one connection for the whole run).
VISIT_PAGES = int(os.environ.get("KVALITET_LOAD_VISIT_PAGES") or 5)

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


# Recording: one CSV row per request, one per complaint submitted.


class CsvLog:
    """A CSV file shared by all users of this process; the first row is flushed at once, the rest at the end."""

    def __init__(self, path, header):
        self.lock = threading.Lock()
        self.file = open(path, "w", newline="", encoding="utf-8") if path else None
        self.writer = csv.writer(self.file) if self.file else None
        self.rows = 0
        self.write(header)

    def write(self, row):
        if self.writer:
            with self.lock:
                self.writer.writerow(row)
                self.rows += 1
                if self.rows == 2:  # the header and the first row at once: the orchestrator starts its clock
                    self.file.flush()

    def flush(self):
        if self.file and not self.file.closed:
            with self.lock:
                self.file.flush()


REQUESTS = CsvLog(
    os.environ.get("KVALITET_LOAD_REQUESTS_CSV"), ["time", "kind", "latency_ms", "ok", "status", "error", "cache"]
)
SUBMISSIONS = CsvLog(
    os.environ.get("KVALITET_LOAD_SUBMISSIONS_CSV"), ["time", "client", "anonymous", "email", "outcome", "reference"]
)


@events.request.add_listener
def record_request(name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    cache = headers.get("X-Kvalitet-Page-Cache", "") if hasattr(headers, "get") else ""
    error = "" if exception is None else f"{type(exception).__name__}: {exception}"[:300].replace("\n", " ")
    REQUESTS.write(
        [
            f"{start_time or time.time():.3f}",
            name,
            f"{response_time or 0:.2f}",
            1 if exception is None else 0,
            status,
            error,
            cache,
        ]
    )


@events.test_stop.add_listener
def flush_on_stop(**kwargs):
    REQUESTS.flush()
    SUBMISSIONS.flush()


@events.quitting.add_listener
def flush_on_quit(**kwargs):
    REQUESTS.flush()
    SUBMISSIONS.flush()


def check(response, expected_status, what):
    """Mark ``response`` (a catch_response context) failed unless it has the expected status."""
    if response.status_code != expected_status:
        response.failure(f"{what}: status {response.status_code}, expected {expected_status}")
        return False
    response.success()
    return True


# The users.

#: The readers' accounts, handed out in turn to readers and searchers as they start.
STAFF_ACCOUNTS = itertools.cycle(STAFF_USERNAMES or [""])


class SignedInStaff(FastHttpUser):
    """A member of staff who signs in through Wagtail's front-end login at the start, as a browser does.

    The session cookie lives in the client's cookie jar, which belongs to the user, not to a
    connection: it survives the ``Connection: close`` at the end of a visit.
    """

    abstract = True
    network_timeout = 30.0
    connection_timeout = 10.0

    #: Requests per second for each user of the class.
    rate = 1.0

    def on_start(self):
        time.sleep(random.uniform(0, 1 / self.rate))  # independent of the others, as real staff are
        self.username = next(STAFF_ACCOUNTS)
        self.signed_in = self.sign_in()

    def sign_in(self):
        self.client.cookiejar.clear()
        page = random.choice(ROUTINE_URLS)
        with self.client.get(page, name="staff login", allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                login = response.headers.get("Location", "")
            elif response.status_code == 200:  # a public page: go to the login form ourselves
                login = f"{LOGIN_URL}?{urlencode({'next': page})}"
            else:
                response.failure(f"staff login: the page answered {response.status_code}, not 302 to the login")
                return False
            response.success()
        with self.client.get(login, name="staff login", catch_response=True) as response:
            if not check(response, 200, "staff login form"):
                return False
            token = hidden_inputs(response.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        body = urlencode(
            {"username": self.username, "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token, "next": page}
        )
        with self.client.post(
            login,
            data=body,
            headers={**FORM_HEADERS, "Referer": self.host + login},
            name="staff login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            return check(response, 302, f"staff login as {self.username} (a 200 means the credentials were refused)")

    def read(self, url, name, headers=None):
        """GET ``url`` as this signed-in reader; a 302 (to the login) is a failure and signs in again next time."""
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                location = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"not signed in: {name} answered 302 to {location[:80]}")
                self.signed_in = False
                return
            check(response, 200, name)


class Reader(SignedInStaff):
    """Signed-in staff reading published routine pages, at a fixed offered rate shared by all readers.

    Each reader stands for a stream of visits by one member of staff: a visit reads
    ``VISIT_PAGES`` pages over one kept-alive connection, and its last request says ``Connection:
    close``, as a browser leaving the site lets its connection go (its cookies stay). The next
    visit opens a new connection, which any worker may accept. (With one connection per reader
    for the whole run, the worker that happened to accept the connections serves them all while
    the other idles, which no real audience does.)
    """

    fixed_count = READERS
    rate = READER_RATE / max(READERS, 1)
    wait_time = constant_throughput(rate)

    def on_start(self):
        self.pages_read = 0
        super().on_start()

    @task
    def routine_page(self):
        if not self.signed_in:
            self.signed_in = self.sign_in()
            return
        self.pages_read += 1
        last_of_visit = VISIT_PAGES > 0 and self.pages_read % VISIT_PAGES == 0
        headers = {"Connection": "close"} if last_of_visit else None
        self.read(random.choice(ROUTINE_URLS), "routine page", headers)


class Searcher(SignedInStaff):
    """Signed-in staff searching a routine list with a Swedish word from the demo's routines."""

    fixed_count = SEARCHERS
    rate = SEARCH_RATE / max(SEARCHERS, 1)
    wait_time = constant_throughput(rate)

    @task
    def search(self):
        if not self.signed_in:
            self.signed_in = self.sign_in()
            return
        self.read(f"{random.choice(SEARCH_URLS)}?{urlencode({'q': random.choice(SEARCH_WORDS)})}", "search")


#: Submission numbers for this process; each gives a client address of its own.
SUBMISSION_NUMBERS = itertools.count(1)


def note_submission(client, anonymous, outcome, reference=""):
    SUBMISSIONS.write([f"{time.time():.3f}", client, int(anonymous), int(not anonymous), outcome, reference])


class Citizen(FastHttpUser):
    """Sends complaints through the public form as a browser does, one fresh browser session each.

    Citizens write independently of each other: each starts at a random moment within its first
    interval, so that their complaints do not arrive in lockstep every few seconds, which no real
    audience does (the load tool starts all its users within a second or two).
    """

    fixed_count = CITIZENS
    rate = 0.2  # complaints per second, for each citizen
    wait_time = constant_throughput(rate)
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self):
        time.sleep(random.uniform(0, 1 / self.rate))  # gevent's cooperative sleep under locust

    @task
    def send_complaint(self):
        self.client.cookiejar.clear()
        with self.client.get(FORM_URL, name="complaint form", catch_response=True) as response:
            if not check(response, 200, "complaint form"):
                return
            hidden = hidden_inputs(response.text, *FORM_FIELDS)
            if len(hidden) < len(FORM_FIELDS):
                response.failure(f"the form lacks {sorted(set(FORM_FIELDS) - hidden.keys())}")
                return
        time.sleep(MIN_SECONDS + 0.5)
        number = next(SUBMISSION_NUMBERS)
        anonymous = number % 3 == 0
        client = client_address(number)
        unit = random.choice(UNIT_PKS) if UNIT_PKS else ""
        body = urlencode({**complaint(number, anonymous, unit), **hidden})
        headers = {**FORM_HEADERS, "X-Forwarded-For": client, "Referer": self.host + FORM_URL}
        with self.client.post(
            FORM_URL, data=body, headers=headers, name="complaint post", allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if not check(response, 303, "complaint post"):
                note_submission(client, anonymous, "post failed")
                return
        with self.client.get(location, name="thank-you page", catch_response=True) as response:
            if not check(response, 200, "thank-you page"):
                note_submission(client, anonymous, "thank-you failed")
                return
            reference = reference_on(response.text)
            if not reference:
                response.failure("the thank-you page shows no reference number")
        note_submission(client, anonymous, "shown" if reference else "no reference", reference)


class Editor(FastHttpUser):
    """Signs in to the admin and publishes a routine page through the bulk publish action every ~30 s."""

    fixed_count = EDITORS
    wait_time = constant_throughput(1 / PUBLISH_INTERVAL)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        self.pages = itertools.cycle(PUBLISH_PKS)
        self.signed_in = self.sign_in()

    def sign_in(self):
        self.client.cookiejar.clear()
        with self.client.get("/admin/login/", name="admin login", catch_response=True) as response:
            if not check(response, 200, "admin login form"):
                return False
            token = hidden_inputs(response.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        body = urlencode(
            {"username": EDITOR_USERNAME, "password": EDITOR_PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
        )
        with self.client.post(
            "/admin/login/",
            data=body,
            headers={**FORM_HEADERS, "Referer": self.host + "/admin/login/"},
            name="admin login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            return check(response, 302, "admin login (a 200 means the credentials were refused)")

    @task
    def publish(self):
        if not self.signed_in:
            self.signed_in = self.sign_in()
            return
        url = f"/admin/bulk/wagtailcore/page/publish/?id={next(self.pages)}"
        with self.client.get(url, name="admin publish", allow_redirects=False, catch_response=True) as response:
            if not check(response, 200, "admin publish confirmation"):
                self.signed_in = response.status_code != 302  # sent to the login page: sign in again
                return
            token = hidden_inputs(response.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        with self.client.post(
            url,
            data=urlencode({"csrfmiddlewaretoken": token}),
            headers={**FORM_HEADERS, "Referer": self.host + url},
            name="admin publish",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            check(response, 302, "admin publish")
