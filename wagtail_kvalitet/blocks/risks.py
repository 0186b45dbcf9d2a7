"""Risks: probability and consequence on a 1–4 scale, their score, and the page's risk matrix."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

PROBABILITY_CHOICES = [
    ("1", _("1 – Very unlikely")),
    ("2", _("2 – Unlikely")),
    ("3", _("3 – Likely")),
    ("4", _("4 – Very likely")),
]
CONSEQUENCE_CHOICES = [
    ("1", _("1 – Negligible")),
    ("2", _("2 – Minor")),
    ("3", _("3 – Serious")),
    ("4", _("4 – Catastrophic")),
]
SCALE = (1, 2, 3, 4)

# (lowest score, level code, label): a score belongs to the last level whose lowest score it reaches.
RISK_LEVELS = [
    (1, "low", _("Low risk")),
    (4, "medium", _("Medium risk")),
    (8, "high", _("High risk")),
    (12, "very-high", _("Very high risk")),
]


def risk_level(score):
    """The level code and label of a score (probability × consequence)."""
    level = RISK_LEVELS[0]
    for candidate in RISK_LEVELS:
        if score >= candidate[0]:
            level = candidate
    return level[1], level[2]


class RiskValue(blocks.StructValue):
    @cached_property
    def probability_value(self):
        return int(self.get("probability") or 1)

    @cached_property
    def consequence_value(self):
        return int(self.get("consequence") or 1)

    @cached_property
    def score(self):
        return self.probability_value * self.consequence_value

    @cached_property
    def level(self):
        return risk_level(self.score)[0]

    @cached_property
    def level_label(self):
        return risk_level(self.score)[1]


class RiskBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Risk"), max_length=200, help_text=_("What could go wrong, in one line."))
    probability = blocks.ChoiceBlock(label=_("Probability"), choices=PROBABILITY_CHOICES)
    consequence = blocks.ChoiceBlock(label=_("Consequence"), choices=CONSEQUENCE_CHOICES)
    cause = blocks.TextBlock(label=_("Cause"), required=False, rows=2)
    action = blocks.TextBlock(
        label=_("Action"), required=False, rows=2, help_text=_("What is done to reduce the risk.")
    )
    owner = blocks.CharBlock(
        label=_("Owner"), max_length=200, required=False, help_text=_("Who answers for the action.")
    )

    class Meta:
        icon = "warning"
        label = _("Risk")
        template = "wagtail_kvalitet/blocks/risk.html"
        value_class = RiskValue


def risk_matrix(risks):
    """Rows of the 4×4 matrix, most probable first, each cell holding the risks that fall in it.

    ``risks`` is a list of ``(number, block)`` pairs in page order.
    """
    cells = {(p, c): [] for p in SCALE for c in SCALE}
    for number, block in risks:
        cells[(block.value.probability_value, block.value.consequence_value)].append((number, block))
    rows = []
    for probability in reversed(SCALE):
        row = []
        for consequence in SCALE:
            level, label = risk_level(probability * consequence)
            row.append(
                {
                    "consequence": consequence,
                    "score": probability * consequence,
                    "level": level,
                    "level_label": label,
                    "risks": cells[(probability, consequence)],
                }
            )
        rows.append({"probability": probability, "label": dict(PROBABILITY_CHOICES)[str(probability)], "cells": row})
    return rows
