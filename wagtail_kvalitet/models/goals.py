"""The goal chain as pages: one page per period of governance, and a tree of goals below it.

Goals are prose that the board approves, so they are pages (drafts, revisions, approval
workflows); the figures that show whether a goal is met are data on the indicators they link to.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from .base import KvalitetPage
from .indicators import value_field
from .organisation import OrganisationUnit

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class GoalLevel(models.TextChoices):
    """Where a goal sits in the chain, from the board down."""

    BOARD = "board", _("Board goal")
    ADMINISTRATION = "administration", _("Administration goal")
    UNIT = "unit", _("Unit goal")


class CouncilGoalBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Goal"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "flag"
        label = _("Council goal")


class GoalChainPage(KvalitetPage):
    """One period of governance, e.g. *Målkedja 2026*: the vision and the council's goals, the
    board's goals as child pages, and their goals below them."""

    period_label = models.CharField(
        _("period"), max_length=50, help_text=_("The period the chain governs, e.g. 2026 or 2025–2027.")
    )
    vision = RichTextField(_("vision"), blank=True, features=TEXT_FEATURES)
    council_goals = StreamField(
        [("goal", CouncilGoalBlock())], verbose_name=_("council goals"), blank=True, use_json_field=True
    )

    content_panels = KvalitetPage.content_panels + [
        FieldPanel("period_label"),
        FieldPanel("vision"),
        FieldPanel("council_goals"),
    ]
    search_fields = KvalitetPage.search_fields + [index.SearchField("vision")]
    subpage_types = ["wagtail_kvalitet.GoalPage"]
    template = "wagtail_kvalitet/pages/goal_chain_page.html"

    class Meta:
        verbose_name = _("goal chain page")
        verbose_name_plural = _("goal chain pages")

    def get_context(self, request, *args, **kwargs):
        """The whole tree of goals, narrowed by the reader's unit and quality area filters."""
        from ..filters.goals import GoalChainFilterSet
        from ..goals.chain import chain_tree, tree_rows

        context = super().get_context(request, *args, **kwargs)
        filterset = GoalChainFilterSet(request.GET or None, queryset=GoalPage.objects.none())
        context.update(
            filterset=filterset,
            is_filtered=filterset.is_bound,
            goal_rows=tree_rows(
                chain_tree(self, user=request.user, details=False, **filterset.choices()), self, request
            ),
        )
        return context


class GoalPage(KvalitetPage):
    """A goal owned by a unit, with the indicators that measure it; its children break it down."""

    level = models.CharField(_("level"), max_length=20, choices=GoalLevel.choices, default=GoalLevel.BOARD)
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="goal_pages"
    )
    description = RichTextField(_("description"), blank=True, features=TEXT_FEATURES)
    why_it_matters = RichTextField(_("why it matters"), blank=True, features=TEXT_FEATURES)
    quality_areas = ParentalManyToManyField(
        "wagtail_kvalitet.QualityArea", verbose_name=_("quality areas"), blank=True, related_name="goal_pages"
    )

    content_panels = KvalitetPage.content_panels + [
        MultiFieldPanel([FieldPanel("level"), FieldPanel("unit")], heading=_("Place in the chain")),
        FieldPanel("description"),
        FieldPanel("why_it_matters"),
        FieldPanel("quality_areas", widget=forms.CheckboxSelectMultiple),
        InlinePanel("goal_indicators", heading=_("Indicators"), label=_("Indicator")),
    ]
    search_fields = KvalitetPage.search_fields + [
        index.SearchField("description"),
        index.SearchField("why_it_matters"),
    ]
    parent_page_types = ["wagtail_kvalitet.GoalChainPage", "wagtail_kvalitet.GoalPage"]
    subpage_types = ["wagtail_kvalitet.GoalPage"]
    template = "wagtail_kvalitet/pages/goal_page.html"

    class Meta:
        verbose_name = _("goal page")
        verbose_name_plural = _("goal pages")

    def get_context(self, request, *args, **kwargs):
        """The goal's place in its chain, its status and its sub-goals' (from the same tree as the
        chain page, so the two never disagree), and each indicator's chart and figures."""
        from ..goals.chain import chain_tree, goal_series, tree_rows
        from ..goals.charts import indicator_figures
        from ..goals.status import goal_status

        context = super().get_context(request, *args, **kwargs)
        ancestors = list(self.get_ancestors().filter(depth__gt=1).order_by("depth"))
        chain_type = ContentType.objects.get_for_model(GoalChainPage)
        chain_index = max(
            (index for index, page in enumerate(ancestors) if page.content_type_id == chain_type.pk), default=None
        )
        trail = ancestors[chain_index:] if chain_index is not None else []
        node = _find_node(chain_tree(trail[0], user=request.user, details=False), self.pk) if trail else None
        series = goal_series(self)
        context.update(
            chain_trail=trail,
            goal_node=node,
            goal_status=node.status if node else goal_status([item.status for item in series]),
            child_goal_rows=tree_rows(node.children, trail[0], request) if node else [],
            quality_areas=list(self.quality_areas.all()),
            indicator_figures=[
                indicator_figures(item, chart_id=f"kvalitet-indicator-{item.goal_indicator.pk}") for item in series
            ],
        )
        return context


def _find_node(nodes, page_pk):
    for node in nodes:
        if node.page.pk == page_pk:
            return node
        found = _find_node(node.children, page_pk)
        if found is not None:
            return found
    return None


class GoalIndicator(Orderable):
    """An indicator that measures a goal, with the goal's target for it and why it was chosen."""

    goal = ParentalKey(GoalPage, on_delete=models.CASCADE, related_name="goal_indicators")
    indicator = models.ForeignKey(
        "wagtail_kvalitet.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="goal_links"
    )
    target = value_field(_("target"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    reasoning = models.TextField(_("why this indicator"), blank=True)

    panels = [FieldPanel("indicator"), FieldPanel("target"), FieldPanel("target_date"), FieldPanel("reasoning")]

    class Meta(Orderable.Meta):
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        constraints = [models.UniqueConstraint(fields=["goal", "indicator"], name="kvalitet_goal_indicator_once")]

    def __str__(self):
        return f"{self.indicator} → {self.target}"
