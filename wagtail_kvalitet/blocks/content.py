"""The StreamField block lists of the governing pages, built from the blocks in this package."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from .feedback import FeedbackFormBlock
from .responsibilities import ResponsibilityTableBlock
from .risks import RiskBlock
from .roles import ProcessRolesBlock
from .steps import ProcessStepsBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_kvalitet/blocks/heading.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page here or elsewhere, with its own text so it makes sense out of context."""

    text = blocks.CharBlock(label=_("Link text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Web address"), required=False, help_text=_("Used when no page is chosen."))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError(_("Choose a page or enter a web address."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        template = "wagtail_kvalitet/blocks/link.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "wagtail_kvalitet/blocks/document.html"


def basic_blocks():
    return [
        ("heading", HeadingBlock()),
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), icon="pilcrow")),
        ("link", LinkBlock()),
        ("document", DocumentBlock()),
    ]


def section_blocks():
    """Free chapters of the manual: text, roles and responsibility tables, and a feedback form."""
    return basic_blocks() + [
        ("roles", ProcessRolesBlock()),
        ("responsibilities", ResponsibilityTableBlock()),
        ("feedback_form", FeedbackFormBlock()),
    ]


def process_blocks():
    """A process page: everything, including steps and risks."""
    return section_blocks() + [
        ("steps", ProcessStepsBlock()),
        ("risk", RiskBlock()),
    ]


def routine_blocks():
    """A routine: how one activity is done, step by step, and who does what."""
    return basic_blocks() + [
        ("steps", ProcessStepsBlock()),
        ("responsibilities", ResponsibilityTableBlock()),
        ("roles", ProcessRolesBlock()),
        ("risk", RiskBlock()),
        ("feedback_form", FeedbackFormBlock()),
    ]
