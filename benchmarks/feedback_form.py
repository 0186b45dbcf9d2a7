"""Benchmark: accepted complaints per second through the feedback form, beside a bare view that only saves.

Why: a complaint must never be lost, so the form does more than store a row: it checks for spam
(honeypot, signed single-use token, rate limit), validates every answer, takes a gap-free
reference number, computes the deadlines, writes the receipt and the staff notices to the outbox
in the same transaction and sends them once it has committed. That must not make the form slow
for the person sending it or let a burst of submissions queue up. A bare figure depends on the
machine, so the script also measures, in the same run and against the same server, a bare Django
view that validates nothing and only stores the same model under a reference number in one
transaction. Target: the form reaches at least 10% of the bare view's rate. It has measured
19% to 28% here: the bare view is little more than one SQLite commit, so the ratio moves with the
disk's speed and the machine's load, and the floor sits low enough not to fail by chance. The
figures themselves are the point: the form's own GET (a Wagtail page with the form) and POST
medians are printed beside the bare view's.

What it does: migrates a fresh SQLite file in a temporary directory, builds a small organisation
(with a handler and a contact address, so notices are sent) and a published public
``FeedbackFormPage`` under the site root, and starts a real HTTP server (Python's ``wsgiref``, in
a child process, with ``benchmarks.feedback_settings``: the spam rate limit raised and the minimum
time on a form set to zero). It then submits complaints as a browser would, alternating between
the form page and the bare view: GET the page (for the CSRF cookie, the CSRF token and the form's
``form_token``), then POST a complete complaint, not following the redirect. It counts the cases
actually stored, prints accepted submissions per second for each (GET and POST, as a sender
experiences it) and the ratio, the median of the POSTs alone, and PASS or FAIL; it exits with
status 1 if the target is missed or any submission was not stored.

Run from the repository root::

    .venv/bin/python benchmarks/feedback_form.py [--submissions 200] [--warmup 10]
"""

import argparse
import datetime
import http.cookiejar
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "benchmarks.feedback_settings"
TARGET_RATIO = 0.10
BARE_PATH = "/bare/"


def setup_django(db_path, migrate=True):
    sys.path.insert(0, str(REPO_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["KVALITET_BENCHMARK_DB"] = str(db_path)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def build_site():
    """A small organisation with a handler, and a published public feedback form under the site root."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from wagtail_kvalitet.models import CaseAccess, FeedbackFormPage, FormKind, OrganisationUnit, UnitKind

    board = OrganisationUnit.add_root(name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    elderly = board.add_child(name="Äldreomsorg", code="AO", kind=UnitKind.AREA)
    elderly.refresh_from_db()
    unit = elderly.add_child(
        name="Hemtjänst Norr", code="AO-HTN", kind=UnitKind.UNIT, contact_email="hemtjanst.norr@exempelvik.example"
    )
    handler = get_user_model().objects.create(username="handlaggare", email="handlaggare@exempelvik.example")
    CaseAccess.objects.create(user=handler, unit=elderly)

    root = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    page = FeedbackFormPage(
        title="Lämna synpunkter och klagomål",
        slug="synpunkter",
        form_kind=FormKind.PUBLIC,
        intro="<p>Berätta vad du tycker om våra verksamheter. Vi tar emot allt du skriver.</p>",
        consent_text="<p>Vi behandlar dina personuppgifter enligt dataskyddsförordningen.</p>",
        thank_you_text="<p>Vi skickar en bekräftelse inom två arbetsdagar och svarar inom tio.</p>",
        notify_email="registrator@exempelvik.example",
    )
    root.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, unit


def complaint(number, unit_pk):
    """A complete, valid complaint from a relative who wants an answer by email."""
    return {
        "kind": "complaint",
        "unit": str(unit_pk),
        "description": (
            f"Klagomål nummer {number}. Hemtjänsten kom inte på morgonen som avtalat, och ingen "
            "ringde för att säga att de skulle bli sena. Min mamma väntade i två timmar."
        ),
        "occurred_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "sender_type": "relative",
        "wants_answer": "yes",
        "contact_method": "email",
        "name": "Anna Andersson",
        "email": f"anna.andersson{number}@exempel.example",
        "phone": "",
        "postal_address": "",
        "website": "",
    }


class HiddenInputs(HTMLParser):
    """The values of the hidden inputs a submission must send back: the CSRF token and the form token."""

    WANTED = {"csrfmiddlewaretoken", "form_token"}

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") in self.WANTED:
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Sender:
    """One browser: a cookie jar, a GET of the form, a POST of a complaint."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
        )

    def get_form(self, path):
        with self.opener.open(self.base_url + path, timeout=30) as response:
            html = response.read().decode()
        parser = HiddenInputs()
        parser.feed(html)
        missing = HiddenInputs.WANTED - parser.values.keys()
        if missing:
            raise SystemExit(f"GET {path}: the form has no hidden input named {', '.join(sorted(missing))}")
        return parser.values

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST")
        try:
            with self.opener.open(request, timeout=30) as response:
                status, location, text = response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            status, location, text = error.code, error.headers.get("Location", ""), error.read()
        if status != 303:
            snippet = text.decode(errors="replace")[:2000]
            raise SystemExit(f"POST {path} answered {status}, not 303; the form may be refusing the fields:\n{snippet}")
        return location

    def submit(self, path, data):
        """GET then POST; returns (GET seconds, POST seconds)."""
        clock = time.perf_counter
        t0 = clock()
        hidden = self.get_form(path)
        t1 = clock()
        self.post(path, {**data, **hidden})
        return t1 - t0, clock() - t1


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_path, port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "KVALITET_BENCHMARK_DB": str(db_path)}
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--serve", str(port)],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped:\n" + server.stderr.read().decode())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{BARE_PATH}", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("The server did not start within 60 seconds.")


