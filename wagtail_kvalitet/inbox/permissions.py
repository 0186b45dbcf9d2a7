"""Who may do what in the inbox: the model permissions, narrowed to the cases ``visible_to`` the user.

The model permissions (view, change, add) open the inbox at all; which cases a user then sees is
decided by the one rule, ``FeedbackCase.objects.visible_to``. Cases are public records handled to
the end, so no one deletes them here.
"""

from wagtail_modeladmin.helpers import PermissionHelper

from ..models.feedback import VIEW_ALL_CASES, FeedbackCase

#: Set on a case fetched through ``visible_to(user)`` to that user's pk, so checking each row's
#: buttons in a listing costs no query; anything else asks the database.
VISIBLE_TO_ATTR = "_kvalitet_visible_to"


def mark_visible(case, user):
    setattr(case, VISIBLE_TO_ATTR, user.pk)
    return case


class CasePermissionHelper(PermissionHelper):
    """Model permissions for the views, ``visible_to`` for each case."""

    def user_has(self, user, action):
        return self.user_has_specific_permission(user, self.get_perm_codename(action))

    def user_can_list(self, user):
        return any(self.user_has(user, action) for action in ("view", "change", "add")) or user.has_perm(
            f"{self.opts.app_label}.{VIEW_ALL_CASES}"
        )

    def user_can_create(self, user):
        return self.user_has(user, "add")

    def user_can_see_obj(self, user, obj):
        if not (user.is_authenticated and obj.pk):
            return False
        if getattr(obj, VISIBLE_TO_ATTR, None) == user.pk:
            return True
        return FeedbackCase.objects.visible_to(user).filter(pk=obj.pk).exists()

    def user_can_inspect_obj(self, user, obj):
        return (self.user_has(user, "view") or self.user_has(user, "change")) and self.user_can_see_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return self.user_has(user, "change") and self.user_can_see_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        """Never: a case is a public record; retention anonymises it instead."""
        return False


class CaseAccessPermissionHelper(PermissionHelper):
    """Who handles which units is itself access control: only those who may change it see the list."""

    def user_can_list(self, user):
        return any(
            self.user_has_specific_permission(user, self.get_perm_codename(action))
            for action in ("add", "change", "delete")
        )

    def user_can_inspect_obj(self, user, obj):
        return False
