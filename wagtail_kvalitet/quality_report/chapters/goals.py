"""Chapter: the board's goals in the goal chain for the year, each with its status in words."""

import re

from django.utils.translation import gettext

from ...goals.chain import chain_tree
from ...goals.status import GoalStatus
from ...models.goals import GoalChainPage, GoalLevel
from ..tables import chapter, figures, paragraph, prompt

YEAR = re.compile(r"\b(\d{4})\b")


def period_years(label):
    """``(first, last)`` year a chain's period names ('2026', '2025–2027'), or None."""
    years = [int(year) for year in YEAR.findall(label or "")]
    return (min(years), max(years)) if years else None


def covers(label, year):
    years = period_years(label)
    return years is not None and years[0] <= year <= years[1]


def chains_for(year):
    """The live goal chains whose period covers ``year``; else the newest chain, since a report
    written early in a year may follow goals set for it. One query."""
    chains = list(GoalChainPage.objects.live().order_by("path"))
    covering = [chain for chain in chains if covers(chain.period_label, year)]
    if covering or not chains:
        return covering, True
    newest = max(chains, key=lambda chain: period_years(chain.period_label) or (0, 0))
    return [newest], False


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def build(scope):
    chains, covering = chains_for(scope.year)
    nodes = []
    for chain in chains:
        nodes.extend(walk(chain_tree(chain, user=scope.user, details=False)))
    if scope.board is not None:
        nodes = [node for node in nodes if node.unit.path.startswith(scope.board.path)]
    board_goals = [node for node in nodes if node.level == GoalLevel.BOARD]
    blocks = [
        chapter(gettext("Goals")),
        prompt(gettext("Describe how the board's goals were reached, and what is done where they were not.")),
    ]
    if not chains:
        blocks.append(paragraph(gettext("There is no goal chain yet.")))
        return blocks
    if not covering:
        blocks.append(
            paragraph(
                gettext("No goal chain covers %(year)s; the goals shown are those of %(chain)s.")
                % {"year": scope.year, "chain": chains[0].title}
            )
        )
    blocks.append(
        figures(
            gettext("The board's goals and their status"),
            [gettext("Goal"), gettext("Unit"), gettext("Status")],
            [[node.page.title, node.unit.name, node.status.label] for node in board_goals],
            note=gettext(
                "A goal's status is the worst of its indicators' and of the goals below it, from the latest figures."
            ),
        )
    )
    counts = {(level, status): 0 for level in GoalLevel.values for status in GoalStatus.values}
    for node in nodes:
        counts[(node.level, GoalStatus(node.status).value)] += 1
    blocks.append(
        figures(
            gettext("Goals in the chain by level and status"),
            [gettext("Level"), *(str(label) for label in GoalStatus.labels), gettext("Total")],
            [
                [
                    label,
                    *(str(counts[(level, status)]) for status in GoalStatus.values),
                    str(sum(counts[(level, status)] for status in GoalStatus.values)),
                ]
                for level, label in GoalLevel.choices
            ],
        )
    )
    return blocks
