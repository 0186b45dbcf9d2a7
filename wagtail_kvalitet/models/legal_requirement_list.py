"""The legal requirement list as staff read it: what the law demands of their unit, and the routines that meet it."""

import re

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

from .base import KvalitetPage
from .legal_requirements import LegalRequirement
from .processes import ProcessPage, RoutinePage

PER_PAGE = 25

#: What the list is sorted by, read in one light query before the shown page is loaded in full.
ORDER_FIELDS = ["pk", "statute__title", "statute__number", "statute_id", "reference", "title"]


def natural_key(text):
    """Numbers compare as numbers, so '3 kap. 3 §' comes before '14 kap. 1 §' as the reader counts."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def list_order(row):
    """Statute, then reference: the order of the list on paper, so a requirement is where it is expected.

    Done in Python because no database sorts chapter and section numbers naturally; a
    municipality's list holds hundreds of requirements at most.
    """
    pk, statute_title, statute_number, statute_id, reference, title = row
    return (
        natural_key(statute_title),
        natural_key(statute_number),
        statute_id,
        natural_key(reference),
        natural_key(title),
        pk,
    )


def closed_to(request):
    """A ``Q`` matching the pages in private sections that ``request`` may not open.

    Wagtail checks page privacy only when a page is served; a list that links to routines must
    check it first, or it sends readers to a login or password form they cannot pass. Sites have
    few restrictions, so this costs one query (and one for the reader's groups, if any restriction
    needs them) whatever the number of links.
    """
    closed = Q(pk__in=[])
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    for restriction in restrictions:
        if not restriction.accept_request(request):
            closed |= Page.objects.descendant_of_q(restriction.page, inclusive=True)
    return closed


class LegalRequirementListPage(KvalitetPage):
    """The legal requirement list (lagkravslista) for staff, filtered by unit, statute and words.

    Requirements are kept in the admin register; this page only shows them. Put it in the
    intranet section, the quality manual or a chapter of it; it is as private as the pages above it.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = KvalitetPage.content_panels + [FieldPanel("intro")]

    parent_page_types = [
        "wagtail_kvalitet.SectionPage",
        "wagtail_kvalitet.QualityManualPage",
        "wagtail_kvalitet.ManualSectionPage",
    ]
    subpage_types = []
    template = "wagtail_kvalitet/pages/legal_requirement_list_page.html"

    class Meta:
        verbose_name = _("legal requirement list")
        verbose_name_plural = _("legal requirement lists")

    def get_requirements(self):
        """The requirements the page lists before the reader's filters; override to narrow it, e.g. to one board."""
        return LegalRequirement.objects.all()

    def load_requirements(self, request, pks):
        """The requirements ``pks``, in that order, with what the list shows and only the pages ``request`` may open.

        A fixed number of queries however many requirements and links there are.
        """
        closed = closed_to(request)
        routines = RoutinePage.objects.live().exclude(closed).order_by("title").only("title", "url_path", "path")
        processes = ProcessPage.objects.live().exclude(closed).order_by("title").only("title", "url_path", "path")
        loaded = (
            LegalRequirement.objects.for_listing()
            .prefetch_related(
                Prefetch("routines", queryset=routines, to_attr="routines_met_by"),
                Prefetch("processes", queryset=processes, to_attr="processes_met_by"),
            )
            .in_bulk(pks)
        )
        requirements = [loaded[pk] for pk in pks if pk in loaded]
        for requirement in requirements:
            # A page outside every site has no address: it cannot be linked, so it is not listed.
            requirement.routines_met_by = [page for page in requirement.routines_met_by if page.get_url(request)]
            requirement.processes_met_by = [page for page in requirement.processes_met_by if page.get_url(request)]
        return requirements

    def get_context(self, request, *args, **kwargs):
        from ..filters.legal_requirements import LegalRequirementListFilterSet

        context = super().get_context(request, *args, **kwargs)
        requirements = self.get_requirements()
        filterset = LegalRequirementListFilterSet(request.GET or None, queryset=requirements)
        results = filterset.qs if filterset.is_bound and filterset.is_valid() else requirements
        ordered = sorted(results.order_by().values_list(*ORDER_FIELDS), key=list_order)
        page_obj = Paginator([row[0] for row in ordered], PER_PAGE).get_page(request.GET.get("sida"))
        page_obj.object_list = self.load_requirements(request, list(page_obj.object_list))
        context.update(
            filterset=filterset,
            page_obj=page_obj,
            requirements=page_obj.object_list,
            is_filtered=any(request.GET.get(name) for name in filterset.filters),
        )
        return context
