"""Benchmark: "My quality work" for a manager with 1,000 due items renders in under 200 ms median on SQLite.

Why: the due list is where each person starts their quality work, and a manager high in the
organisation tree sees the items of every unit below them: a thousand is a realistic number in a
large administration. The list must come up quickly and run a fixed number of queries however
many items it holds. The targets:

(a) the median of a full request for the view (signed-in manager, through Django's test ``Client``
    and the whole middleware stack) over 1,000 due items of the five kinds is under 200 ms on SQLite;
(b) the view runs as many queries for that manager as for a person with 10 items.

A bare figure depends on the machine, so the script also times, in the same run and alternately, a
plain Wagtail page (``PlainPage``, rich text only) and the person with 10 items, and prints ratios.

What it does: migrates a fresh SQLite file in a temporary directory and builds, with bulk inserts
where it can, 30 units, 300 legal requirements, 300 cases past or near their answer deadline, 200
indicators missing last month's figure, 100 governing pages due for review (added with
``add_child``, live without revisions) and 100 annual-cycle activities with one open occurrence
each, all under the manager's administration, and two items of each kind for one staff member.
It prints medians, p95, ratios and query counts, then PASS or FAIL, and exits with status 1 if a
target is missed. It takes well under two minutes.

Run from the repository root::

    .venv/bin/python benchmarks/due_items.py [--rounds 21]
"""

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

from goal_chain import add_live, build_plain_page, count_queries, percentile, setup_django, timed_get

TARGET_MEDIAN_MS = 200.0
LEGAL, CASES, FIGURES, PAGES, ACTIVITIES = 300, 300, 200, 100, 100
SMALL_EACH = 2
BATCH_SIZE = 2000


