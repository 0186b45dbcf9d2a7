"""Which governing pages (manual, sections, processes, routines) are due for review, for their document owners.

A source for the one reminder engine and the due list. A page is due when it is live, approved
and its ``review_by`` date is on or before the horizon: the same pages the review report lists
(``reports.reviews``), which is where the reminder links to. Pages never approved have no review
to be late with. Who is reminded: the document owner; if there is none or they have left, the
manager of the responsible unit; with neither, nobody.
"""

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_content_type_label

from .due.fields import person_fields, unit_fields
from .models.governance import GoverningPage
from .reminders import DueItem, ReminderSource

REPORT_URL_NAME = "wagtail_kvalitet_reports:review_due"


def page_recipient(page):
    if page.document_owner_id is not None and page.document_owner.is_active:
        return page.document_owner
    if page.responsible_unit_id is not None and page.responsible_unit.manager_id is not None:
        return page.responsible_unit.manager
    return None


def pages_due(horizon):
    """Live, approved governing pages to review on or before ``horizon``, soonest first, in one query."""
    return (
        GoverningPage.objects.live()
        .filter(approved_on__isnull=False, review_by__lte=horizon)
        .select_related("content_type", "document_owner", "responsible_unit__manager")
        .order_by("review_by", "path")
    )


class PageReviewSource(ReminderSource):
    """Reminds a document owner that their page's review falls due, and once it is overdue."""

    topic = "page-review"
    label = _("Pages to review")

    def get_due_items(self, today, horizon):
        pages = pages_due(horizon).filter(Q(document_owner__isnull=False) | Q(responsible_unit__manager__isnull=False))
        for page in pages:
            recipient = page_recipient(page)
            if recipient is not None:
                yield DueItem(recipient, page, page.review_by)

    def get_items_for(self, user, unit_ids, today, horizon):
        owner_gone = Q(document_owner__isnull=True) | Q(document_owner__is_active=False)
        answers_for = Q(document_owner=user, document_owner__is_active=True) | (
            owner_gone & Q(responsible_unit__manager=user)
        )
        pages = (
            pages_due(horizon)
            .filter(answers_for | Q(responsible_unit_id__in=list(unit_ids)))
            .only("title", "review_by", "content_type__app_label", "content_type__model",
                  *person_fields("document_owner"), *unit_fields("responsible_unit"))
        )
        for page in pages:
            yield DueItem(page_recipient(page), page, page.review_by)

    def get_unit(self, obj):
        return obj.responsible_unit if obj.responsible_unit_id is not None else None

    def describe(self, obj):
        return f"{obj.title} ({get_content_type_label(obj.content_type)})"

    def get_url(self, obj):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])

    def get_register_url(self, recipient):
        try:
            return reverse(REPORT_URL_NAME)
        except NoReverseMatch:
            return reverse("wagtailadmin_home")


page_review_source = PageReviewSource()
