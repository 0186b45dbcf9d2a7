"""Registers the annual cycle's admin views: marking an occurrence done."""

from django.urls import path
from wagtail import hooks

from .page import MARK_DONE_URL_NAME


def annual_cycle_admin_urls():
    from .views import MarkDoneView

    return [
        path(
            "kvalitet/annual-cycle/activity/<int:pk>/<str:date>/done/",
            MarkDoneView.as_view(),
            name=MARK_DONE_URL_NAME,
        )
    ]


def register_annual_cycle_admin():
    """Called once from ``wagtail_hooks``."""
    hooks.register("register_admin_urls", annual_cycle_admin_urls)
