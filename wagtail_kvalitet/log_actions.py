"""The app's own entries in Wagtail's history and audit log, so reviews show as what they are."""

from django.utils.translation import gettext_lazy as _


def register_log_actions(actions):
    actions.register_action("wagtail_kvalitet.mark_reviewed", _("Mark reviewed"), _("Marked reviewed"))
