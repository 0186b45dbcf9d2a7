"""Registers the admin view that writes a quality report draft from a self-assessment."""

from django.urls import path
from wagtail import hooks

#: The view's URL name; it takes the self-assessment's pk and answers POST only.
DRAFT_URL_NAME = "wagtail_kvalitet_quality_report_draft"


def quality_report_admin_urls():
    from .views import create_draft

    return [path("kvalitet/quality-report/draft/<int:pk>/", create_draft, name=DRAFT_URL_NAME)]


def register_quality_report_admin():
    """Called once from ``wagtail_hooks``."""
    hooks.register("register_admin_urls", quality_report_admin_urls)
