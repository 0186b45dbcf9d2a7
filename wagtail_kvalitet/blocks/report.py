"""Blocks of the yearly quality report: chapters for the table of contents, and tables of figures.

A generated draft writes its figures into these blocks, so staff can edit every number and word
before the board sees it, and a published report keeps the figures it was approved with.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import RICH_TEXT_FEATURES

#: Longest cell: a self-assessment's comment or planned actions fit whole (``PartAssessment`` allows 4000).
CELL_MAX_LENGTH = 4000
HEADING_MAX_LENGTH = 200
CAPTION_MAX_LENGTH = 300


class ChapterBlock(blocks.CharBlock):
    """A chapter heading; the page numbers chapters and lists them in its table of contents."""

    class Meta:
        icon = "title"
        label = _("Chapter")
        template = "wagtail_kvalitet/blocks/report_chapter.html"


class FigureRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(
        blocks.CharBlock(label=_("Cell"), max_length=CELL_MAX_LENGTH, required=False), label=_("Cells")
    )

    class Meta:
        icon = "list-ul"
        label = _("Row")


class FigureTableBlock(blocks.StructBlock):
    """A table of figures with a caption and column headings; the first cell of each row heads it."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=CAPTION_MAX_LENGTH)
    headings = blocks.ListBlock(
        blocks.CharBlock(label=_("Heading"), max_length=HEADING_MAX_LENGTH), label=_("Column headings")
    )
    rows = blocks.ListBlock(FigureRowBlock(), label=_("Rows"))
    note = blocks.TextBlock(label=_("Note"), required=False, rows=2)

    class Meta:
        icon = "table"
        label = _("Table of figures")
        template = "wagtail_kvalitet/blocks/figure_table.html"


def report_blocks():
    return [
        ("chapter", ChapterBlock()),
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), icon="pilcrow")),
        ("figures", FigureTableBlock()),
    ]
