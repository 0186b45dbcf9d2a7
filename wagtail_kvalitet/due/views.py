"""The "My quality work" admin view: everything due for the signed-in user, with filters and an Excel export.

The list is collected once (``due.collect``), filtered and paginated in memory: each source reads
its items in a fixed number of queries, so a manager with a thousand items costs no more queries
than a person with ten.
"""

from django import forms
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..reminders import registered_sources
from .collect import collect

#: Rows per page of the list; the export holds every row.
PER_PAGE = 100
MINE = "mine"
ALL = "all"
FEED_URL_NAME = "wagtail_kvalitet_calendar_feed"


class DueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    scope = forms.ChoiceField(
        label=_("Whose"),
        required=False,
        choices=[(ALL, _("Mine and my units'")), (MINE, _("Only mine"))],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(source.topic, source.label) for source in sources]

    def apply(self, entries, user):
        """The entries the valid filters keep; with invalid input (an unknown kind), all of them."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("kind"):
            entries = [entry for entry in entries if entry.source.topic == data["kind"]]
        if data.get("scope") == MINE:
            entries = [entry for entry in entries if getattr(entry.recipient, "pk", None) == user.pk]
        if data.get("overdue"):
            entries = [entry for entry in entries if entry.is_overdue]
        return entries


def feed_url():
    """The page where a person gets their calendar feed's address; None until it is registered."""
    try:
        return reverse(FEED_URL_NAME)
    except NoReverseMatch:
        return None


def entries_for(request):
    """The user's due list, collected once per request (the dashboard panel and the view share it)."""
    if not hasattr(request, "_kvalitet_due_entries"):
        request._kvalitet_due_entries = collect(request.user, today=timezone.localdate())
    return request._kvalitet_due_entries


class MyWorkView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_kvalitet/admin/due.html"
    page_title = _("My quality work")
    header_icon = "tasks"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        sources = registered_sources()
        self.form = DueFilterForm(request.GET or None, sources=sources)
        self.entries = self.form.apply(entries_for(request), request.user)
        if request.GET.get("export") == "xlsx":
            from ..exports.due_items import DueItemsExport

            return DueItemsExport(self.entries, request.user).response(
                f"mitt-kvalitetsarbete-{timezone.localdate():%Y-%m-%d}"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(self.entries, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        query["export"] = "xlsx"
        context.update(
            {
                "form": self.form,
                "page_obj": page,
                "entries": page.object_list,
                "total": paginator.count,
                "elided_page_range": paginator.get_elided_page_range(page.number),
                "export_url": f"?{query.urlencode()}",
                "feed_url": feed_url(),
                "viewer": self.request.user,
            }
        )
        return context
