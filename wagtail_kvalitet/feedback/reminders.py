"""Reminders of a case's deadlines to its handler: the receipt to the sender, and the answer.

Two sources for the one reminder engine (``wagtail_kvalitet.reminders``), one per deadline, so a
case late on both is listed in both emails and each is claimed in the ledger on its own.

Which stages apply. The engine's stages (``KVALITET_REMINDER_DAYS``, 30 and 7 days by default)
suit yearly reviews, not deadlines of 2 and 10 working days: both deadlines are within 30 days
of receipt and the receipt one within 7, so those stages would fire the day the case comes in,
when the handler has just been notified of it anyway. A case's deadlines therefore reach the
engine only on the day they fall due (the engine names that stage by its smallest day count,
``"7"`` by default) and once they have passed (``"overdue"``). So a handler gets at most two
reminders per deadline: "due today" and "overdue". If a site sets ``KVALITET_REMINDER_DAYS`` to
an empty list, only the overdue reminder is sent.

Who is reminded. The case's handler; a case nobody has taken yet goes to the manager of its unit,
who decides who handles it. A case with neither a handler nor a unit ("don't know") has nobody to
remind: quality staff see it in the inbox.

What the email holds. The reference, kind, unit, deadline and a link to the case in the admin;
never what the sender wrote or who they are, because email is not the place for data that may be
covered by secrecy.
"""

from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models.feedback import ANSWERED_STATUSES, FeedbackCase
from ..reminders import DueItem, ReminderSource

#: The inbox's admin views (wagtail-modeladmin), by their URL names.
INSPECT_URL_NAME = "wagtail_kvalitet_feedbackcase_modeladmin_inspect"
INDEX_URL_NAME = "wagtail_kvalitet_feedbackcase_modeladmin_index"


def case_url(case):
    """The admin path where the case is read and handled; the admin home until the inbox is registered."""
    try:
        return reverse(INSPECT_URL_NAME, args=[quote(case.pk)])
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def inbox_url():
    try:
        return reverse(INDEX_URL_NAME)
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def case_recipient(case):
    """Who acts on the case now: its handler, or the manager of its unit while nobody has taken it.

    A handler who has left (an inactive account) cannot act, so their manager is reminded instead.
    """
    if case.handler_id is not None and case.handler.is_active:
        return case.handler
    if case.unit_id is not None and case.unit.manager_id is not None:
        return case.unit.manager
    return None


class CaseDeadlineSource(ReminderSource):
    """A deadline of open cases; subclasses say which date field and which cases still owe it."""

    subject_template_name = "wagtail_kvalitet/emails/case_deadline_subject.txt"
    body_template_name = "wagtail_kvalitet/emails/case_deadline.txt"
    #: The ``FeedbackCase`` date field that holds the deadline.
    due_field = ""
    #: The deadline in words, for the email.
    deadline_label = ""

    def pending(self):
        """Open cases that still owe what this deadline is for; the receipt and answer sources say which."""
        raise NotImplementedError

    def get_due_items(self, today, horizon):
        # Only deadlines that fall due today or have passed: see the module docstring for why the
        # engine's horizon (today plus the largest reminder day count) is not used.
        cases = (
            self.pending()
            .filter(**{f"{self.due_field}__lte": today})
            .filter(Q(handler__isnull=False) | Q(unit__manager__isnull=False))
            .select_related("handler", "unit__manager")
            .order_by(self.due_field, "pk")
        )
        for case in cases:
            yield DueItem(case_recipient(case), case, getattr(case, self.due_field))

    def describe(self, obj):
        unit = obj.unit.name if obj.unit_id else gettext("unit not known")
        return f"{obj.reference} ({obj.get_kind_display().lower()}), {unit}"

    def get_url(self, obj):
        return case_url(obj)

    def get_register_url(self, recipient):
        return inbox_url()


class CaseReceiptSource(CaseDeadlineSource):
    """The sender is owed a receipt (an acknowledgement that the case has been received)."""

    topic = "case-receipt"
    due_field = "receipt_due_on"
    deadline_label = _("Receipt due")

    def pending(self):
        return FeedbackCase.objects.open().filter(acknowledged_at__isnull=True, receipt_due_on__isnull=False)


class CaseAnswerSource(CaseDeadlineSource):
    """The sender is owed an answer (for an idea: a decision)."""

    topic = "case-answer"
    due_field = "answer_due_on"
    deadline_label = _("Answer due")

    def pending(self):
        return FeedbackCase.objects.open().exclude(status__in=ANSWERED_STATUSES).filter(answer_due_on__isnull=False)


case_receipt_source = CaseReceiptSource()
case_answer_source = CaseAnswerSource()
