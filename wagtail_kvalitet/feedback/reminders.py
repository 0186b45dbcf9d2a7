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

from ..due.fields import people_by_pk, units_by_pk
from ..models.feedback import ANSWERED_STATUSES, CaseKind, FeedbackCase
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

    #: The ``FeedbackCase`` date field that holds the deadline.
    due_field = ""

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

    def get_items_for(self, user, unit_ids, today, horizon):
        # Unlike the emails, the list looks ahead to the horizon: a deadline next week is worth seeing.
        handler_gone = Q(handler__isnull=True) | Q(handler__is_active=False)
        answers_for = Q(handler=user, handler__is_active=True) | (handler_gone & Q(unit__manager=user))
        cases = (
            self.pending()
            .filter(**{f"{self.due_field}__lte": horizon})
            .filter(answers_for | Q(unit_id__in=list(unit_ids)))
            .only("reference", "kind", self.due_field, "handler", "unit")
            .order_by(self.due_field, "pk")
        )
        cases = list(cases)
        # People and units are read once each and shared, not built again for every row.
        people = people_by_pk(case.handler_id for case in cases)
        units = units_by_pk(case.unit_id for case in cases)
        kinds = {value: str(label) for value, label in CaseKind.choices}  # translated once, not per row
        for case in cases:
            case.handler = people.get(case.handler_id)
            case.unit = units.get(case.unit_id)
            case.kind_label = kinds.get(case.kind, case.kind)
            yield DueItem(case_recipient(case), case, getattr(case, self.due_field))

    def get_unit(self, obj):
        return obj.unit if obj.unit_id is not None else None

    def describe(self, obj):
        unit = obj.unit.name if obj.unit_id else gettext("unit not known")
        kind = getattr(obj, "kind_label", None) or obj.get_kind_display()
        return f"{obj.reference} ({kind.lower()}), {unit}"

    def get_url(self, obj):
        return case_url(obj)

    def get_register_url(self, recipient):
        return inbox_url()


class CaseReceiptSource(CaseDeadlineSource):
    """The sender is owed a receipt (an acknowledgement that the case has been received)."""

    topic = "case-receipt"
    label = _("Case receipts due")
    due_field = "receipt_due_on"

    def pending(self):
        return FeedbackCase.objects.open().filter(acknowledged_at__isnull=True, receipt_due_on__isnull=False)


class CaseAnswerSource(CaseDeadlineSource):
    """The sender is owed an answer (for an idea: a decision)."""

    topic = "case-answer"
    label = _("Case answers due")
    due_field = "answer_due_on"

    def pending(self):
        return FeedbackCase.objects.open().exclude(status__in=ANSWERED_STATUSES).filter(answer_due_on__isnull=False)


case_receipt_source = CaseReceiptSource()
case_answer_source = CaseAnswerSource()
