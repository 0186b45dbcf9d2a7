"""Builders for the import tests: real .xlsx workbooks laid out as the export lays them out, and requirements."""

import io
import itertools

from django.utils import translation
from openpyxl import Workbook

from wagtail_kvalitet.exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from wagtail_kvalitet.models import LegalRequirement, Statute

_numbers = itertools.count(1)

ALL_KEYS = [column.key for column in LEGAL_REQUIREMENT_COLUMNS]


def headings(keys=None, language="active"):
    """The headings of ``keys`` in ``language``: "active", or ``None`` for the English msgids."""
    by_key = {column.key: column.heading for column in LEGAL_REQUIREMENT_COLUMNS}
    if language == "active":
        return [str(by_key[key]) for key in keys or ALL_KEYS]
    with translation.override(language):
        return [str(by_key[key]) for key in keys or ALL_KEYS]


def workbook_file(rows, keys=None, *, header=None, title="Exempelvik kommun – lagkravslista 2026-03-01", name=None):
    """An .xlsx in memory: a title row, an empty row, the header row, then one row per dict in ``rows``.

    ``rows`` map column keys to cell values; ``header`` replaces the headings (e.g. in English or
    with an unknown column). A second sheet stands in for the export's review history.
    """
    keys = keys or ALL_KEYS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lagkrav"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header or headings(keys))
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    history = workbook.create_sheet("Granskningar")
    history.append(["ID", "Krav", "Granskad"])
    history.append([999, "Ska inte läsas", "2026-01-01"])
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    file.name = name or f"lagkrav-{next(_numbers)}.xlsx"
    return file


def make_statute(**fields):
    fields.setdefault("title", f"Författning {next(_numbers)}")
    fields.setdefault("number", f"2026:{next(_numbers)}")
    return Statute.objects.create(**fields)


def make_requirement(statute=None, units=(), routines=(), processes=(), **fields):
    fields.setdefault("title", f"Krav {next(_numbers)}")
    fields.setdefault("demands", "Vi ska följa lagen.")
    item = LegalRequirement(statute=statute or make_statute(), **fields)
    item.save()
    item.units.set(units)
    item.routines.set(routines)
    item.processes.set(processes)
    item.save()
    return item


def row_for(requirement, **changes):
    """The row the export would write for ``requirement``, with ``changes`` applied."""
    person = requirement.responsible_person
    row = {
        "id": requirement.pk,
        "statute": requirement.statute.title,
        "statute_number": requirement.statute.number,
        "reference": requirement.reference,
        "title": requirement.title,
        "demands": requirement.demands,
        "units": "; ".join(unit.name for unit in requirement.units.all()),
        "responsible_person": (person.get_full_name() or person.get_username()) if person else None,
        "responsible_function": requirement.responsible_function,
        "how_met": requirement.how_met,
        "routines": "; ".join(page.title for page in requirement.routines.all()),
        "processes": "; ".join(page.title for page in requirement.processes.all()),
        "status": requirement.get_status_display(),
        "review_interval_months": requirement.review_interval_months,
        "last_reviewed": requirement.last_reviewed,
        "next_review_due": requirement.next_review_due,
        "overdue": str(requirement.overdue_marker),
        "notes": requirement.notes,
    }
    row.update(changes)
    return {key: value if value != "" else None for key, value in row.items()}