def build_units():
    """A board, an administration, four areas and six units under each: 30 units."""
    from wagtail_kvalitet.models import OrganisationUnit, UnitKind

    board = OrganisationUnit.add_root(name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    administration = board.add_child(name="Socialförvaltningen", code="SF", kind=UnitKind.ADMINISTRATION)
    units = []
    for a in range(4):
        area = administration.add_child(name=f"Område {a + 1}", code=f"A{a}", kind=UnitKind.AREA)
        units += [area.add_child(name=f"Område {a + 1} enhet {u + 1}", code=f"A{a}-U{u}", kind=UnitKind.UNIT)
                  for u in range(6)]
    return administration, units


def build_items(today, units, people, prefix, counts, manual, cycle):
    """``counts`` items of each kind, spread over ``units`` and answered for by ``people`` in turn."""
    from django.utils import timezone

    from wagtail_kvalitet.goals.periods import Frequency
    from wagtail_kvalitet.models import (
        AnnualActivity,
        CaseKind,
        FeedbackCase,
        Indicator,
        LegalRequirement,
        ManualSectionPage,
        Statute,
        StatuteKind,
    )
    from wagtail_kvalitet.models.annual_cycle import Frequency as ActivityFrequency
    from wagtail_kvalitet.models.annual_cycle import RuleKind
    from wagtail_kvalitet.models.feedback import initial_status

    legal, cases, figures, pages, activities = counts

    def unit(n):
        return units[n % len(units)]

    def person(n):
        return people[n % len(people)]

    def day(n, spread=60):
        return today + datetime.timedelta(days=n % spread - spread // 2)

    statute, _created = Statute.objects.get_or_create(title="Socialtjänstlag", number="2025:400",
                                                      defaults={"kind": StatuteKind.LAW})
    requirements = LegalRequirement.objects.bulk_create(
        [
            LegalRequirement(statute=statute, reference=f"{n} kap. 1 §", title=f"{prefix} krav {n}",
                             demands="Vi ska dokumentera.", responsible_person=person(n), next_review_due=day(n))
            for n in range(legal)
        ],
        batch_size=BATCH_SIZE,
    )
    through = LegalRequirement.units.through
    through.objects.bulk_create(
        [through(legalrequirement_id=requirement.pk, organisationunit_id=unit(n).pk)
         for n, requirement in enumerate(requirements)],
        batch_size=BATCH_SIZE,
    )
    now = timezone.now()
    FeedbackCase.objects.bulk_create(
        [
            FeedbackCase(reference=f"SYN-{prefix}-{n:06d}", kind=CaseKind.COMPLAINT,
                         status=initial_status(CaseKind.COMPLAINT), description=f"Ärende {n}.", received_at=now,
                         acknowledged_at=now, receipt_due_on=day(n) - datetime.timedelta(days=10),
                         answer_due_on=day(n), unit=unit(n), handler=None if n % 3 == 2 else person(n))
            for n in range(cases)
        ],
        batch_size=BATCH_SIZE,
    )
    Indicator.objects.bulk_create(
        [Indicator(code=f"{prefix}-{n}", name=f"{prefix} nyckeltal {n}", frequency=Frequency.MONTH,
                   unit=unit(n), owner=person(n)) for n in range(figures)],
        batch_size=BATCH_SIZE,
    )
    for n in range(pages):
        add_live(manual, ManualSectionPage(title=f"{prefix} kapitel {n}", slug=f"{prefix}-kapitel-{n}",
                                           document_owner=person(n), responsible_unit=unit(n),
                                           approved_on=today - datetime.timedelta(days=400), review_by=day(n)))
    occurrences = [today - datetime.timedelta(days=n % 250 + 1) for n in range(activities)]
    AnnualActivity.objects.bulk_create(
        [AnnualActivity(page=cycle, name=f"{prefix} aktivitet {n}", frequency=ActivityFrequency.YEARLY,
                        rule=RuleKind.ON_DATE, month=date.month, day=min(date.day, 28), unit=unit(n),
                        responsible_person=person(n), sort_order=n)
         for n, date in enumerate(occurrences)],
        batch_size=BATCH_SIZE,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="timed requests of each page, alternating (default 21)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kvalitet-bench-") as tmp:
        started = time.perf_counter()
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission
        from django.db import transaction
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone
        from wagtail.models import Page, Site

        from wagtail_kvalitet.due.collect import collect
        from wagtail_kvalitet.models import AnnualCyclePage, QualityManualPage

        User = get_user_model()
        today = timezone.localdate()
        root = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
        with transaction.atomic():
            administration, units = build_units()
            access = Permission.objects.get(codename="access_admin")
            manager = User.objects.create(username="chef", email="chef@exempelvik.example")
            single = User.objects.create(username="handlaggare", email="handlaggare@exempelvik.example")
            staff = [User(username=f"medarbetare{n}", email=f"m{n}@exempelvik.example") for n in range(40)]
            staff = User.objects.bulk_create(staff)
            for user in (manager, single):
                user.user_permissions.add(access)
            administration.manager = manager
            administration.save()
            manual = add_live(root, QualityManualPage(title="Ledningssystem", slug="ledningssystem"))
            cycle = add_live(root, AnnualCyclePage(title="Årshjul", slug="arshjul"))
            build_items(today, units, staff, "stor", (LEGAL, CASES, FIGURES, PAGES, ACTIVITIES), manual, cycle)
            outside = units[0].add_root(name="Annan nämnd", code="AN", kind=units[0].kind)
            build_items(today, [outside], [single], "liten", (SMALL_EACH,) * 5, manual, cycle)
            plain = build_plain_page(root)
        setup_seconds = time.perf_counter() - started
        sizes = {"manager": len(collect(manager)), "small": len(collect(single))}

        url = reverse("wagtail_kvalitet_my_work")
        clients = {"manager": Client(), "small": Client(), "plain": Client()}
        clients["manager"].force_login(manager)
        clients["small"].force_login(single)
        urls = {"manager": url, "small": url, "plain": plain.url}
        for name, client in clients.items():  # warm-up: templates, translations, the user's profile
            timed_get(client, urls[name])
        times = {name: [] for name in clients}
        for n in range(args.rounds):
            order = list(clients.items()) if n % 2 == 0 else list(reversed(clients.items()))
            for name, client in order:
                times[name].append(timed_get(client, urls[name]))
        queries = {name: count_queries(client, urls[name]) for name, client in clients.items()}
        total_seconds = time.perf_counter() - started

    medians = {name: statistics.median(values) for name, values in times.items()}
    results = [
        (sizes["manager"] >= 1000, f"the manager's list holds {sizes['manager']} items (at least 1,000)"),
        (medians["manager"] < TARGET_MEDIAN_MS,
         f"due view median {medians['manager']:.1f} ms for {sizes['manager']} items "
         f"(target < {TARGET_MEDIAN_MS:.0f} ms)"),
        (queries["manager"] == queries["small"],
         f"due view queries {queries['manager']} for {sizes['manager']} items, {queries['small']} for "
         f"{sizes['small']} (target: equal)"),
    ]
    print('"My quality work" vs plain Wagtail page, SQLite, signed-in users, through the test client')
    print(f"  manager: {sizes['manager']:,} items ({LEGAL} legal requirements, {CASES} cases, {FIGURES} figures, "
          f"{PAGES} pages, {ACTIVITIES} activity occurrences); small: {sizes['small']} items")
    print(f"  (migrate and build {setup_seconds:.1f} s; whole run {total_seconds:.0f} s; "
          f"{args.rounds} rounds, alternating)")
    print(f"  {'page':<10}{'median ms':>11}{'p95 ms':>10}{'queries':>9}")
    for name in clients:
        print(f"  {name:<10}{medians[name]:>11.1f}{percentile(times[name], 0.95):>10.1f}{queries[name]:>9}")
    print(f"  ratio manager/plain (median): {medians['manager'] / medians['plain']:.2f}")
    print(f"  ratio manager/small (median): {medians['manager'] / medians['small']:.2f}")
    print()
    for passed, text in results:
        print(f"{'PASS' if passed else 'FAIL'}: {text}")
    return 0 if all(passed for passed, _text in results) else 1


if __name__ == "__main__":
    sys.exit(main())
