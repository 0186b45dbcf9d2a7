"""The quality manual: the root of one management system, and its free chapters."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import section_blocks
from .governance import GoverningPage
from .organisation import OrganisationUnit
from .processes import process_map

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

# The four steps of the improvement cycle, with the text shown when the manual says nothing of its own.
PDCA_STEPS = [
    ("pdca_plan", _("Plan"), _("Find out what needs to change, set goals and plan how to reach them.")),
    ("pdca_do", _("Do"), _("Carry out the plan, on a small scale first where that is possible.")),
    ("pdca_check", _("Check"), _("Follow up the results against the goals and learn from what happened.")),
    ("pdca_act", _("Act"), _("Make what worked the new way of working, or start the cycle again.")),
]


class QualityManualPage(GoverningPage):
    """The root of one management system, for a board or a whole municipality.

    Its process map is drawn from the process pages below it, so it is never out of date.
    """

    board = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("board or organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_manuals",
        help_text=_("The board or part of the organisation this management system covers."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    scope = RichTextField(
        _("scope and limits"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Which operations the management system covers, and which it does not."),
    )
    quality_definition = RichTextField(
        _("what quality means here"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("The definition of quality the operations work by."),
    )
    pdca_plan = models.TextField(_("plan"), blank=True)
    pdca_do = models.TextField(_("do"), blank=True)
    pdca_check = models.TextField(_("check"), blank=True)
    pdca_act = models.TextField(_("act"), blank=True)
    body = StreamField(section_blocks(), verbose_name=_("more content"), blank=True)

    content_panels = GoverningPage.content_panels + [
        FieldPanel("board"),
        FieldPanel("intro"),
        FieldPanel("scope"),
        FieldPanel("quality_definition"),
        MultiFieldPanel(
            [FieldPanel(name) for name, _label, _default in PDCA_STEPS],
            heading=_("Improvement cycle (plan, do, check, act)"),
            help_text=_("Leave a step empty to show the standard text."),
        ),
        FieldPanel("body"),
        *GoverningPage.document_control_panels,
    ]
    search_fields = GoverningPage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("scope"),
        index.SearchField("quality_definition"),
        index.SearchField("body"),
    ]

    subpage_types = [
        "wagtail_kvalitet.ManualSectionPage",
        "wagtail_kvalitet.ProcessPage",
        "wagtail_kvalitet.RoutineIndexPage",
        "wagtail_kvalitet.LegalRequirementListPage",
        "wagtail_kvalitet.QualityReportPage",
    ]
    template = "wagtail_kvalitet/pages/quality_manual_page.html"

    class Meta:
        verbose_name = _("quality manual")
        verbose_name_plural = _("quality manuals")

    def pdca_steps(self):
        return [
            {"name": name.removeprefix("pdca_"), "label": label, "text": getattr(self, name) or default}
            for name, label, default in PDCA_STEPS
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["process_map"] = process_map(self)
        context["chapters"] = self.get_children().live().type(ManualSectionPage).order_by("path")
        return context


class ManualSectionPage(GoverningPage):
    """A free chapter of the manual: roles and responsibilities, collaboration, documentation…"""

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    body = StreamField(section_blocks(), verbose_name=_("content"), blank=True)

    content_panels = GoverningPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        *GoverningPage.document_control_panels,
    ]
    search_fields = GoverningPage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtail_kvalitet.QualityManualPage", "wagtail_kvalitet.ManualSectionPage"]
    subpage_types = [
        "wagtail_kvalitet.ManualSectionPage",
        "wagtail_kvalitet.ProcessPage",
        "wagtail_kvalitet.RoutineIndexPage",
        "wagtail_kvalitet.LegalRequirementListPage",
        "wagtail_kvalitet.QualityReportPage",
    ]
    template = "wagtail_kvalitet/pages/manual_section_page.html"

    class Meta:
        verbose_name = _("manual chapter")
        verbose_name_plural = _("manual chapters")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().in_menu().order_by("path")
        return context
