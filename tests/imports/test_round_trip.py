"""An exported list imports back unchanged, and an edit made in the spreadsheet comes back as a change."""

import io

import openpyxl
import pytest
from django.utils import translation

from tests.conftest import make_user
from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.exports.legal_requirements import LegalRequirementExport
from wagtail_kvalitet.imports.legal_requirements import import_legal_requirements, plan_import
from wagtail_kvalitet.models import LegalRequirement

pytestmark = pytest.mark.django_db


def exported(language):
    with translation.override(language):
        output = io.BytesIO()
        LegalRequirementExport(LegalRequirement.objects.all()).save(output)
    output.seek(0)
    return output


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_demo_list_exported_imports_back_unchanged(site_root, language):
    build_demo()
    plan = plan_import(exported(language), make_user(is_superuser=True))
    assert plan.is_valid, [str(error) for row in plan.errors for error in row.errors]
    assert len(plan.unchanged) == LegalRequirement.objects.count() >= 12
    assert not plan.created and not plan.changed


def test_an_edit_in_the_spreadsheet_comes_back_as_a_change(site_root):
    build_demo()
    workbook = openpyxl.load_workbook(exported("sv"))
    sheet = workbook.worksheets[0]
    header_row = next(row for row in sheet.iter_rows() if row[0].value == "ID")
    headings = [cell.value for cell in header_row]
    data_row = sheet[header_row[0].row + 1]
    requirement = LegalRequirement.objects.get(pk=data_row[0].value)
    data_row[headings.index("Anteckningar")].value = "Ändrad i kalkylbladet"
    edited = io.BytesIO()
    workbook.save(edited)
    edited.seek(0)

    import_legal_requirements(edited, make_user(is_superuser=True))
    requirement.refresh_from_db()
    assert requirement.notes == "Ändrad i kalkylbladet"
