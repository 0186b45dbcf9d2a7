"""The yearly quality report (kvalitetsberättelse), a page of the manual that starts as a generated draft."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks.report import report_blocks
from .base import KvalitetPage
from .manual import TEXT_FEATURES
from .organisation import OrganisationUnit


class QualityReportPage(KvalitetPage):
    """One year's quality report for a board, printable on A4.

    :mod:`wagtail_kvalitet.quality_report.draft` writes the draft from the system's figures;
    after that it is an ordinary page that staff edit and send for approval.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    board = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("board or organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_reports",
    )
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    body = StreamField(report_blocks(), verbose_name=_("content"), blank=True)

    content_panels = KvalitetPage.content_panels + [
        FieldRowPanel([FieldPanel("year"), FieldPanel("board")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = KvalitetPage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtail_kvalitet.QualityManualPage", "wagtail_kvalitet.ManualSectionPage"]
    subpage_types = []
    template = "wagtail_kvalitet/pages/quality_report_page.html"

    class Meta:
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")

    def get_contents(self):
        """The body grouped into numbered chapters, with what the table of contents lists."""
        from ..quality_report.contents import report_contents

        return report_contents(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contents"] = self.get_contents()
        return context
