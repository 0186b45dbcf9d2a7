"""The approval (fastställande) workflow task, which stamps who approved a governing page and when."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from .governance import GoverningPage


class ApprovalTask(AbstractGroupApprovalTask):
    """A group approval task that, on approval, records the approval in the revision it publishes.

    The stamp goes into the revision itself, before Wagtail publishes it when the workflow ends, so
    the live page and every later draft carry it. Put this task last in its workflow: the approver
    is the one who *fastställer* the document. Pages that are not governing pages are approved as
    with Wagtail's own group approval task.
    """

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            self.stamp_latest_revision(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def stamp_latest_revision(task_state, user):
        content_object = task_state.workflow_state.content_object
        revision = content_object.get_latest_revision()
        page = revision.as_object()
        if not isinstance(page, GoverningPage):
            return
        live_review_by = type(page).objects.filter(pk=page.pk).values_list("review_by", flat=True).first()
        page.stamp_approval(user, previous_review_by=live_review_by)
        revision.content = page.serializable_data()
        revision.save(update_fields=["content"])

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve the page; approval records who approved it and when.")

    class Meta:
        verbose_name = _("approval (fastställande)")
        verbose_name_plural = _("approvals (fastställande)")
