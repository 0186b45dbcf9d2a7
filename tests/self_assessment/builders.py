"""Small builders for self-assessment tests: a management system (manual) and a year's assessment."""

import itertools

from tests.builders import publish, site_root
from wagtail_kvalitet.models import PartAssessment, QualityManualPage, RegulationPart, SelfAssessment

_numbers = itertools.count(1)


def make_manual(title=None, board=None, **fields):
    """A live quality manual under the site root, scoped to ``board`` (``None`` = everything)."""
    fields.setdefault("title", title or f"Ledningssystem {next(_numbers)}")
    return publish(site_root(), QualityManualPage(board=board, **fields))


def make_assessment(manual, year, judgements=None, user=None, **fields):
    """A self-assessment with one judgement per regulation part.

    ``judgements`` maps a part's key to a judgement (``Judgement.MET`` …); parts not named stay
    unjudged.
    """
    judgements = judgements or {}
    assessment = SelfAssessment.objects.create(manual=manual, year=year, updated_by=user, **fields)
    PartAssessment.objects.bulk_create(
        PartAssessment(assessment=assessment, part=part, judgement=judgements.get(part.key, ""))
        for part in RegulationPart.objects.all()
    )
    return assessment
