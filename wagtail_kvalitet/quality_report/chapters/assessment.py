"""Chapter: the self-assessment against SOSFS 2011:9, part by part, and the key figures beside last year's."""

from django.utils.translation import gettext

from ...models.self_assessment import Judgement, PartAssessment, RegulationPart
from ...self_assessment import evidence
from ...self_assessment.comparison import figure_text
from ..tables import chapter, figures, paragraph, prompt


def judgements(scope):
    """``{part id: (judgement, comment, planned actions)}`` of the year's assessment; empty without one."""
    if scope.assessment is None:
        return {}
    rows = PartAssessment.objects.filter(assessment=scope.assessment).values_list(
        "part_id", "judgement", "comment", "planned_actions"
    )
    return {part_id: rest for part_id, *rest in rows}


def judgement_text(value):
    return str(Judgement(value).label) if value in Judgement.values else value


def shown_keys(parts):
    """The figures the parts show, in the registry's order; every figure when no part names any."""
    named = {key for part in parts for key in part.evidence or ()}
    keys = [key for key in evidence.EVIDENCE if key in named]
    return keys or list(evidence.EVIDENCE)


def build(scope):
    parts = list(RegulationPart.objects.order_by("sort_order", "pk"))
    judged = judgements(scope)
    not_judged = judgement_text(Judgement.NOT_JUDGED)
    rows = []
    for part in parts:
        judgement, comment, planned = judged.get(part.pk, (Judgement.NOT_JUDGED, "", ""))
        rows.append([str(part), judgement_text(judgement) or not_judged, comment, planned])
    blocks = [
        chapter(gettext("Self-assessment against SOSFS 2011:9")),
        prompt(
            gettext(
                "Summarise how well the management system meets the regulation this year, and what the board "
                "should know about the parts not met."
            )
        ),
    ]
    if scope.assessment is not None and scope.assessment.summary:
        blocks.append(paragraph(scope.assessment.summary))
    elif scope.assessment is None:
        blocks.append(paragraph(gettext("No self-assessment was made for %(year)s.") % {"year": scope.year}))
    blocks.append(
        figures(
            gettext("Judgement of each part of SOSFS 2011:9, %(year)s") % {"year": scope.year},
            [gettext("Part"), gettext("Judgement"), gettext("Comment"), gettext("Planned actions")],
            rows,
        )
    )
    current, previous = scope.figures, scope.previous_figures
    blocks.append(
        figures(
            gettext("Key figures from the management system, %(year)s and %(previous)s")
            % {"year": scope.year, "previous": scope.year - 1},
            [gettext("Figure"), str(scope.year), str(scope.year - 1)],
            [
                [evidence.EVIDENCE[key], figure_text(current.get(key)), figure_text(previous.get(key))]
                for key in shown_keys(parts)
            ],
            note=gettext("Counted by the system as of the last day of each year, or today for the current year."),
        )
    )
    return blocks