def serve(port):
    """The child process: the example site and the bare view on a single-threaded WSGI server."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    setup_django(os.environ["KVALITET_BENCHMARK_DB"], migrate=False)
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002  (the base class's signature)
            pass

    with make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler) as httpd:
        httpd.serve_forever()


def stored_counts(page):
    from wagtail_kvalitet.models import FeedbackCase, QueuedEmail

    return {
        "form": FeedbackCase.objects.filter(source_page=page).count(),
        "bare": FeedbackCase.objects.filter(reference__startswith="BAR-").count(),
        "emails_sent": QueuedEmail.objects.filter(sent_at__isnull=False).count(),
        "emails_unsent": QueuedEmail.objects.filter(sent_at__isnull=True).count(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200, help="timed submissions to each (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed submissions to each first (default 10)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        setup_django(db_path)
        from django.db import connections

        page, unit = build_site()
        form_path = page.url
        connections.close_all()
        port = free_port()
        server = start_server(db_path, port)
        setup_seconds = time.perf_counter() - started
        try:
            sender = Sender(f"http://127.0.0.1:{port}")
            targets = {"form": form_path, "bare": BARE_PATH}
            for number in range(args.warmup):
                for path in targets.values():
                    sender.submit(path, complaint(number, unit.pk))
            before = stored_counts(page)
            timings = {name: {"get": [], "post": []} for name in targets}
            for number in range(args.submissions):
                order = ("form", "bare") if number % 2 == 0 else ("bare", "form")
                for name in order:
                    get_seconds, post_seconds = sender.submit(targets[name], complaint(number, unit.pk))
                    timings[name]["get"].append(get_seconds)
                    timings[name]["post"].append(post_seconds)
            after = stored_counts(page)
        finally:
            server.terminate()
            server.wait(timeout=30)
        connections.close_all()

    accepted = {name: after[name] - before[name] for name in targets}
    rates, post_medians = {}, {}
    for name in targets:
        total = sum(timings[name]["get"]) + sum(timings[name]["post"])
        rates[name] = accepted[name] / total if total else 0.0
        post_medians[name] = statistics.median(timings[name]["post"]) * 1000
    ratio = rates["form"] / rates["bare"] if rates["bare"] else 0.0
    all_stored = accepted["form"] == args.submissions and accepted["bare"] == args.submissions
    passed = ratio >= TARGET_RATIO and all_stored

    print(f"Feedback form vs bare view, SQLite, wsgiref server, {args.submissions} complaints each, alternating")
    print(f"  (setup, migrate and server start {setup_seconds:.1f} s; {args.warmup} warm-up submissions each)")
    print(f"  {'target':<8}{'stored':>8}{'per s':>9}{'GET ms':>9}{'POST ms':>9}   (rate: GET + POST; medians)")
    for name in targets:
        print(
            f"  {name:<8}{accepted[name]:>8}{rates[name]:>9.1f}"
            f"{statistics.median(timings[name]['get']) * 1000:>9.2f}{post_medians[name]:>9.2f}"
        )
    print(f"  ratio form/bare (accepted per second): {ratio:.2f}")
    print(f"  ratio form/bare (POST median alone):   {post_medians['bare'] / post_medians['form']:.2f}")
    print(f"  outbox: {after['emails_sent']} emails sent, {after['emails_unsent']} unsent")
    if not all_stored:
        print(f"  NOT ALL STORED: form {accepted['form']}, bare {accepted['bare']} of {args.submissions}")
    verdict = "PASS" if passed else "FAIL"
    print(
        f"\n{verdict}: the form accepts {rates['form']:.1f} complaints/s, {ratio:.0%} of the bare view's "
        f"{rates['bare']:.1f}/s (target at least {TARGET_RATIO:.0%})"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
