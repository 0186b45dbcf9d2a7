"""Which legal requirements are due for review, for whom: the reminder emails and the dashboard read it here."""

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.urls import reverse

from .models.legal_requirements import LegalRequirement
from .reminders import DueItem, ReminderSource
from .snippets.legal_requirements import REVIEW_DUE

LIST_URL_NAME = "wagtailsnippets_wagtail_kvalitet_legalrequirement:list"
EDIT_URL_NAME = "wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"


def requirements_due(horizon, person=None):
    """Requirements with a responsible person whose review falls due on or before ``horizon``, soonest first."""
    requirements = LegalRequirement.objects.filter(responsible_person__isnull=False, next_review_due__lte=horizon)
    if person is not None:
        requirements = requirements.filter(responsible_person=person)
    return requirements.select_related("statute", "responsible_person").order_by("next_review_due", "pk")


def register_url(person, due_only=False):
    """The register filtered to the person's requirements, optionally to those due soon or overdue."""
    params = {"responsible_person": person.pk}
    if due_only:
        params["review"] = REVIEW_DUE
    return f"{reverse(LIST_URL_NAME)}?{urlencode(params)}"


class LegalReviewSource(ReminderSource):
    """Reminds the responsible person that a requirement's review falls due, and once it is overdue."""

    topic = "legal-review"
    subject_template_name = "wagtail_kvalitet/emails/legal_review_subject.txt"
    body_template_name = "wagtail_kvalitet/emails/legal_review.txt"

    def get_due_items(self, today, horizon):
        for requirement in requirements_due(horizon):
            yield DueItem(requirement.responsible_person, requirement, requirement.next_review_due)

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
