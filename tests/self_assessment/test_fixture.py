"""The shipped SOSFS 2011:9 parts: seeded by the migrations, each naming figures the system can count."""

import json
from pathlib import Path

import pytest

import wagtail_kvalitet
from wagtail_kvalitet.models import RegulationPart
from wagtail_kvalitet.self_assessment.evidence import EVIDENCE

FIXTURE = Path(wagtail_kvalitet.__file__).parent / "fixtures" / "sosfs_2011_9.json"


@pytest.fixture
def shipped():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_migration_seeded_the_eleven_parts_in_order(db, shipped):
    assert len(shipped) == 11
    seeded = list(RegulationPart.objects.values_list("key", "evidence"))
    assert seeded == [(part["key"], part["evidence"]) for part in shipped]


def test_every_part_names_figures_the_system_counts(shipped):
    for part in shipped:
        assert part["evidence"], part["key"]
        assert set(part["evidence"]) <= EVIDENCE.keys(), part["key"]
        assert len(set(part["evidence"])) == len(part["evidence"]), part["key"]
