"""Process steps: the ordered activities of a process or routine, drawn as a flow."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProcessStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Activity"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False, rows=3)
    responsible = blocks.CharBlock(
        label=_("Responsible role"),
        max_length=200,
        required=False,
        help_text=_("The role or function that carries out the activity, e.g. 'Case officer'."),
    )
    inputs = blocks.TextBlock(label=_("Input"), required=False, rows=2, help_text=_("What the activity starts from."))
    outputs = blocks.TextBlock(label=_("Output"), required=False, rows=2, help_text=_("What the activity produces."))

    class Meta:
        icon = "arrow-right"
        label = _("Step")


class ProcessStepsBlock(blocks.StructBlock):
    """The steps as an ordered list, so the order is conveyed without the arrows."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200, required=False)
    steps = blocks.ListBlock(ProcessStepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Process steps")
        template = "wagtail_kvalitet/blocks/process_steps.html"
