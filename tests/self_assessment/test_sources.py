"""The small readers behind the figures: risks in a stored body, and which years a goal chain governs."""

import json

import pytest

from wagtail_kvalitet.self_assessment.sources.documents import risks_in
from wagtail_kvalitet.self_assessment.sources.goals import governs


def test_risks_are_read_from_the_stored_body_as_the_risk_block_reads_them():
    body = [
        {"type": "paragraph", "value": "<p>risk</p>", "id": "a"},
        {"type": "risk", "value": {"probability": "4", "consequence": "2", "action": "Gör något."}, "id": "b"},
        {"type": "risk", "value": {"probability": "", "consequence": "x", "action": " "}, "id": "c"},
    ]
    assert risks_in(json.dumps(body)) == [(True, 8), (False, 1)]
    assert risks_in(json.dumps(json.dumps(body))) == [(True, 8), (False, 1)]  # stored as a string of JSON
    assert risks_in("[]") == [] and risks_in(None) == [] and risks_in("") == []


@pytest.mark.parametrize(
    ("label", "year", "expected"),
    [
        ("2025", 2025, True),
        ("2025", 2026, False),
        ("2024–2026", 2025, True),
        ("2024-2026", 2027, False),
        ("Målkedja 2023/2024", 2024, True),
        ("Mandatperioden", 2031, True),
        ("", 1999, True),
    ],
)
def test_a_chain_governs_the_years_its_period_names(label, year, expected):
    assert governs(label, year) is expected
