"""The goal chain download in the admin's Reports menu: choose a chain, get its workbook.

Whoever follows up goals (quality staff, unit managers preparing the board's papers) needs the
whole chain with its latest figures in a spreadsheet; the workbook itself is built by
``exports.goal_chain``. A GET form, so a download can be bookmarked or linked from a meeting note.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..exports.goal_chain import GoalChainExport
from ..models import GoalChainPage

#: Who may download: anyone who may see the indicator register; goals under view restrictions
#: the user does not pass are left out, as on the public chain page.
REQUIRED_PERMISSIONS = ("wagtailadmin.access_admin", "wagtail_kvalitet.view_indicator")
NAMESPACE = "wagtail_kvalitet_goal_chain_export"


def can_export_goal_chains(user):
    return user.is_active and user.has_perms(REQUIRED_PERMISSIONS)


class GoalChainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.period_label})" if obj.period_label else obj.title


class GoalChainExportForm(forms.Form):
    chain = GoalChainChoiceField(
        label=_("Goal chain"),
        queryset=GoalChainPage.objects.order_by("path"),
        empty_label=_("Choose a goal chain"),
        help_text=_("The workbook lists its published goals and each indicator's latest figure."),
    )


class GoalChainExportView(WagtailAdminTemplateMixin, TemplateView):
    """The choice of chain; with a chain chosen, the workbook itself."""

    template_name = "wagtail_kvalitet/reports/goal_chain_export.html"
    page_title = _("Goal chain export")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_export_goal_chains(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        form = GoalChainExportForm(request.GET or None)
        if form.is_bound and form.is_valid():
            chain = form.cleaned_data["chain"]
            filename = f"malkedja-{chain.slug}-{timezone.localdate():%Y-%m-%d}"
            return GoalChainExport(chain, user=request.user).response(filename)
        return self.render_to_response(self.get_context_data(form=form, action_url=reverse(f"{NAMESPACE}:index")))


class GoalChainExportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_export_goal_chains(request.user)


def goal_chain_export_urls():
    """For the ``register_admin_urls`` hook."""
    patterns = [path("", GoalChainExportView.as_view(), name="index")]
    return [path("kvalitet/reports/goal-chain/", include((patterns, NAMESPACE)))]


def goal_chain_export_menu_item():
    """For the ``register_reports_menu_item`` hook: after the compilation of cases."""
    return GoalChainExportMenuItem(
        _("Goal chain export"),
        reverse(f"{NAMESPACE}:index"),
        name="goal-chain-export",
        icon_name="download",
        order=1170,
    )


def register_goal_chain_export():
    """Register the download's admin URL and menu item; called once from wagtail_hooks."""
    hooks.register("register_admin_urls", goal_chain_export_urls)
    hooks.register("register_reports_menu_item", goal_chain_export_menu_item)
