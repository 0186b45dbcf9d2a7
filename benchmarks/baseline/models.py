"""The baseline: a plain Wagtail page with nothing but rich text."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class PlainPage(Page):
    body = RichTextField()

    content_panels = Page.content_panels + [FieldPanel("body")]
