"""Benchmark: a routine page renders in under 50 ms median on SQLite.

Why: a routine is the page staff open most, often in the middle of the work it describes, so it
must come up at once. The target is a median under 50 ms for a full request on SQLite. A bare
figure depends on the machine, so the script also times a plain Wagtail page carrying the same
amount of text through the same base template, in the same run, and prints the ratio: that
shows what the app itself costs on top of Wagtail.

What it does: migrates a fresh SQLite file in a temporary directory, builds a quality manual →
process → routine with realistic content (summary, responsible, units, quality areas, legal
basis, document control, and a body of headings, rich text, six steps, a five-row responsibility
table and a risk, which also draws the risk matrix), and a ``PlainPage`` whose rich text is the
routine's visible text. Both are served through Django's test ``Client`` (the full middleware
stack, anonymous reader), warmed up, then requested alternately. It prints the median and p95
of each, the ratio, the queries per request and the SQL the routine page runs, and PASS or
FAIL; it exits with status 1 if the median misses the target.

Run from the repository root::

    .venv/bin/python benchmarks/routine_page.py [--requests 200] [--warmup 20]
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_MEDIAN_MS = 50.0


def setup_django(db_path):
    sys.path.insert(0, str(REPO_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["KVALITET_BENCHMARK_DB"] = str(db_path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def routine_body():
    """About six blocks, as a real routine has: text, steps, a responsibility table, a risk."""
    steps = [
        (
            "Ta emot avvikelsen",
            "Läs rapporten samma dag och bekräfta till den som rapporterade.",
            "Enhetschef",
            "Avvikelserapport",
            "Bekräftelse",
        ),
        (
            "Bedöm allvarlighetsgraden",
            "Avgör om händelsen kan utgöra ett missförhållande enligt lex Sarah.",
            "Enhetschef",
            "Avvikelserapport",
            "Bedömning",
        ),
        (
            "Vidta omedelbara åtgärder",
            "Se till att den enskilde är trygg och att felet inte upprepas i dag.",
            "Personal på plats",
            "Bedömning",
            "Åtgärder",
        ),
        (
            "Utred orsakerna",
            "Gå igenom förloppet med de inblandade och leta efter brister i rutiner.",
            "Kvalitetsutvecklare",
            "Bedömning",
            "Utredning",
        ),
        (
            "Besluta om åtgärder",
            "Besluta vad som ska ändras, vem som gör det och när det ska vara klart.",
            "Verksamhetschef",
            "Utredning",
            "Åtgärdsplan",
        ),
        (
            "Följ upp och återkoppla",
            "Kontrollera att åtgärderna fungerat och berätta för personalen vad vi lärt.",
            "Enhetschef",
            "Åtgärdsplan",
            "Uppföljning",
        ),
    ]
    rows = [
        ("Rapportera avvikelser i verksamhetssystemet", "All personal", "Enhetschef går igenom varje vecka"),
        ("Bedöma och utreda avvikelser", "Enhetschef", "Verksamhetschef följer upp varje månad"),
        ("Rapportera lex Sarah till IVO", "Verksamhetschef", "Registreras i diariet"),
        ("Sammanställa avvikelser per kvartal", "Kvalitetsutvecklare", "Redovisas i ledningsgruppen"),
        ("Informera nämnden om allvarliga missförhållanden", "Socialchef", "Årlig patientsäkerhetsberättelse"),
    ]
    body = [
        {"type": "heading", "value": "Syfte"},
        {
            "type": "paragraph",
            "value": rich(
                "Rutinen beskriver hur <b>avvikelser</b> tas emot, utreds och följs upp så att vi lär oss av "
                "det som gått fel och förhindrar att det händer igen.",
                "Den gäller alla som arbetar i verksamheten, även timanställda, praktikanter och "
                "personal från bemanningsföretag. Läs mer hos "
                '<a href="https://www.ivo.se/">Inspektionen för vård och omsorg</a>.',
            ),
        },
        {
            "type": "steps",
            "value": {
                "heading": "Så går det till",
                "steps": [
                    {"title": t, "description": d, "responsible": r, "inputs": i, "outputs": o}
                    for t, d, r, i, o in steps
                ],
            },
        },
        {
            "type": "responsibilities",
            "value": {
                "caption": "Ansvar för hantering av avvikelser",
                "rows": [{"what": w, "who": who, "follow_up": f} for w, who, f in rows],
            },
        },
        {"type": "heading", "value": "Att tänka på"},
        {
            "type": "paragraph",
            "value": rich(
                "Dokumentera alltid <i>vad som hände</i>, inte vem som gjorde fel. Syftet är att hitta "
                "brister i arbetssätt och rutiner.",
            )
            + "<ul><li>Skriv kort och sakligt.</li><li>Ange datum, tid och plats.</li>"
            "<li>Beskriv vad som gjordes direkt efteråt.</li></ul>",
        },
        {
            "type": "risk",
            "value": {
                "title": "Avvikelser rapporteras inte",
                "probability": "3",
                "consequence": "3",
                "cause": "Personal vet inte hur man rapporterar eller är rädd för att peka ut kollegor.",
                "action": "Introduktion för nyanställda och återkoppling på varje rapport.",
                "owner": "Enhetschef",
            },
        },
    ]
    return [{**block, "id": str(uuid.uuid4())} for block in body]


def build_pages():
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from wagtail_kvalitet.models import (
        OrganisationUnit,
        ProcessKind,
        ProcessPage,
        QualityArea,
        QualityManualPage,
        RoutinePage,
        UnitKind,
    )

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    def add_unit(parent, **fields):
        if parent is None:
            return OrganisationUnit.add_root(**fields)
        parent.refresh_from_db()
        return parent.add_child(**fields)

    board = add_unit(None, name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    admin = add_unit(board, name="Socialförvaltningen", code="SF", kind=UnitKind.ADMINISTRATION)
    elderly = add_unit(admin, name="Äldreomsorg", code="AO", kind=UnitKind.AREA)
    units = [
        add_unit(elderly, name="Hemtjänst Norr", code="AO-HTN", kind=UnitKind.UNIT),
        add_unit(elderly, name="Tallgården", code="AO-TALL", kind=UnitKind.UNIT),
        add_unit(elderly, name="Hemtjänst Syd", code="AO-HTS", kind=UnitKind.UNIT),
    ]
    owner = get_user_model().objects.create(username="karin", first_name="Karin", last_name="Lund")

    root = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    manual = publish(root, QualityManualPage(title="Ledningssystem för socialtjänsten", board=board))
    process = publish(
        manual,
        ProcessPage(title="Hantera avvikelser", kind=ProcessKind.SUPPORT, purpose="Att lära av det som gått fel."),
    )
    today = datetime.date.today()
    routine = RoutinePage(
        title="Rutin för avvikelsehantering",
        summary="Så tar vi emot, utreder och följer upp avvikelser i äldreomsorgen.\n"
        "Rutinen gäller från den dag den fastställs.",
        responsible="Enhetschef",
        legal_basis="SoL 14 kap. 2–7 §§ (lex Sarah)\nSOSFS 2011:9 5 kap.",
        document_owner=owner,
        responsible_unit=elderly,
        drawn_up_by="Kvalitetsutvecklare",
        approved_by_name="Karin Lund",
        approved_on=today - datetime.timedelta(days=30),
        review_by=today + datetime.timedelta(days=335),
        body=routine_body(),
    )
    routine.units = units
    routine.quality_areas = list(QualityArea.objects.order_by("sort_order")[:2])
    routine = publish(process, routine)
    return root, routine


def build_plain_page(root, routine_html):
    """A PlainPage whose rich text is the routine's visible text, a few lines to a paragraph."""
    from django.utils.html import escape, strip_tags

    from benchmarks.baseline.models import PlainPage

    main = re.search(r"<main[^>]*>(.*)</main>", routine_html, re.S).group(1)
    lines = [" ".join(line.split()) for line in strip_tags(main).splitlines()]
    lines = [line for line in lines if line]
    paragraphs = [" ".join(lines[n : n + 4]) for n in range(0, len(lines), 4)]
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    page = PlainPage(title="Rutin för avvikelsehantering (vanlig sida)", body=body)
    root.add_child(instance=page)
    page.save_revision().publish()
    return page, len(" ".join(lines)), len(paragraphs)


