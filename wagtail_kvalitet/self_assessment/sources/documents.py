"""Figures about the governing documents below the manual: processes, routines and the risks in them.

The pages counted are the live processes and routines below the manual that were first published
on or before the *as of* date. Their document-control fields (owner, approval, review date) and
their bodies are read as they stand now: the app keeps no history of them outside page revisions,
so for a past year the figures show today's pages, not the pages as they stood then. A page with no
first-published date (imported straight into the database) counts as published.

Two queries, one per page type, read plain values; the bodies come back as their stored JSON text
and are parsed here, so no StreamValue or block is built for thousands of pages.
"""

import json

from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

from ...blocks.risks import RISK_LEVELS
from ...models.processes import ProcessPage, RoutinePage

#: The quality area whose documents show how collaboration is arranged (SOSFS 2011:9 3 kap. 4–5 §§).
COLLABORATION_AREA = "holistic-view"

#: The lowest score (probability × consequence) of a high risk, from the risk levels.
HIGH_RISK_SCORE = next(score for score, level, _label in RISK_LEVELS if level == "high")


def figures(scope):
    processes = _pages(ProcessPage, "processpage", scope)
    routines = _pages(RoutinePage, "routinepage", scope)
    pages = processes + routines
    as_of = scope.as_of
    risks = [risk for page in pages for risk in risks_in(page["body_json"])]
    return {
        "manual_current": (int(manual_is_current(scope.manual, as_of)), 1),
        "processes": (len(processes), None),
        "processes_with_owner": (sum(1 for page in processes if page["document_owner_id"]), len(processes)),
        "processes_approved": (sum(1 for page in processes if _approved(page, as_of)), len(processes)),
        "processes_reviewed_on_time": (
            sum(1 for page in processes if _approved(page, as_of) and not _past_review(page, as_of)),
            len(processes),
        ),
        "routines": (len(routines), None),
        "routines_approved": (sum(1 for page in routines if _approved(page, as_of)), len(routines)),
        "routines_past_review": (sum(1 for page in routines if _past_review(page, as_of)), len(routines)),
        "collaboration_documents": (sum(1 for page in pages if page["collaboration"]), len(pages)),
        "risks": (len(risks), None),
        "risks_with_action": (sum(1 for has_action, _score in risks if has_action), len(risks)),
        "risks_high": (sum(1 for _has_action, score in risks if score >= HIGH_RISK_SCORE), len(risks)),
        "documents_revised": (
            sum(1 for page in pages if page["approved_on"] and scope.start <= page["approved_on"] <= as_of),
            None,
        ),
    }


def manual_is_current(manual, as_of):
    """Approved by the *as of* date and not past its review date then (read from the page as it is now)."""
    fields = {"approved_on": manual.approved_on, "review_by": manual.review_by}
    return _approved(fields, as_of) and not _past_review(fields, as_of)


def _pages(model, link_name, scope):
    """The counted pages of one type, as plain values, in one query."""
    collaboration = model.quality_areas.through.objects.filter(
        **{link_name: OuterRef("pk")}, qualityarea__code=COLLABORATION_AREA
    )
    return list(
        model.objects.live()
        .descendant_of(scope.manual)
        .filter(Q(first_published_at__lt=scope.end_moment) | Q(first_published_at__isnull=True))
        .order_by()
        .values(
            "document_owner_id",
            "approved_on",
            "review_by",
            body_json=Cast("body", TextField()),
            collaboration=Exists(collaboration),
        )
    )


def _approved(page, as_of):
    return page["approved_on"] is not None and page["approved_on"] <= as_of


def _past_review(page, as_of):
    return page["review_by"] is not None and page["review_by"] < as_of


def risks_in(body_json):
    """``(has an action, score)`` for each risk block of a stored body, in page order.

    Read as :class:`...blocks.risks.RiskValue` reads it: a missing or unreadable probability or
    consequence counts as 1.
    """
    if not body_json or "risk" not in body_json:  # most bodies have none: skip parsing them
        return []
    blocks = json.loads(body_json)
    if isinstance(blocks, str):  # a body stored as a JSON string of JSON
        blocks = json.loads(blocks)
    found = []
    for block in blocks or ():
        if not isinstance(block, dict) or block.get("type") != "risk":
            continue
        value = block.get("value") or {}
        score = _scale(value.get("probability")) * _scale(value.get("consequence"))
        found.append((bool((value.get("action") or "").strip()), score))
    return found


def _scale(raw):
    try:
        return int(raw or 1)
    except (TypeError, ValueError):
        return 1
