"""The responsibility table: what is done, who does it, and how it is followed up (Vad/Vem/Uppföljning)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ResponsibilityRowBlock(blocks.StructBlock):
    what = blocks.TextBlock(label=_("What"), rows=2)
    who = blocks.CharBlock(label=_("Who"), max_length=200, help_text=_("A role or function, e.g. 'Unit manager'."))
    follow_up = blocks.TextBlock(
        label=_("Follow-up"),
        rows=2,
        required=False,
        help_text=_("How and when it is checked that this is done."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Row")


class ResponsibilityTableBlock(blocks.StructBlock):
    """A table with a caption, so screen readers announce what the table is about."""

    caption = blocks.CharBlock(
        label=_("Caption"),
        max_length=200,
        help_text=_("What the table covers, e.g. 'Responsibility for handling deviations'."),
    )
    rows = blocks.ListBlock(ResponsibilityRowBlock(), label=_("Rows"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Responsibility table")
        template = "wagtail_kvalitet/blocks/responsibility_table.html"
