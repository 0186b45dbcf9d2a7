"""Builders for the export tests: statutes, requirements with units and routines, reviews, and reading a download."""

import io
import itertools

from openpyxl import load_workbook

from tests.builders import make_manual, make_process, make_routine
from wagtail_kvalitet.models import LegalRequirement, LegalRequirementReview, Statute

_numbers = itertools.count(1)


def make_statute(**fields):
    number = next(_numbers)
    fields.setdefault("title", f"Författning {number}")
    fields.setdefault("number", f"2025:{number}")
    return Statute.objects.create(**fields)


def make_requirement(statute=None, units=(), routines=(), processes=(), **fields):
    fields.setdefault("title", f"Krav {next(_numbers)}")
    fields.setdefault("demands", "Vi ska dokumentera det vi gör.")
    requirement = LegalRequirement(statute=statute or make_statute(), **fields)
    requirement.save()
    requirement.units.set(units)
    requirement.routines.set(routines)
    requirement.processes.set(processes)
    requirement.save()
    return requirement


def make_review(requirement, **fields):
    fields.setdefault("reviewed_on", requirement.last_reviewed or requirement.next_review_due)
    fields.setdefault("outcome", requirement.status)
    fields.setdefault("reviewer_name", "Karin Lund")
    return LegalRequirementReview.objects.create(requirement=requirement, **fields)


def make_routines(count=1, **fields):
    """Published routines under a new manual and process, so they have public addresses."""
    process = make_process(make_manual(), **fields)
    return process, [make_routine(process) for _ in range(count)]


def open_workbook(content):
    """A workbook from bytes, a file object or a streamed response, loaded as a user's program would."""
    if hasattr(content, "streaming_content"):
        content = b"".join(content.streaming_content)
    if isinstance(content, bytes):
        content = io.BytesIO(content)
    return load_workbook(content)


def sheet_rows(sheet, first=3):
    """The data rows of a sheet (below the title and header rows) as tuples of values."""
    return list(sheet.iter_rows(min_row=first, values_only=True))


def column_values(sheet, heading, header_row=2):
    headings = [cell.value for cell in sheet[header_row]]
    position = headings.index(heading)
    return [row[position] for row in sheet_rows(sheet, header_row + 1)]