def visible_text_length(html):
    from django.utils.html import strip_tags

    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return len(" ".join(strip_tags(main).split()))


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} returned {response.status_code}")
    return response


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return [query["sql"] for query in captured.captured_queries]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first (default 20)")
    parser.add_argument("--show-sql", action="store_true", help="print the SQL of one request to each page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        started = time.perf_counter()
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.test import Client

        root, routine = build_pages()
        client = Client()
        routine_url = routine.url
        routine_html = get(client, routine_url).content.decode()
        plain, _chars, paragraphs = build_plain_page(root, routine_html)
        plain_url = plain.url
        plain_html = get(client, plain_url).content.decode()
        setup_seconds = time.perf_counter() - started

        for _ in range(args.warmup):
            get(client, routine_url)
            get(client, plain_url)

        timings = {routine_url: [], plain_url: []}
        clock = time.perf_counter
        for n in range(args.requests):
            order = (routine_url, plain_url) if n % 2 == 0 else (plain_url, routine_url)
            for url in order:
                t0 = clock()
                client.get(url)
                timings[url].append((clock() - t0) * 1000)

        routine_sql = count_queries(client, routine_url)
        plain_sql = count_queries(client, plain_url)

    routine_ms, plain_ms = timings[routine_url], timings[plain_url]
    routine_median, plain_median = statistics.median(routine_ms), statistics.median(plain_ms)
    passed = routine_median < TARGET_MEDIAN_MS

    print(f"Routine page vs plain Wagtail page, SQLite, {args.requests} requests each, alternating")
    print(f"  (setup and migrate {setup_seconds:.1f} s; {args.warmup} warm-up requests each)")
    print(
        f"  visible text: routine {visible_text_length(routine_html)} chars, "
        f"plain {visible_text_length(plain_html)} chars in {paragraphs} paragraphs"
    )
    print(f"  {'page':<10}{'median ms':>11}{'p95 ms':>10}{'queries':>9}{'bytes':>9}")
    print(
        f"  {'routine':<10}{routine_median:>11.2f}{percentile(routine_ms, 0.95):>10.2f}"
        f"{len(routine_sql):>9}{len(routine_html.encode()):>9}"
    )
    print(
        f"  {'plain':<10}{plain_median:>11.2f}{percentile(plain_ms, 0.95):>10.2f}"
        f"{len(plain_sql):>9}{len(plain_html.encode()):>9}"
    )
    print(f"  ratio routine/plain (median): {routine_median / plain_median:.2f}")
    if args.show_sql:
        for name, queries in (("routine", routine_sql), ("plain", plain_sql)):
            print(f"\nSQL of one {name} page request:")
            for number, sql in enumerate(queries, start=1):
                print(f"  {number:>2}. {sql}")
    verdict = "PASS" if passed else "FAIL"
    print(f"\n{verdict}: routine page median {routine_median:.2f} ms (target < {TARGET_MEDIAN_MS:.0f} ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
