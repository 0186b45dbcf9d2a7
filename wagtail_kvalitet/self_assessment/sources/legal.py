"""Figures about the legal requirement list: the requirements that apply to the board, and their reviews.

A requirement applies to the board when it names no units (it applies everywhere), or names a unit
at or below the board (the board answers for it), or the board itself or a unit above it (a unit
includes those below it). Without a board, every requirement counts. The list is read as it stands
now: requirements keep no creation date.

A requirement is *reviewed within its interval* when its latest review on or before the *as of*
date, moved on by its review interval, falls on or after that date. The latest review is read from
the review history, or from the requirement's own *last reviewed* date when that is on or before the
date too (requirements imported with a date carry no history row). One grouped query.
"""

from django.db.models import Count, Exists, Max, OuterRef, Q

from ...models.governance import add_months
from ...models.legal_requirements import LegalRequirement


def figures(scope):
    rows = list(
        applying(scope)
        .order_by()
        .values("pk", "review_interval_months", "last_reviewed")
        .annotate(
            latest_review=Max("reviews__reviewed_on", filter=Q(reviews__reviewed_on__lte=scope.as_of)),
            reviews_in_year=Count("reviews", filter=scope.date_in_year("reviews__reviewed_on")),
        )
    )
    return {
        "legal_requirements": (len(rows), None),
        "legal_reviewed_in_interval": (sum(1 for row in rows if _reviewed_in_interval(row, scope.as_of)), len(rows)),
        "legal_reviews": (sum(row["reviews_in_year"] for row in rows), None),
    }


def applying(scope):
    """The requirements that apply to the scope's board (all of them when there is none)."""
    requirements = LegalRequirement.objects.all()
    if scope.board_path is None:
        return requirements
    links = LegalRequirement.units.through.objects.filter(legalrequirement=OuterRef("pk"))
    board_units = Q(organisationunit__path__startswith=scope.board_path) | Q(
        organisationunit__path__in=scope.board_and_ancestor_paths
    )
    return requirements.filter(~Exists(links) | Exists(links.filter(board_units)))


def _reviewed_in_interval(row, as_of):
    dates = [row["latest_review"]]
    if row["last_reviewed"] is not None and row["last_reviewed"] <= as_of:
        dates.append(row["last_reviewed"])
    latest = max((date for date in dates if date is not None), default=None)
    return latest is not None and add_months(latest, row["review_interval_months"]) >= as_of
