"""The feedback form block: the form of a feedback form page, embedded in any page with a body.

An editor can put "Tell us what you think" at the end of a routine or a chapter of the manual
without a second copy of the questions: the block shows the chosen form page's form, which posts
to that page, so cases are stored, numbered and thanked for in one place. A submission with
errors is shown again on the form page itself, where the error summary and the answers are.
"""

import secrets

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class FeedbackFormBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'Tell us what you think'. Empty: the form page's title."),
    )
    page = blocks.PageChooserBlock(
        page_type="wagtail_kvalitet.FeedbackFormPage",
        label=_("Form page"),
        help_text=_("The feedback form page whose form is shown here, and which receives what is sent."),
    )

    class Meta:
        icon = "form"
        label = _("Feedback form")
        template = "wagtail_kvalitet/blocks/feedback_form.html"
        description = _("The form of a feedback form page, so that readers can send a comment or an idea from here.")
        preview_value = {"heading": _("Tell us what you think")}

    def get_context(self, value, parent_context=None):
        """The form with a fresh token, or no form if the page is gone, unpublished or has no address.

        The unit list is the form's one query, whatever the size of the organisation; ids get a
        prefix of their own so two forms, or a form and the page's own fields, never share one.
        """
        from ..feedback.forms import antispam_context

        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        action = page.get_url(context.get("request")) if page is not None and page.live else None
        if not action:
            context["form"] = None
            return context
        page = page.specific
        auto_id = f"kvalitet-feedback-{secrets.token_hex(4)}-%s"
        context.update(
            {
                "form": page.get_form(auto_id=auto_id),
                "form_page": page,
                "form_action": action,
                "heading_id": auto_id % "heading",
                **antispam_context(auto_id=auto_id),
            }
        )
        return context
