"""Small builders for the reminder, task and dashboard tests: statutes and requirements with a due date."""

import datetime
import itertools

from django.utils import timezone

from wagtail_kvalitet.models import LegalRequirement, Statute, StatuteKind

_numbers = itertools.count(1)


def make_statute(**fields):
    fields.setdefault("title", "Socialtjänstlag")
    fields.setdefault("number", "2025:400")
    fields.setdefault("kind", StatuteKind.LAW)
    statute, _created = Statute.objects.get_or_create(title=fields.pop("title"), number=fields.pop("number"),
                                                      defaults=fields)
    return statute


def make_requirement(due_in=None, **fields):
    """A requirement whose review falls due ``due_in`` days from today (negative: overdue)."""
    if due_in is not None:
        fields.setdefault("next_review_due", timezone.localdate() + datetime.timedelta(days=due_in))
    fields.setdefault("statute", make_statute())
    number = next(_numbers)
    fields.setdefault("reference", f"{number} kap. 1 §")
    fields.setdefault("title", f"Krav {number}")
    fields.setdefault("demands", "Vi ska dokumentera.")
    requirement = LegalRequirement(**fields)
    requirement.save()
    return requirement
