"""Writes the draft of a year's quality report from what the system holds, as an unpublished page of the manual.

The draft is a starting point: every figure is text in an editable table, and each chapter opens
with a prompt for the analysis only staff can write. From then on it is an ordinary page, edited,
sent for approval and published like any other.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.log_actions import log

from ..models.quality_report import QualityReportPage
from .chapters import CHAPTERS
from .scope import ReportScope
from .tables import prompt


def report_title(year):
    return gettext("Quality report %(year)s") % {"year": year}


def unique_slug(parent, title):
    """``title`` as a slug, with -2, -3… when a sibling has it already (a second draft of the same year)."""
    base = slugify(title) or "quality-report"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def draft_body(scope):
    """The report's chapters as a StreamField value, in the order of ``CHAPTERS``.

    Converted to block values here, so the page and its revision store the same data.
    """
    data = [block for module in CHAPTERS for block in module.build(scope)]
    return QualityReportPage._meta.get_field("body").stream_block.to_python(data)


def intro_text(scope):
    return prompt(
        gettext(
            "Write a short introduction: who the report is for, what period it covers (%(year)s), and the most "
            "important conclusions. The figures below were written by the system when the draft was made; "
            "check them, write the analysis in place of the prompts in italics, and delete what does not apply."
        )
        % {"year": scope.year}
    )["value"]


@transaction.atomic
def build_draft(manual, year, user, assessment=None, today=None):
    """Create the draft of ``manual``'s quality report for ``year``, unpublished, with one revision by ``user``.

    ``assessment`` is the year's self-assessment when there is one; without it the draft looks for it.
    """
    if assessment is None:
        assessment = manual.self_assessments.filter(year=year).first()
    scope = ReportScope(manual=manual, year=year, assessment=assessment, user=user, today=today or timezone.localdate())
    title = report_title(year)
    page = QualityReportPage(
        title=title,
        slug=unique_slug(manual, title),
        year=year,
        board=scope.board,
        intro=intro_text(scope),
        body=draft_body(scope),
        live=False,
        owner=user,
    )
    manual.add_child(instance=page)
    page.save_revision(user=user)
    log(instance=page, action="wagtail.create", user=user)
    return page
