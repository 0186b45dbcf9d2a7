"""The case inbox as a spreadsheet: the listing's own filtered, searched cases, without the senders' personal data.

The inbox's download comes here with the queryset its filters and search have already narrowed
(and ``visible_to`` has already limited), so a download never holds a case its user may not see.
Names, email addresses, phone numbers, postal addresses and the sender's own words stay out: a
spreadsheet is easily passed on, and the statistics do not need them. One streamed query,
however many cases.
"""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.aggregates import joined, split_joined
from ..models.feedback import ANSWERED_STATUSES, FINISHED_STATUSES, CaseKind, CaseStatus, Channel, SenderType
from ..models.quality_areas import QualityArea
from .legal_columns import SheetColumn
from .workbook import AMBER, GREEN, GREY, RED, Styled, WorkbookBuilder, csv_response

CHUNK_SIZE = 2000

CASE_COLUMNS = (
    SheetColumn("reference", gettext_lazy("Reference"), 16),
    SheetColumn("kind", gettext_lazy("Kind"), 16),
    SheetColumn("status", gettext_lazy("Status"), 14),
    SheetColumn("channel", gettext_lazy("Received by"), 14),
    SheetColumn("unit", gettext_lazy("Unit"), 28),
    SheetColumn("sender_type", gettext_lazy("Sender"), 24),
    SheetColumn("quality_areas", gettext_lazy("Quality areas"), 34),
    SheetColumn("handler", gettext_lazy("Handler"), 22),
    SheetColumn("received_at", gettext_lazy("Received"), 17),
    SheetColumn("receipt_due_on", gettext_lazy("Receipt due"), 13),
    SheetColumn("acknowledged_at", gettext_lazy("Receipt confirmed"), 17),
    SheetColumn("answer_due_on", gettext_lazy("Answer due"), 13),
    SheetColumn("answered_at", gettext_lazy("Answered"), 17),
    SheetColumn("finished_at", gettext_lazy("Closed"), 17),
    # "Receipt overdue" and/or "Answer overdue", in red; empty when no deadline has passed.
    SheetColumn("overdue", gettext_lazy("Overdue"), 18),
    # Calendar days from receipt to answer, or to today while the case is unanswered.
    SheetColumn("handling_days", gettext_lazy("Handling days"), 10),
    SheetColumn("lex_sarah", gettext_lazy("Lex Sarah"), 10),
    SheetColumn("lex_maria", gettext_lazy("Lex Maria"), 10),
    SheetColumn("measures", gettext_lazy("Measures taken"), 50),
)

STATUS_FILLS = {
    CaseStatus.RECEIVED: AMBER,
    CaseStatus.NEW: AMBER,
    CaseStatus.INVESTIGATING: None,
    CaseStatus.ASSESSING: None,
    CaseStatus.IMPLEMENTING: None,
    CaseStatus.ANSWERED: GREEN,
    CaseStatus.CLOSED: GREEN,
    CaseStatus.DONE: GREEN,
    CaseStatus.NOT_PURSUED: GREY,
}


def export_values(queryset):
    """Each case as one dict of what the sheet shows; quality areas folded in by the database."""
    return (
        queryset.order_by(*queryset.query.order_by or ("-received_at", "-pk"))
        .prefetch_related(None)
        .values(
            "pk",
            "reference",
            "kind",
            "status",
            "channel",
            "sender_type",
            "received_at",
            "receipt_due_on",
            "acknowledged_at",
            "answer_due_on",
            "answered_at",
            "finished_at",
            "lex_sarah",
            "lex_maria",
            "measures",
            unit_name=F("unit__name"),
            **handler_fields(),
            area_names=joined(QualityArea.objects.all(), "feedback_cases", "name"),
        )
    )


def handler_fields():
    """The handler's username and, where the user model has them, first and last name."""
    User = get_user_model()
    fields = {"handler_username": F(f"handler__{User.USERNAME_FIELD}")}
    for name in ("first_name", "last_name"):
        if any(field.name == name for field in User._meta.get_fields()):
            fields[f"handler_{name}"] = F(f"handler__{name}")
    return fields


def handler_name(row):
    full = " ".join(part for part in (row.get("handler_first_name"), row.get("handler_last_name")) if part)
    return full or row["handler_username"] or ""


class CaseExport:
    """The cases in ``queryset`` as one sheet; ``count`` is how many rows were written."""

    def __init__(self, queryset, *, today=None):
        self.queryset = queryset
        self.today = today or timezone.localdate()
        self.count = 0

    def rows(self):
        labels = {
            "kind": {value: str(label) for value, label in CaseKind.choices},
            "status": {value: str(label) for value, label in CaseStatus.choices},
            "channel": {value: str(label) for value, label in Channel.choices},
            "sender_type": {value: str(label) for value, label in SenderType.choices},
        }
        receipt_overdue, answer_overdue, yes = _("Receipt overdue"), _("Answer overdue"), _("Yes")
        for row in export_values(self.queryset).iterator(chunk_size=CHUNK_SIZE):
            finished = row["status"] in FINISHED_STATUSES
            overdue = []
            if (
                not finished
                and row["acknowledged_at"] is None
                and row["receipt_due_on"]
                and row["receipt_due_on"] < self.today
            ):
                overdue.append(receipt_overdue)
            if (
                not finished
                and row["status"] not in ANSWERED_STATUSES
                and row["answer_due_on"]
                and row["answer_due_on"] < self.today
            ):
                overdue.append(answer_overdue)
            received = timezone.localtime(row["received_at"]).date()
            until = timezone.localtime(row["answered_at"]).date() if row["answered_at"] else self.today
            yield {
                "reference": row["reference"],
                "kind": labels["kind"].get(row["kind"], row["kind"]),
                "status": Styled(
                    labels["status"].get(row["status"], row["status"]), fill=STATUS_FILLS.get(row["status"])
                ),
                "channel": labels["channel"].get(row["channel"], row["channel"]),
                "unit": row["unit_name"],
                "sender_type": labels["sender_type"].get(row["sender_type"], row["sender_type"]),
                "quality_areas": "; ".join(split_joined(row["area_names"])),
                "handler": handler_name(row),
                "received_at": row["received_at"],
                "receipt_due_on": row["receipt_due_on"],
                "acknowledged_at": row["acknowledged_at"],
                "answer_due_on": row["answer_due_on"],
                "answered_at": row["answered_at"],
                "finished_at": row["finished_at"],
                "overdue": Styled(", ".join(overdue), fill=RED) if overdue else None,
                "handling_days": (until - received).days,
                "lex_sarah": yes if row["lex_sarah"] else None,
                "lex_maria": yes if row["lex_maria"] else None,
                "measures": row["measures"],
            }

    def counted_rows(self):
        for row in self.rows():
            self.count += 1
            yield row

    def build(self):
        builder = WorkbookBuilder(_("Cases"), today=self.today)
        self.count = builder.add_sheet(_("Cases"), CASE_COLUMNS, self.rows())
        return builder

    def response(self, filename):
        return self.build().response(filename)

    def csv_response(self, filename):
        return csv_response(filename, CASE_COLUMNS, self.counted_rows())
