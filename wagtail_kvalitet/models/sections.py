"""Section pages: the start page of the quality work on the public site or the intranet."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .base import KvalitetPage


class SectionPage(KvalitetPage):
    """Groups the quality pages of one part of a site and lists them.

    Put one on the public site (complaints, organisation) and one on the intranet (manual,
    processes, routines); give the intranet one a login restriction in Wagtail's privacy
    settings and everything below it follows.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = KvalitetPage.content_panels + [FieldPanel("intro")]
    search_fields = KvalitetPage.search_fields + [index.SearchField("intro")]

    template = "wagtail_kvalitet/pages/section_page.html"

    class Meta:
        verbose_name = _("section page")
        verbose_name_plural = _("section pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().in_menu().specific(defer=True)
        return context
