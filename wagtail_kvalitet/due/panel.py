"""The admin home panel of "My quality work": how much is due of each kind, and the soonest items."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..reminders import registered_sources
from .views import entries_for

#: How many items the panel lists; the link to the full view shows them all.
PANEL_LIMIT = 10


class MyWorkPanel(Component):
    """Counts per kind and the ten soonest items, from the same collection as the full view."""

    name = "kvalitet_my_work"
    template_name = "wagtail_kvalitet/admin/due_panel.html"
    #: Above Wagtail's workflow panels (210, 220): these are deadlines.
    order = 200

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        entries = entries_for(request)
        kinds = []
        for source in registered_sources():
            mine = [entry for entry in entries if entry.source.topic == source.topic]
            overdue = sum(1 for entry in mine if entry.is_overdue)
            if mine:
                kinds.append(
                    {
                        "topic": source.topic,
                        "label": source.label,
                        "overdue": overdue,
                        "due_soon": len(mine) - overdue,
                        "url": f"{reverse('wagtail_kvalitet_my_work')}?kind={source.topic}",
                    }
                )
        return {
            "kinds": kinds,
            "entries": entries[:PANEL_LIMIT],
            "total": len(entries),
            "view_url": reverse("wagtail_kvalitet_my_work"),
            "viewer": request.user,
            "request": request,
        }


def add_my_work_panel(request, panels):
    """For the ``construct_homepage_panels`` hook."""
    panels.append(MyWorkPanel())
