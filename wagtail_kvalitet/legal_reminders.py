"""Which legal requirements are due for review, for whom: the reminder emails and the dashboard read it here."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .due.fields import people_by_pk, units_by_pk
from .models.legal_requirements import LegalRequirement, Statute
from .reminders import DueItem, ReminderSource
from .snippets.legal_requirements import REVIEW_DUE

LIST_URL_NAME = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
EDIT_URL_NAME = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"


def requirements_due(horizon, person=None):
    """Requirements with a responsible person whose review falls due on or before ``horizon``, soonest first."""
    requirements = LegalRequirement.objects.filter(responsible_person__isnull=False, next_review_due__lte=horizon)
    if person is not None:
        requirements = requirements.filter(responsible_person=person)
    # The units ride along for ``get_unit``, which escalation asks of every late requirement.
    return (
        requirements.select_related("statute", "responsible_person")
        .prefetch_related("units")
        .order_by("next_review_due", "pk")
    )


def register_url(person, due_only=False):
    """The register filtered to the person's requirements, optionally to those due soon or overdue."""
    params = {"responsible_person": person.pk}
    if due_only:
        params["review"] = REVIEW_DUE
    return f"{reverse(LIST_URL_NAME)}?{urlencode(params)}"


@dataclass(frozen=True)
class RequirementRow:
    """A legal requirement as the due list reads it: what ``describe``, ``get_url`` and
    ``get_unit`` need, and no more."""

    pk: int
    statute: str
    reference: str
    title: str
    next_review_due: datetime.date
    responsible_person: object
    highest_unit: object


class LegalReviewSource(ReminderSource):
    """Reminds the responsible person that a requirement's review falls due, and once it is overdue."""

    topic = "legal-review"
    label = _("Legal requirements to review")

    def get_due_items(self, today, horizon):
        for requirement in requirements_due(horizon):
            yield DueItem(requirement.responsible_person, requirement, requirement.next_review_due)

    def get_items_for(self, user, unit_ids, today, horizon):
        # Two queries: the requirements as plain values with the pk of their highest unit, and
        # those units. A requirement is a clustered model, whose objects cost more to build than
        # the query itself over a manager's few hundred rows.
        of_units = LegalRequirement.objects.filter(units__in=list(unit_ids)).values("pk")
        Link = LegalRequirement.units.through
        highest = Link.objects.filter(legalrequirement_id=OuterRef("pk")).order_by(
            "organisationunit__depth", "organisationunit__path"
        )
        rows = list(
            requirements_due(horizon)
            .prefetch_related(None)
            .filter(Q(responsible_person=user) | Q(pk__in=of_units))
            .annotate(highest_unit_id=Subquery(highest.values("organisationunit_id")[:1]))
            .values_list(
                "pk", "statute__title", "statute__number", "reference", "title", "next_review_due",
                "responsible_person_id", "highest_unit_id",
            )
        )
        # People and units are read once each and shared, not built again for every row.
        people = people_by_pk(row[6] for row in rows)
        units = units_by_pk(row[7] for row in rows)
        for pk, statute_title, statute_number, reference, title, due_on, person_id, unit_id in rows:
            requirement = RequirementRow(
                pk, str(Statute(title=statute_title, number=statute_number)), reference, title, due_on,
                people.get(person_id), units.get(unit_id),
            )
            yield DueItem(requirement.responsible_person, requirement, due_on)

    def get_unit(self, obj):
        """The highest of the units the requirement applies to; None if it applies everywhere."""
        if hasattr(obj, "highest_unit"):
            return obj.highest_unit
        units = sorted(obj.units.all(), key=lambda unit: (unit.depth, unit.path))
        return units[0] if units else None

    def describe(self, obj):
        name = f"{obj.reference} {obj.title}" if obj.reference else obj.title
        return f"{obj.statute}: {name}"

    def get_url(self, obj):
        return reverse(EDIT_URL_NAME, args=[quote(obj.pk)])

    def get_register_url(self, recipient):
        # Every requirement of the person, soonest first: an email may be about a date further
        # away than the register's "due soon" filter reaches.
        return register_url(recipient)


legal_review_source = LegalReviewSource()
