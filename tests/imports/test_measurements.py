"""Importing indicator figures: the plan's errors by row, create vs update, all or nothing, files and the command."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tests.conftest import make_user
from tests.goals.builders import add_measurement, make_indicator
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.imports.measurements import (
    MEASUREMENT_COLUMNS,
    ImportRefused,
    apply_plan,
    clean_number,
    plan_import,
    read_measurement_file,
)
from wagtail_kvalitet.imports.sheets import SheetRow
from wagtail_kvalitet.models import Measurement

pytestmark = pytest.mark.django_db



def heading(key):
    """The column's heading in the active language, as the plan names it when the file gives none."""
    return {column.key: str(column.heading) for column in MEASUREMENT_COLUMNS}[key]


def rows(*cells):
    """Rows as a sheet gives them: the header is row 1, so the first figure is row 2."""
    return [SheetRow(number=number, values=values) for number, values in enumerate(cells, start=2)]


def row(indicator="kvalitet", unit="AO-HTN", period="2025-Q1", value="12,5", **extra):
    return {"indicator": indicator, "unit": unit, "period": period, "value": value, **extra}


def errors_of(plan):
    return [(error.row, error.column) for error in plan.errors]


@pytest.fixture
def indicator(tree):
    return make_indicator(tree["elderly"], code="kvalitet", frequency=Frequency.QUARTER)


@pytest.fixture
def user(db):
    return make_user(username="importer")


def test_swedish_and_english_numbers():
    assert clean_number("12,5") == Decimal("12.5")
    assert clean_number("1 234,5") == Decimal("1234.5")
    assert clean_number("1\u00a0234.25") == Decimal("1234.25")
    assert clean_number(7) == Decimal(7)
    assert clean_number("−3,5") == Decimal("-3.5")
    assert clean_number("") is None
    assert clean_number(None) is None
    for wrong in ("12,5 %", "1,234.5", "abc", "NaN", True):
        with pytest.raises(ValidationError):
            clean_number(wrong)


def test_plan_creates_and_apply_writes_with_the_user(indicator, tree, user):
    plan = plan_import(rows(row(women="13,0", men="12", comment="Mätt i mars")), user)
    assert plan.is_valid and len(plan.creates) == 1 and not plan.updates
    assert Measurement.objects.count() == 0  # the plan is a dry run

    apply_plan(plan, user)

    figure = Measurement.objects.get()
    assert (figure.indicator, figure.unit, figure.period) == (indicator, tree["home_care"], "2025-Q1")
    assert (figure.value, figure.value_women, figure.value_men) == (Decimal("12.5"), Decimal(13), Decimal(12))
    assert figure.comment == "Mätt i mars"
    assert figure.entered_by == user
    assert figure.period_end == Period.parse("2025-Q1").end


def test_update_names_old_and_new_and_leaves_absent_columns(indicator, tree, user):
    stored = add_measurement(indicator, tree["home_care"], "2025-Q1", 10, value_women=9, comment="Gammal")
    plan = plan_import(rows(row(value="11,5"), row(period="2025-Q2", value="3")), user)

    assert [figure.row for figure in plan.updates] == [2]
    assert [figure.row for figure in plan.creates] == [3]
    assert plan.updates[0].changes == [("value", Decimal("10"), Decimal("11.5"))]

    apply_plan(plan, user)
    stored.refresh_from_db()
    assert stored.value == Decimal("11.5")
    assert stored.value_women == Decimal(9)  # no women column in the file: left as it was
    assert stored.comment == "Gammal"
    assert stored.entered_by == user
    assert Measurement.objects.count() == 2


def test_importing_twice_gives_all_unchanged(indicator, tree, user):
    cells = rows(row(), row(period="2025-Q2", value="1 000,25", women="", comment="x"))
    apply_plan(plan_import(cells, user), user)

    again = plan_import(cells, user)
    assert [figure.row for figure in again.unchanged] == [2, 3]
    assert not again.creates and not again.updates and not again.has_writes


@pytest.mark.parametrize(
    "cells, column",
    [
        (row(indicator="finns-inte"), "indicator"),
        (row(unit="X-99"), "unit"),
        (row(period="2025-Q5"), "period"),
        (row(period="Q1 2025"), "period"),
        (row(period="2025"), "period"),  # a year, but the indicator is measured per quarter
        (row(period="2999-Q1"), "period"),  # not started yet
        (row(value="tolv"), "value"),
        (row(women="1,2.3"), "women"),
        (row(indicator=None), "indicator"),
    ],
)
def test_each_error_names_its_row_and_column(indicator, cells, column, user):
    plan = plan_import(rows(row(period="2024-Q4"), cells), user)
    assert errors_of(plan) == [(3, heading(column))]
    assert not plan.is_valid


def test_wrong_frequency_names_the_expected_frequency(indicator, user):
    plan = plan_import(rows(row(period="2025")), user)
    assert str(Frequency.QUARTER.label).lower() in plan.errors[0].message


def test_future_period_message(indicator, user):
    plan = plan_import(rows(row(period="2999-Q1")), user)
    assert plan.errors[0].message == _("The period %(period)s has not started yet.") % {"period": "2999-Q1"}


