"""Process pages, the routines under them, and the process map drawn from them."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import process_blocks, risk_matrix, routine_blocks
from ..blocks.risks import CONSEQUENCE_CHOICES
from .governance import GoverningPage
from .organisation import OrganisationUnit
from .quality_areas import QualityArea


class ProcessKind(models.TextChoices):
    """The three rows of the classic process map."""

    MANAGEMENT = "management", _("Management process")
    CORE = "core", _("Core process")
    SUPPORT = "support", _("Support process")


# The rows of the process map, top to bottom, with their headings.
PROCESS_MAP_ROWS = [
    (ProcessKind.MANAGEMENT, _("Management processes")),
    (ProcessKind.CORE, _("Core processes")),
    (ProcessKind.SUPPORT, _("Support processes")),
]


class RiskMatrixMixin:
    """Numbers the page's risk blocks in order and lays them out in a probability × consequence matrix."""

    def get_risks(self):
        """``(number, block)`` for each risk in page order; each value learns its number and anchor."""
        risks = []
        for block in self.body:
            if block.block_type == "risk":
                block.value.number = len(risks) + 1
                block.value.anchor = f"risk-{block.id}"
                risks.append((block.value.number, block))
        return risks

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        risks = self.get_risks()
        context["risks"] = risks
        context["risk_matrix"] = risk_matrix(risks) if risks else None
        context["consequence_labels"] = [label for _value, label in CONSEQUENCE_CHOICES]
        return context


class ProcessPage(RiskMatrixMixin, GoverningPage):
    """One process of the management system: what it is for, who takes part, its steps and risks."""

    kind = models.CharField(
        _("kind of process"),
        max_length=20,
        choices=ProcessKind.choices,
        default=ProcessKind.CORE,
        help_text=_(
            "Management processes steer the work, core processes serve the people the operation exists "
            "for, support processes make the other two possible."
        ),
    )
    purpose = models.TextField(_("purpose"), help_text=_("Why the process exists, in one or two sentences."))
    audience = models.TextField(
        _("who it is for"), blank=True, help_text=_("The people whose needs the process meets.")
    )
    starts_with = models.CharField(
        _("starts with"), max_length=255, blank=True, help_text=_("The event or need that starts the process.")
    )
    ends_with = models.CharField(
        _("ends with"), max_length=255, blank=True, help_text=_("The result that ends the process.")
    )
    units = ParentalManyToManyField(
        OrganisationUnit,
        verbose_name=_("units covered"),
        blank=True,
        related_name="processes",
        help_text=_("The units that work in this process. A unit includes the units below it."),
    )
    quality_areas = ParentalManyToManyField(
        QualityArea, verbose_name=_("quality areas"), blank=True, related_name="processes"
    )
    body = StreamField(process_blocks(), verbose_name=_("content"), blank=True)

    content_panels = GoverningPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("purpose"),
                FieldPanel("audience"),
                FieldPanel("starts_with"),
                FieldPanel("ends_with"),
            ],
            heading=_("About the process"),
        ),
        FieldPanel("units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("quality_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        *GoverningPage.document_control_panels,
    ]
    search_fields = GoverningPage.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("audience"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["wagtail_kvalitet.QualityManualPage", "wagtail_kvalitet.ManualSectionPage"]
    subpage_types = ["wagtail_kvalitet.RoutinePage", "wagtail_kvalitet.RoutineIndexPage"]
    template = "wagtail_kvalitet/pages/process_page.html"

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["routines"] = RoutinePage.objects.child_of(self).live().order_by("title").only("title", "url_path")
        context["unit_list"] = list(self.units.order_by("path"))
        context["quality_area_list"] = list(self.quality_areas.all())
        context["legal_requirements_met"] = legal_requirements_met(self)
        return context


class RoutinePage(RiskMatrixMixin, GoverningPage):
    """How one activity is done and who is responsible, for the units it applies to."""

    summary = models.TextField(_("summary"), help_text=_("What the routine is for and when it applies."))
    responsible = models.CharField(
        _("responsible"),
        max_length=255,
        help_text=_("The role or function that answers for the routine being followed, e.g. 'Unit manager'."),
    )
    units = ParentalManyToManyField(
        OrganisationUnit,
        verbose_name=_("applies to units"),
        blank=True,
        related_name="routines",
        help_text=_("Leave empty if it applies everywhere. A unit includes the units below it."),
    )
    quality_areas = ParentalManyToManyField(
        QualityArea, verbose_name=_("quality areas"), blank=True, related_name="routines"
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The laws and regulations the routine rests on, e.g. 'SoL 14 kap. 2 §'."),
    )
    body = StreamField(routine_blocks(), verbose_name=_("content"), blank=True)

    content_panels = GoverningPage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("responsible"),
        FieldPanel("units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("quality_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("legal_basis"),
        FieldPanel("body"),
        *GoverningPage.document_control_panels,
    ]
    search_fields = GoverningPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("responsible"),
        index.SearchField("legal_basis"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtail_kvalitet.ProcessPage"]
    subpage_types = []
    template = "wagtail_kvalitet/pages/routine_page.html"

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["process"] = self.get_parent()
        context["applies_to"] = list(self.units.order_by("path"))
        context["quality_area_list"] = list(self.quality_areas.all())
        context["legal_requirements_met"] = legal_requirements_met(self)
        return context

    def kvalitet_pages_showing_this(self):
        """The routine lists this routine is listed on: the page cache renders them again as soon as it is published."""
        from .routine_index import RoutineIndexPage

        lists = RoutineIndexPage.objects.live().only("path", "depth")
        return [page.pk for page in lists if self.path.startswith(page.path[: -page.steplen])]


def legal_requirements_met(page):
    """The legal requirements that name ``page`` as meeting them, with their statutes, in one query.

    The link is kept on the requirement, so editors of the register decide it; a new page shown in
    preview has no links yet.
    """
    if page.pk is None:
        return []
    return list(page.legal_requirements.select_related("statute"))


def process_map(root):
    """The live processes below ``root`` grouped by kind, in one query, for the classic process map."""
    processes = (
        ProcessPage.objects.live()
        .descendant_of(root)
        .order_by("path")
        .only("title", "url_path", "kind", "purpose", "starts_with", "ends_with", "depth", "path")
    )
    rows = {kind: [] for kind in ProcessKind.values}
    for process in processes:
        rows[process.kind].append(process)
    return [{"kind": kind.value, "label": label, "processes": rows[kind]} for kind, label in PROCESS_MAP_ROWS]
