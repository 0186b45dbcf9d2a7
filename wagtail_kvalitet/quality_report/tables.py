"""The draft's building blocks as StreamField data: chapter headings, paragraphs and tables of figures.

Every number is written into the table as text, so staff can correct or round it, and the
published report keeps the figures the board approved however the data changes later.
"""

from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext

from ..blocks.report import CELL_MAX_LENGTH, HEADING_MAX_LENGTH


def cell(value):
    """A table cell: text, never longer than the block accepts, so the page always saves."""
    if value is None:
        return ""
    return Truncator(str(value)).chars(CELL_MAX_LENGTH)


def count_of(value, total):
    """'12 of 15'."""
    return gettext("%(value)s of %(total)s") % {"value": value, "total": total}


def chapter(title):
    return {"type": "chapter", "value": str(title)}


def paragraph(*texts):
    """A text block of one or more paragraphs; ``texts`` are plain text, escaped here."""
    return {"type": "paragraph", "value": format_html_join("", "<p>{}</p>", ((str(text),) for text in texts))}


def prompt(text):
    """A paragraph for staff to replace: the analysis a draft cannot write."""
    return {"type": "paragraph", "value": format_html("<p><em>{}</em></p>", str(text))}


def figures(caption, headings, rows, note=""):
    """A table of figures; ``rows`` are lists of cells, the first heading its row."""
    return {
        "type": "figures",
        "value": {
            "caption": cell(caption),
            "headings": [Truncator(str(heading)).chars(HEADING_MAX_LENGTH) for heading in headings],
            "rows": [{"cells": [cell(value) for value in row]} for row in rows],
            "note": str(note),
        },
    }
