"""Create the parts of SOSFS 2011:9 from the shipped fixture; they stay editable in the admin afterwards.

The fixture is read as plain JSON rather than through ``loaddata``, so later changes to the model
do not break this migration. A part that already exists (by key) is left as the municipality has it.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sosfs_2011_9.json"


def create_parts(apps, schema_editor):
    RegulationPart = apps.get_model("wagtail_kvalitet", "RegulationPart")
    parts = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for sort_order, part in enumerate(parts, start=1):
        RegulationPart.objects.get_or_create(
            key=part["key"],
            defaults={
                "reference": part["reference"],
                "title": part["title"],
                "asks": part["asks"],
                "evidence": part["evidence"],
                "sort_order": sort_order,
            },
        )


def remove_parts(apps, schema_editor):
    RegulationPart = apps.get_model("wagtail_kvalitet", "RegulationPart")
    keys = [part["key"] for part in json.loads(FIXTURE.read_text(encoding="utf-8"))]
    RegulationPart.objects.filter(key__in=keys, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("wagtail_kvalitet", "0012_self_assessment_and_quality_report")]

    operations = [migrations.RunPython(create_parts, remove_parts)]
