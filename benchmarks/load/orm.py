"""What the load test asks the database, run as ``python -m benchmarks.load.orm COMMAND [ARGS]`` in the app's env.

Why a subprocess: the orchestrator must not hold Django (or a database connection) of its own
while it drops and clones databases and kills servers; and every question must be asked with
the very production settings the servers run with. Each command prints one JSON object on
stdout's last line; ``run()`` starts it and reads that back.

Commands:

* ``targets USERNAME PASSWORD READER_PASSWORD READERS``: create the editor (a superuser) and
  READERS signed-in staff readers (``lasttest-lasare-NN``, active, neither staff nor superuser,
  members of the group ``Medarbetare (lasttest)`` and nothing else, so that they all share one
  copy of each page in the page cache), and return what the users need: the readers' usernames,
  Wagtail's front-end login URL, the live routine pages they may open (public or behind a plain
  login restriction, as the demo's intranet is), the routine lists to search, words to search
  for, the public feedback form and its units, the form's settings, and the highest case and
  queued email ids before the run. Nothing in the demo's restrictions is changed.
* ``copies COUNT``: make COUNT live copies of the demo's routine pages, each beside its original
  with "(lasttest NNN)" in its title, so that readers read from as many pages as a real
  municipality's intranet has; copies made by an earlier run are kept and counted.
* ``tasks``: how many tasks wait for the task worker or are running (indexing copies, sending emails).
* ``references FILE``: for each reference number in FILE (one a line), how often it is stored;
  and every reference stored more than once in the whole table.
* ``outbox CASE_PK``: every queued email (id, case, purpose, sent, attempts, next attempt, last
  error), and which of them belong to cases above CASE_PK (the run's cases).
* ``retitle PAGE_PK MARKER``: save a new revision of a routine page, not published, with MARKER
  in its title.
"""

import json
import os
import re
import subprocess
import sys
from collections import Counter

from .processes import REPO_ROOT

WORD = re.compile(r"[a-zåäöé]{6,}", re.IGNORECASE)


def run(env, *args, timeout=120):
    """Run a command of this module with ``env``; return its JSON answer, or raise with its output."""
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.load.orm", *map(str, args)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"orm {args[0]} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    return json.loads(lines[-1])


def search_words(titles, count=8):
    """The most common long words of the routines' titles: Swedish words a reader would search for."""
    words = Counter(word.lower() for title in titles for word in WORD.findall(title) if word.lower() != "lasttest")
    return [word for word, _ in words.most_common(count)]


#: The group every reader is in, and the readers' usernames (``lasttest-lasare-01`` ...).
READER_GROUP = "Medarbetare (lasttest)"
READER_PREFIX = "lasttest-lasare-"


def targets(username, password, reader_password, readers):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from wagtail_kvalitet.conf import kvalitet_settings
    from wagtail_kvalitet.models import (
        FeedbackCase,
        FeedbackFormPage,
        OrganisationUnit,
        QueuedEmail,
        RoutineIndexPage,
        RoutinePage,
    )
    from wagtail_kvalitet.models.feedback_form import FormKind

    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    user.email = f"{username}@exempelvik.example"
    user.is_superuser = user.is_staff = user.is_active = True
    user.set_password(password)
    user.save()
    reader_names = create_readers(user_model, Group, make_password(reader_password), int(readers))

    routines = readable(RoutinePage.objects.live().order_by("path"))
    indexes = readable(RoutineIndexPage.objects.live().order_by("path"))
    form = FeedbackFormPage.objects.live().public().filter(form_kind=FormKind.PUBLIC).order_by("path").first()
    return {
        "readers": reader_names,
        "reader_group": READER_GROUP,
        # Wagtail's front-end login, where a login-restricted page sends a visitor who is not signed in.
        "login_url": reverse("wagtailcore_login"),
        "routines": [{"pk": page.pk, "url": page.url, "title": page.title} for page in routines],
        "login_routines": sum(bool(page.get_view_restrictions()) for page in routines),
        "unreadable_routines": RoutinePage.objects.live().count() - len(routines),
        "search_urls": [page.url for page in indexes],
        "search_words": search_words(page.title for page in RoutinePage.objects.live()),
        "form": {"pk": form.pk, "url": form.url} if form else None,
        "unit_pks": list(OrganisationUnit.objects.order_by("path").values_list("pk", flat=True)),
        "rate_limit": kvalitet_settings.FEEDBACK_RATE_LIMIT,
        "rate_window": kvalitet_settings.FEEDBACK_RATE_WINDOW_SECONDS,
        "min_seconds": kvalitet_settings.FEEDBACK_MIN_SECONDS,
        "max_case_pk": FeedbackCase.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "max_email_pk": QueuedEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "cases": FeedbackCase.objects.count(),
    }


