"""Reading and exporting cases, written to Wagtail's audit log: access to personal data is logged (GDPR).

Entries name the user, the case and what was done; their data holds ids, counts and filter values,
never the sender's name, contact details or words.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..log_actions import CASE_EXPORTED, CASE_VIEWED
from ..models.feedback import FeedbackCase

#: Query-string parameters of the listing that say nothing about which cases were exported.
NOT_FILTERS = ("p", "export")
#: The search words may be a person's name, so the log says only that the list was searched.
SEARCH = "q"


def log_viewed(case, user, view):
    """One entry per look at a case (``view`` is "inspect" or "edit")."""
    return log(instance=case, action=CASE_VIEWED, user=user, data={"view": view})


def export_filters(request):
    """The listing's filters as the export's log keeps them: parameter → value(s); a search as ``True``."""
    filters = {}
    for name, values in sorted(request.GET.lists()):
        if name in NOT_FILTERS:
            continue
        if name == SEARCH:
            if any(value.strip() for value in values):
                filters[SEARCH] = True
            continue
        filters[name] = values if len(values) > 1 else values[0]
    return filters


def log_export(queryset, user, *, filters, file_format):
    """An entry in the history of every case exported, sharing one uuid, each with the count and filters.

    Per case, so the question "who has had this case's data" is answered by the case's own
    history; bulk-written, so an export of thousands of cases costs a few queries, not thousands.
    Returns the number of cases.
    """
    cases = list(queryset.order_by().values_list("pk", "reference", "kind"))
    kinds = dict(FeedbackCase._meta.get_field("kind").choices)
    content_type = ContentType.objects.get_for_model(FeedbackCase)
    shared = uuid.uuid4()
    now = timezone.now()
    data = {"count": len(cases), "filters": filters, "format": file_format}
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(pk),
                label=f"{reference} ({str(kinds.get(kind, kind)).lower()})",
                action=CASE_EXPORTED,
                data=data,
                timestamp=now,
                uuid=shared,
                user=user,
            )
            for pk, reference, kind in cases
        ],
        batch_size=500,
    )
    return len(cases)
