"""The admin home panel that shows the signed-in user their legal requirements due for review."""

import datetime

from django.db.models import Count, Window
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from .conf import kvalitet_settings
from .legal_reminders import register_url, requirements_due
from .models.legal_requirements import LegalRequirement

#: How many requirements the panel lists; the link to the register shows them all.
PANEL_LIMIT = 10


class LegalReviewsPanel(Component):
    """Due soon means what the register's "Due soon or overdue" filter means (``REVIEW_DUE_SOON_DAYS``),
    so the panel and the register it links to always list the same requirements."""

    name = "kvalitet_legal_reviews"
    template_name = "wagtail_kvalitet/admin/legal_reviews_panel.html"
    #: Above Wagtail's workflow panels (210, 220): a review date is a deadline.
    order = 200

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=kvalitet_settings.REVIEW_DUE_SOON_DAYS)
        # The total rides along on each row (a window count), so the panel is one query however many.
        due = requirements_due(horizon, person=user).annotate(total=Window(Count("pk")))
        requirements = list(due[:PANEL_LIMIT])
        return {
            "requirements": requirements,
            "total": requirements[0].total if requirements else 0,
            "register_url": register_url(user, due_only=True) if can_list(user) else None,
            "request": parent_context["request"],
        }


def can_list(user):
    """Whether the user may open the register, as Wagtail's listing view decides it."""
    policy = policy_registry.get_by_type(LegalRequirement)
    return policy.user_has_any_permission(user, ["add", "change", "delete", "view"])


def add_legal_reviews_panel(request, panels):
    """For the ``construct_homepage_panels`` hook."""
    panels.append(LegalReviewsPanel())
