"""Registers "My quality work" in the admin: its view, menu item and dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .panel import add_my_work_panel
from .views import MyWorkView


def due_urls():
    return [path("kvalitet/mitt/", MyWorkView.as_view(), name="wagtail_kvalitet_my_work")]


def my_work_menu_item():
    # Right after Pages: it is where each person's work starts. Every admin user has a list.
    return MenuItem(_("My quality work"), reverse("wagtail_kvalitet_my_work"), name="my-quality-work",
                    icon_name="tasks", order=150)


def register_due():
    """Called once from ``wagtail_hooks``."""
    hooks.register("register_admin_urls", due_urls)
    hooks.register("register_admin_menu_item", my_work_menu_item)
    hooks.register("construct_homepage_panels", add_my_work_panel)
