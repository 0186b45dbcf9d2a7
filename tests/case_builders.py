"""Builders for cases: stored straight through the ORM, with a fresh reference number each."""

import itertools
from datetime import timedelta

from django.utils import timezone

from wagtail_kvalitet.models import CaseKind, CaseStatus, FeedbackCase
from wagtail_kvalitet.models.feedback import initial_status

_numbers = itertools.count(1)


def make_case(unit=None, *, kind=CaseKind.COMPLAINT, quality_areas=(), **fields):
    """A case as if it had just come in, unless ``fields`` say otherwise."""
    number = next(_numbers)
    received = fields.pop("received_at", timezone.now())
    fields.setdefault("reference", f"{'IDE' if kind == CaseKind.IDEA else 'SYN'}-T-{number:06d}")
    fields.setdefault("status", initial_status(kind))
    fields.setdefault("description", f"Beskrivning av ärende {number}.")
    fields.setdefault("receipt_due_on", (received + timedelta(days=2)).date())
    fields.setdefault("answer_due_on", (received + timedelta(days=14)).date())
    case = FeedbackCase.objects.create(unit=unit, kind=kind, received_at=received, **fields)
    if quality_areas:
        case.quality_areas.set(quality_areas)
    return case


def close(case, when=None):
    """Move a complaint-flow case to closed, stamping the dates as the inbox does."""
    case.set_status(CaseStatus.CLOSED, now=when)
    case.save()
    return case
