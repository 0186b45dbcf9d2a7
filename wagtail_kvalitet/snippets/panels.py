"""A read-only admin panel that shows a legal requirement's review history in its edit view."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from ..models.legal_requirements import LegalRequirementReview


def review_history(requirement):
    """Every review of ``requirement``, newest first, in one query.

    The history row keeps the reviewer's name as text, so listing it needs no join.
    """
    if requirement is None or requirement.pk is None:
        return []
    return list(LegalRequirementReview.objects.filter(requirement_id=requirement.pk).order_by(
        *LegalRequirementReview._meta.ordering
    ))


class ReviewHistoryPanel(Panel):
    """Shows who reviewed the requirement, when, with what outcome, below the fields.

    The history is evidence, not something to edit, so the panel has no form fields and the
    reviews are added only by "Mark reviewed". A requirement not yet saved has no history,
    and the panel is left out.
    """

    def __init__(self, heading="", icon="history", **kwargs):
        super().__init__(heading=heading or _("Review history"), icon=icon, **kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "review_history"

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_kvalitet/admin/legal_requirements/review_history_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["reviews"] = review_history(self.instance)
            context["requirement"] = self.instance
            return context