def test_duplicate_row_is_an_error_on_the_second_naming_the_first(indicator, user):
    plan = plan_import(rows(row(), row(period="2025-Q2"), row(indicator="KVALITET", unit="ao-htn", value="9")), user)
    assert errors_of(plan) == [(4, heading("indicator"))]
    assert plan.errors[0].message == _("The same indicator, unit and period are on row %(row)s.") % {"row": 2}


def test_nothing_is_written_when_any_row_is_invalid(indicator, tree, user):
    stored = add_measurement(indicator, tree["home_care"], "2025-Q1", 10)
    plan = plan_import(rows(row(value="20"), row(period="2025-Q2"), row(unit="X-99")), user)
    assert len(plan.updates) == 1 and len(plan.creates) == 1 and errors_of(plan) == [(4, heading("unit"))]

    with pytest.raises(ImportRefused):
        apply_plan(plan, user)

    stored.refresh_from_db()
    assert stored.value == Decimal(10)
    assert Measurement.objects.count() == 1


def test_a_row_without_any_figure_is_skipped_with_a_note(indicator, user):
    plan = plan_import(rows(row(value=""), row(period="2025-Q2")), user)
    assert plan.is_valid
    assert [(note.row, note.column) for note in plan.notes] == [(2, heading("value"))]
    assert [figure.row for figure in plan.creates] == [3]


def test_planning_takes_the_same_queries_for_few_and_many_rows(indicator, tree, django_assert_num_queries, user):
    add_measurement(indicator, tree["home_care"], "2024-Q1", 1)
    few = rows(row(period="2024-Q1"))
    many = rows(*(row(period=f"2024-Q{quarter}", unit=code) for quarter in range(1, 5)
                  for code in ("AO-HTN", "AO-TALL", "FS-LIND")))
    with django_assert_num_queries(3):
        plan_import(few, user)
    with django_assert_num_queries(3):
        assert len(plan_import(many, user).creates) == 11


def workbook(header, *lines):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    file = io.BytesIO()
    book.save(file)
    file.seek(0)
    return file


def test_xlsx_with_swedish_headings(indicator, tree, user):
    file = workbook(
        ["Indikator", "Enhet", "Period", "Värde", "Kvinnor", "Män", "Kommentar"],
        ["kvalitet", "AO-HTN", "2025-Q1", "12,5", 13, None, "Bra"],
        ["kvalitet", "AO-TALL", "2025-Q1", 8.25, None, None, None],
    )
    sheet = read_measurement_file(file, "siffror.xlsx")
    plan = plan_import(sheet.rows, user, headings=sheet.headings)
    assert plan.is_valid
    assert [(figure.row, figure.values["value"]) for figure in plan.creates] == [
        (2, Decimal("12.5")),
        (3, Decimal("8.25")),
    ]
    assert plan.creates[0].values["value_women"] == Decimal(13)


def test_xlsx_error_names_the_heading_as_written(indicator, user):
    file = workbook(["Indikator", "Enhet", "Period", "Värde"], ["kvalitet", "AO-HTN", "2025-Q1", "x"])
    sheet = read_measurement_file(file, "siffror.xlsx")
    plan = plan_import(sheet.rows, user, headings=sheet.headings)
    assert errors_of(plan) == [(2, "Värde")]


def test_csv_with_semicolons_and_decimal_commas(indicator, tree, user):
    text = "indikator;enhet;period;värde\nkvalitet;AO-HTN;2025-Q1;1 234,5\n\nkvalitet;AO-TALL;2025-Q1;7,25\n"
    sheet = read_measurement_file(io.BytesIO(text.encode("utf-8-sig")), "siffror.csv")
    plan = plan_import(sheet.rows, user, headings=sheet.headings)
    assert [(figure.row, figure.values["value"]) for figure in plan.creates] == [
        (2, Decimal("1234.5")),
        (4, Decimal("7.25")),
    ]


def test_unknown_file_type_is_refused():
    with pytest.raises(ValidationError) as refused:
        read_measurement_file(io.BytesIO(b""), "siffror.pdf")
    assert refused.value.code == "unknown_format"


def write_csv(tmp_path, text):
    path = tmp_path / "siffror.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_command_dry_run_writes_nothing(indicator, tmp_path):
    path = write_csv(tmp_path, "indicator,unit,period,value\nkvalitet,AO-HTN,2025-Q1,3\n")
    out = io.StringIO()
    call_command("kvalitet_import_measurements", path, "--dry-run", stdout=out)
    assert Measurement.objects.count() == 0
    assert out.getvalue()

    call_command("kvalitet_import_measurements", path, stdout=io.StringIO())
    assert Measurement.objects.get().value == Decimal(3)


def test_command_with_errors_writes_nothing(indicator, tmp_path):
    path = write_csv(tmp_path, "indicator,unit,period,value\nkvalitet,AO-HTN,2025-Q1,3\nkvalitet,X-99,2025-Q1,4\n")
    with pytest.raises(CommandError):
        call_command("kvalitet_import_measurements", path, stdout=io.StringIO())
    assert Measurement.objects.count() == 0


def test_command_records_the_user(indicator, tmp_path, user):
    path = write_csv(tmp_path, "indicator,unit,period,value\nkvalitet,AO-HTN,2025-Q1,3\n")
    call_command("kvalitet_import_measurements", path, "--user", "importer", stdout=io.StringIO())
    assert Measurement.objects.get().entered_by == user
