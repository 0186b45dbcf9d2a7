"""Builders for the annual cycle's tests (the page, marking done, the feeds): a published cycle page,
its activities, completions, and a user who may open the admin."""

import itertools

from django.contrib.auth.models import Permission

from tests.builders import publish, site_root
from tests.conftest import make_user
from wagtail_kvalitet.models.annual_cycle import (
    ActivityCompletion,
    AnnualActivity,
    AnnualCyclePage,
    Frequency,
    RuleKind,
)

_numbers = itertools.count(1)


def make_cycle(parent=None, **fields):
    number = next(_numbers)
    fields.setdefault("title", f"Årshjul {number}")
    fields.setdefault("slug", f"arshjul-{number}")
    return publish(parent or site_root(), AnnualCyclePage(**fields))


def make_activity(page, unit, **fields):
    """An activity saved straight to the database, as the published page's inline row."""
    fields.setdefault("name", f"Aktivitet {next(_numbers)}")
    fields.setdefault("frequency", Frequency.YEARLY)
    fields.setdefault("rule", RuleKind.ON_DATE)
    if fields["rule"] == RuleKind.ON_DATE:
        fields.setdefault("month", 3)
        fields.setdefault("day", 1)
    return AnnualActivity.objects.create(page=page, unit=unit, **fields)


def quarterly_after(page, unit, days=15, **fields):
    return make_activity(
        page, unit, frequency=Frequency.QUARTERLY, rule=RuleKind.AFTER_PERIOD, days_after=days, **fields
    )


def monthly(page, unit, day=10, **fields):
    return make_activity(page, unit, frequency=Frequency.MONTHLY, day=day, month=None, **fields)


def done(activity, occurs_on, done_on=None, **fields):
    return ActivityCompletion.objects.create(
        activity=activity, occurs_on=occurs_on, done_on=done_on or occurs_on, **fields
    )


def admin_user(**fields):
    """A user who may open the admin, as everyone with quality work to do is."""
    user = make_user(**fields)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user
