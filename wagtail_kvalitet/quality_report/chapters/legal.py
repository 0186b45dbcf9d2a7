"""Chapter: the legal requirement list by compliance, and whether each requirement was reviewed in time."""

from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext

from ...models.legal_requirements import ComplianceStatus, LegalRequirement, LegalRequirementReview
from ..tables import chapter, figures, prompt


def requirements(scope):
    """The requirements that apply to the board's units: those for every unit, for a unit of the
    board's subtree, or for a unit above the board (a unit includes the units below it)."""
    if scope.board is None:
        return LegalRequirement.objects.all()
    links = LegalRequirement.units.through.objects
    applies = links.filter(
        Q(organisationunit__path__startswith=scope.board.path)
        | Q(organisationunit__path__in=scope.board_and_above_paths)
    ).values("legalrequirement_id")
    return LegalRequirement.objects.filter(Q(pk__in=applies) | ~Q(pk__in=links.values("legalrequirement_id")))


def build(scope):
    scoped = requirements(scope)
    rows = (
        scoped.order_by()
        .values("status")
        .annotate(total=Count("pk"), in_interval=Count("pk", filter=Q(next_review_due__gte=scope.as_of)))
    )
    counts = {row["status"]: (row["total"], row["in_interval"]) for row in rows}
    table = [[label, *map(str, counts.get(value, (0, 0)))] for value, label in ComplianceStatus.choices]
    total = sum(count for count, _in_interval in counts.values())
    in_interval = sum(reviewed for _count, reviewed in counts.values())
    table.append([gettext("Total"), str(total), str(in_interval)])
    reviews = LegalRequirementReview.objects.filter(
        requirement__in=scoped, reviewed_on__gte=scope.first_day, reviewed_on__lte=scope.last_day
    ).count()
    return [
        chapter(gettext("Legal requirements")),
        prompt(
            gettext(
                "Describe the requirements not met or partly met, what is done about them, and changes in the "
                "law during the year."
            )
        ),
        figures(
            gettext("Legal requirements by compliance"),
            [gettext("Compliance"), gettext("Requirements"), gettext("Reviewed within their interval")],
            table,
            note=ngettext(
                "%(count)s review of a requirement was recorded during %(year)s.",
                "%(count)s reviews of requirements were recorded during %(year)s.",
                reviews,
            )
            % {"count": reviews, "year": scope.year},
        ),
    ]
