"""A page that shows the organisation tree, with managers and contact addresses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import KvalitetPage
from .organisation import OrganisationUnit


class OrganisationPage(KvalitetPage):
    """Shows who is responsible where, so citizens and staff can find the right unit."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    root_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("top unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Show this unit and everything below it. Leave empty to show the whole organisation."),
    )
    show_managers = models.BooleanField(
        _("show managers"),
        default=True,
        help_text=_("Show each unit's manager by name."),
    )

    content_panels = KvalitetPage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("root_unit"),
        FieldPanel("show_managers"),
    ]

    template = "wagtail_kvalitet/pages/organisation_page.html"

    class Meta:
        verbose_name = _("organisation page")
        verbose_name_plural = _("organisation pages")

    def get_units(self):
        """The units shown, in tree order, in one query whatever the size of the tree."""
        units = OrganisationUnit.objects.for_listing()
        if self.root_unit_id:
            root = self.root_unit
            units = units.filter(path__startswith=root.path)
        return units

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit_tree"] = build_tree(self.get_units())
        return context


def build_tree(units):
    """Nest units given in tree (path) order as ``[(unit, children), ...]``.

    Done in Python from one ordered query, so rendering a tree of any size costs one query.
    """
    roots = []
    stack = []  # (unit, children) along the current branch
    for unit in units:
        node = (unit, [])
        while stack and not unit.path.startswith(stack[-1][0].path):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots
