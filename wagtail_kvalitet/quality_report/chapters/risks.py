"""Chapter: the risks recorded in the manual's processes and routines, by level, and the serious ones listed."""

from django.utils.translation import gettext

from ...blocks.risks import RISK_LEVELS, risk_level
from ...models.processes import ProcessPage, RoutinePage
from ..tables import chapter, figures, prompt

#: The levels listed one by one with their page and action, the worst first.
LISTED_LEVELS = ("very-high", "high")


def scale_value(value):
    try:
        return min(max(int(value), 1), 4)
    except (TypeError, ValueError):
        return 1


def recorded_risks(scope):
    """``(page title, risk value dict, level code)`` for each risk of the live processes and routines.

    Read from the pages' stored StreamField data, so the risks of a hundred pages cost two queries
    and no block of any other kind is loaded.
    """
    risks = []
    for model in (ProcessPage, RoutinePage):
        pages = model.objects.live().descendant_of(scope.manual).order_by("path").values_list("title", "body")
        for title, body in pages:
            for block in body.raw_data if hasattr(body, "raw_data") else body or ():
                if block.get("type") != "risk":
                    continue
                value = block.get("value") or {}
                score = scale_value(value.get("probability")) * scale_value(value.get("consequence"))
                risks.append((title, value, risk_level(score)[0]))
    return risks


def build(scope):
    risks = recorded_risks(scope)
    counts = {code: 0 for _score, code, _label in RISK_LEVELS}
    for _title, _value, level in risks:
        counts[level] += 1
    labels = {code: label for _score, code, label in RISK_LEVELS}
    listed = [
        [value.get("title", ""), labels[level], title, value.get("action", "")]
        for title, value, level in sorted(
            (risk for risk in risks if risk[2] in LISTED_LEVELS), key=lambda risk: LISTED_LEVELS.index(risk[2])
        )
    ]
    blocks = [
        chapter(gettext("Risk overview")),
        prompt(
            gettext("Describe the most serious risks, how the actions are followed up, and the risks that are new.")
        ),
        figures(
            gettext("Risks in processes and routines by level"),
            [gettext("Level"), gettext("Risks")],
            [*([labels[code], str(counts[code])] for code in counts), [gettext("Total"), str(len(risks))]],
            note=gettext("Level from probability × consequence, as on each page's risk matrix."),
        ),
    ]
    if listed:
        blocks.append(
            figures(
                gettext("High and very high risks"),
                [gettext("Risk"), gettext("Level"), gettext("Process or routine"), gettext("Action")],
                listed,
            )
        )
    return blocks
