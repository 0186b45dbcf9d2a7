"""Document control shared by the governing pages: owner, approval and review.

SOSFS 2011:9 asks that governing documents be controlled: who drew one up, who approved it and
when, and when it must be reviewed. The manual, its sections, processes and routines all inherit
from :class:`GoverningPage`, a concrete page model, so that one query finds every governing page
due for review whatever its type.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..conf import kvalitet_settings
from .base import KvalitetPage
from .organisation import OrganisationUnit


def add_months(day, months):
    """``day`` moved ``months`` on, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class ReviewStatus(models.TextChoices):
    NOT_APPROVED = "not-approved", _("Not approved")
    CURRENT = "current", _("Current")
    DUE = "due", _("Due for review")
    OVERDUE = "overdue", _("Overdue for review")


class GoverningPageForm(WagtailAdminPageForm):
    """Shows organisation units as the indented tree editors know, in tree order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "queryset", None) is not None and field.queryset.model is OrganisationUnit:
                field.queryset = OrganisationUnit.objects.order_by("path")
                field.label_from_instance = OrganisationUnit.get_indented_name


class GoverningPage(KvalitetPage):
    """A page under document control. Not created on its own: the manual, sections, processes
    and routines derive from it.

    *Approved by* and *approved on* are stamped by the approval workflow task (see
    :mod:`.approval`) and shown read-only to editors: an approval is an act, not a typed claim.
    """

    #: Every reader sees the same document, so signed-in staff with the same permissions share
    #: one cached copy (see ``page_cache``).
    kvalitet_page_cache_signed_in = True

    document_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("document owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_governing_pages",
        help_text=_("Answers for the content being correct and for reviewing it in time."),
    )
    responsible_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governing_pages",
    )
    drawn_up_by = models.CharField(
        _("drawn up by"),
        max_length=200,
        blank=True,
        help_text=_("Who wrote the document: a name or a function, e.g. 'Quality developer'."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_governing_pages",
    )
    approved_by_name = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("Filled in when the approval workflow approves the page."),
    )
    approved_on = models.DateField(
        _("approved on"),
        null=True,
        blank=True,
        help_text=_("Filled in when the approval workflow approves the page."),
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the document is valid without a review. Leave as it is and the approval sets it "
            "from the standard review interval; set an earlier date if the document needs it."
        ),
    )

    # A copy is a new document: it has not been approved.
    exclude_fields_in_copy = ["approved_by", "approved_by_name", "approved_on"]

    document_control_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_owner"), FieldPanel("responsible_unit")]),
                FieldPanel("drawn_up_by"),
                FieldRowPanel(
                    [FieldPanel("approved_by_name", read_only=True), FieldPanel("approved_on", read_only=True)]
                ),
                FieldPanel("review_by"),
            ],
            heading=_("Document control"),
        )
    ]
    settings_panels = KvalitetPage.settings_panels

    base_form_class = GoverningPageForm
    is_creatable = False

    class Meta:
        verbose_name = _("governing page")
        verbose_name_plural = _("governing pages")

    @classmethod
    def review_interval_months(cls):
        intervals = kvalitet_settings.REVIEW_INTERVAL_MONTHS
        return intervals.get(cls._meta.model_name, intervals.get("default", 12))

    def review_status(self, today=None):
        today = today or timezone.localdate()
        if not self.approved_on:
            return ReviewStatus.NOT_APPROVED
        if self.review_by is None:
            return ReviewStatus.CURRENT
        if self.review_by < today:
            return ReviewStatus.OVERDUE
        if self.review_by <= today + datetime.timedelta(days=kvalitet_settings.REVIEW_DUE_SOON_DAYS):
            return ReviewStatus.DUE
        return ReviewStatus.CURRENT

    @property
    def is_overdue(self):
        return self.review_by is not None and self.review_by < timezone.localdate()

    def stamp_approval(self, user, previous_review_by=None, on=None):
        """Record that ``user`` approved this version today and set the next review date.

        A review date the editor changed in this version (it differs from ``previous_review_by``,
        the live page's) and that still lies ahead is kept; otherwise the standard interval counts
        from today.
        """
        on = on or timezone.localdate()
        self.approved_by = user
        self.approved_by_name = (user.get_full_name() or user.get_username()) if user else ""
        self.approved_on = on
        chosen_by_editor = self.review_by is not None and self.review_by != previous_review_by
        if not (chosen_by_editor and self.review_by > on):
            self.review_by = add_months(on, self.specific_class.review_interval_months())