def create_readers(user_model, group_model, password_hash, count):
    """The readers, each in the readers' group only, with no permissions of their own; their usernames.

    One password for all, hashed once: hashing it for each reader would cost a second of setup per
    few readers. Signing in still checks it the full way.
    """
    group, _ = group_model.objects.get_or_create(name=READER_GROUP)
    names = []
    for number in range(1, count + 1):
        name = f"{READER_PREFIX}{number:02d}"
        reader = user_model.objects.filter(username=name).first() or user_model(username=name)
        reader.email = f"{name}@exempelvik.example"
        reader.is_active = True
        reader.is_staff = reader.is_superuser = False
        reader.password = password_hash
        reader.save()
        reader.groups.set([group])
        reader.user_permissions.clear()
        names.append(name)
    return names


def readable(pages):
    """The pages a signed-in reader of the readers' group may open: public, or behind a login restriction only.

    A page behind a password or restricted to other groups is left out (the readers could not read it).
    """
    from wagtail.models import PageViewRestriction

    return [
        page
        for page in pages
        if all(
            restriction.restriction_type == PageViewRestriction.LOGIN for restriction in page.get_view_restrictions()
        )
    ]


def references(path):
    from django.db.models import Count

    from wagtail_kvalitet.models import FeedbackCase

    with open(path, encoding="utf-8") as file:
        wanted = [line.strip() for line in file if line.strip()]
    stored = Counter(FeedbackCase.objects.filter(reference__in=wanted).values_list("reference", flat=True))
    duplicates = (
        FeedbackCase.objects.values("reference").annotate(n=Count("pk")).filter(n__gt=1).values_list("reference", "n")
    )
    return {
        "stored": {reference: stored.get(reference, 0) for reference in wanted},
        "duplicates_in_table": dict(duplicates),
        "cases": FeedbackCase.objects.count(),
    }


def outbox(case_pk):
    from django.utils import timezone

    from wagtail_kvalitet.models import QueuedEmail

    now = timezone.now()
    emails = []
    for email in QueuedEmail.objects.order_by("pk"):
        emails.append(
            {
                "pk": email.pk,
                "case": email.case_id,
                "purpose": email.purpose,
                "sent": email.sent_at is not None,
                "attempts": email.attempts,
                "waiting": email.sent_at is None and email.next_attempt_at > now,
                "next_attempt_at": email.next_attempt_at.isoformat(),
                "last_error": email.last_error,
                "in_run": bool(email.case_id and email.case_id > int(case_pk)),
            }
        )
    return {"emails": emails}


def retitle(page_pk, marker):
    from wagtail_kvalitet.models import RoutinePage

    page = RoutinePage.objects.get(pk=page_pk)
    page.title = f"{page.title} {marker}"
    page.save_revision()
    return {"pk": page.pk, "url": page.url, "title": page.title}


def copies(count):
    from wagtail_kvalitet.models import RoutinePage

    count = int(count)
    marker = re.compile(r"\(lasttest \d+\)$")
    originals = [page for page in RoutinePage.objects.live().order_by("path") if not marker.search(page.title)]
    made = RoutinePage.objects.filter(title__regex=r"\(lasttest [0-9]+\)$").count()
    for number in range(made + 1, count + 1):
        original = originals[number % len(originals)]
        title, slug = f"{original.title} (lasttest {number:03d})", f"{original.slug}-{number:03d}"
        original.copy(
            to=original.get_parent(),
            update_attrs={"title": title, "slug": slug},
            copy_revisions=False,
            keep_live=True,
            log_action=None,
        )
    return {"copies": max(count, made), "made": max(count - made, 0)}


def tasks():
    from django.apps import apps

    results = apps.get_model("django_tasks_database", "DBTaskResult")
    return {"waiting": results.objects.filter(status__in=("READY", "RUNNING")).count()}


COMMANDS = {
    "copies": copies,
    "tasks": tasks,
    "targets": targets,
    "references": references,
    "outbox": outbox,
    "retitle": retitle,
}


def main(argv):
    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.production")
    import django

    django.setup()
    command, *args = argv
    print(json.dumps(COMMANDS[command](*args)))


if __name__ == "__main__":
    main(sys.argv[1:])
