"""Admin views of the self-assessment: registered from wagtail_hooks."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class SelfAssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        from .views import can_view

        return can_view(request.user)


def self_assessment_urls():
    from .views import CREATE_URL_NAME, EDIT_URL_NAME, INDEX_URL_NAME, CreateView, EditView, IndexView

    return [
        path("kvalitet/self-assessment/", IndexView.as_view(), name=INDEX_URL_NAME),
        path("kvalitet/self-assessment/new/", CreateView.as_view(), name=CREATE_URL_NAME),
        path("kvalitet/self-assessment/<int:pk>/", EditView.as_view(), name=EDIT_URL_NAME),
    ]


def self_assessment_menu_item():
    """For the ``register_reports_menu_item`` hook: after the compilation of cases."""
    return SelfAssessmentMenuItem(
        _("Self-assessment (SOSFS 2011:9)"),
        reverse("wagtail_kvalitet_self_assessments"),
        name="self-assessment",
        icon_name="tasks",
        order=1170,
    )


def register_self_assessment_admin():
    """Register the self-assessment's admin URLs and Reports menu item; called once from wagtail_hooks."""
    hooks.register("register_admin_urls", self_assessment_urls)
    hooks.register("register_reports_menu_item", self_assessment_menu_item)
