"""Builders for the due-list tests: one item of each kind, due a given number of days from today."""

import datetime
import itertools

from django.utils import timezone

from tests.builders import make_manual, make_section
from tests.case_builders import make_case
from tests.goals.builders import make_indicator
from tests.reminder_builders import make_requirement
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.models import AnnualActivity, AnnualCyclePage, GoverningPage
from wagtail_kvalitet.models.annual_cycle import Frequency as ActivityFrequency
from wagtail_kvalitet.models.annual_cycle import RuleKind

from ..builders import publish, site_root

_numbers = itertools.count(1)


def days(n, today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=n)


def legal(due_in, person=None, units=(), **fields):
    requirement = make_requirement(due_in=due_in, responsible_person=person, **fields)
    if units:
        requirement.units = list(units)  # a parental relation: stored when the requirement is saved
        requirement.save()
    return requirement


def case(due_in, unit=None, handler=None, **fields):
    """A case whose answer falls due in ``due_in`` days; the receipt was sent."""
    return make_case(unit, handler=handler, acknowledged_at=timezone.now(), answer_due_on=days(due_in), **fields)


def figure(unit, owner=None, **fields):
    """A monthly indicator with last month's figure missing: due within the coming 30 days."""
    return make_indicator(unit, owner=owner, frequency=Frequency.MONTH, **fields)


def page(due_in, owner=None, unit=None, parent=None, **fields):
    """A live, approved manual section to review in ``due_in`` days."""
    section = make_section(parent or make_manual(), document_owner=owner, responsible_unit=unit, **fields)
    GoverningPage.objects.filter(pk=section.pk).update(approved_on=days(-300), review_by=days(due_in))
    section.refresh_from_db()
    return section


def cycle(**fields):
    fields.setdefault("title", f"Årshjul {next(_numbers)}")
    return publish(site_root(), AnnualCyclePage(**fields))


def activity(cycle_page, on, unit, person=None, **fields):
    """A yearly activity on the date ``on`` each year (a day from the 1st to the 28th)."""
    date = on
    fields.setdefault("name", f"Aktivitet {next(_numbers)}")
    return AnnualActivity.objects.create(
        page=cycle_page,
        frequency=ActivityFrequency.YEARLY,
        rule=RuleKind.ON_DATE,
        month=date.month,
        day=date.day,
        unit=unit,
        responsible_person=person,
        **fields,
    )
