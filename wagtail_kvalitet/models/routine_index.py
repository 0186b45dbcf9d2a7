"""The routine listing: where staff find the routine that applies to their unit."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import KvalitetPage
from .processes import ProcessPage, RoutinePage

PER_PAGE = 25


class RoutineIndexPage(KvalitetPage):
    """Lists the routines under its parent (a manual, chapter or process) with filters and search."""

    #: Unfiltered, the list is the same for every reader (a search or filter is never cached).
    kvalitet_page_cache_signed_in = True

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = KvalitetPage.content_panels + [FieldPanel("intro")]

    parent_page_types = [
        "wagtail_kvalitet.QualityManualPage",
        "wagtail_kvalitet.ManualSectionPage",
        "wagtail_kvalitet.ProcessPage",
    ]
    subpage_types = []
    template = "wagtail_kvalitet/pages/routine_index_page.html"

    class Meta:
        verbose_name = _("routine listing")
        verbose_name_plural = _("routine listings")

    def get_scope(self):
        """The page whose routines are listed: the listing's parent."""
        return self.get_parent()

    def get_context(self, request, *args, **kwargs):
        from ..filters.routines import RoutineFilterSet

        context = super().get_context(request, *args, **kwargs)
        scope = self.get_scope()
        processes = list(
            ProcessPage.objects.live().descendant_of(scope, inclusive=True).order_by("path").only("title", "path")
        )
        routines = RoutinePage.objects.live().descendant_of(scope)
        filterset = RoutineFilterSet(
            request.GET or None,
            queryset=routines,
            processes=ProcessPage.objects.filter(pk__in=[p.pk for p in processes]).order_by("path"),
        )
        filterset.search_scope = routines
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else routines
        results = results.order_by("title").prefetch_related("units").only(
            "title", "url_path", "path", "summary", "responsible"
        )
        if filterset.relevance:
            results = sorted(results, key=lambda page: filterset.relevance.get(page.pk, 0))
        page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("sida"))
        process_by_path = {process.path: process for process in processes}
        for routine in page_obj:
            routine.process = process_by_path.get(routine.path[: -routine.steplen])
        context.update(
            filterset=filterset,
            page_obj=page_obj,
            routines=page_obj.object_list,
            is_filtered=filterset.is_bound,
        )
        return context
