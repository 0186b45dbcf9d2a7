"""Chapter: what was improved during the year: documents approved, ideas implemented, measures taken,
and how last year's planned actions went."""

from django.utils import formats
from django.utils.translation import gettext

from ...models.processes import ProcessPage, RoutinePage
from ...models.self_assessment import PartAssessment
from ..tables import chapter, figures, paragraph, prompt


def approved_documents(scope):
    """``(approved on, title, kind)`` of the live processes and routines below the manual approved during the year."""
    documents = []
    for model in (ProcessPage, RoutinePage):
        rows = (
            model.objects.live()
            .descendant_of(scope.manual)
            .filter(approved_on__gte=scope.first_day, approved_on__lte=scope.last_day)
            .values_list("approved_on", "title")
        )
        documents.extend((approved_on, title, model._meta.verbose_name) for approved_on, title in rows)
    return sorted(documents, key=lambda row: (row[0], str(row[1])))


def last_years_actions(scope):
    return list(
        PartAssessment.objects.filter(assessment__manual=scope.manual, assessment__year=scope.year - 1)
        .exclude(planned_actions="")
        .select_related("part")
        .order_by("part__sort_order", "part__pk")
    )


def build(scope):
    stats = scope.case_statistics
    year, previous = str(scope.year), str(scope.year - 1)
    ideas_received, ideas_implemented = stats.ideas
    with_measures = stats.total("measures")
    documents = approved_documents(scope)
    actions = last_years_actions(scope)
    blocks = [
        chapter(gettext("Improvements made")),
        prompt(
            gettext("Describe the most important improvements of the year and what they meant for the people served.")
        ),
        figures(
            gettext("Improvement ideas and measures, %(year)s and %(previous)s") % {"year": year, "previous": previous},
            [gettext("Figure"), year, previous],
            [
                [gettext("Improvement ideas received"), ideas_received.current_text, ideas_received.previous_text],
                [
                    gettext("Improvement ideas implemented"),
                    ideas_implemented.current_text,
                    ideas_implemented.previous_text,
                ],
                [gettext("Cases with measures taken"), *map(str, with_measures)],
            ],
        ),
    ]
    if documents:
        blocks.append(
            figures(
                gettext("Processes and routines approved during %(year)s") % {"year": year},
                [gettext("Process or routine"), gettext("Kind"), gettext("Approved on")],
                [
                    [title, kind, formats.date_format(approved_on, "SHORT_DATE_FORMAT")]
                    for approved_on, title, kind in documents
                ],
            )
        )
    else:
        blocks.append(paragraph(gettext("No process or routine was approved during %(year)s.") % {"year": year}))
    if actions:
        blocks.append(
            figures(
                gettext("Actions planned in the self-assessment for %(previous)s") % {"previous": previous},
                [gettext("Part"), gettext("Planned actions"), gettext("Followed up")],
                [[str(row.part), row.planned_actions, ""] for row in actions],
                note=gettext("Fill in how each action was followed up."),
            )
        )
    else:
        blocks.append(
            paragraph(
                gettext("No actions were planned in a self-assessment for %(previous)s.") % {"previous": previous}
            )
        )
    return blocks
