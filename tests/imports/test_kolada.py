"""Reading a saved Kolada response: T/K/M figures, KPI and municipality matching, and what is refused."""

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tests.conftest import make_unit, make_user
from tests.goals.builders import make_indicator
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.imports.kolada import HEADINGS, read_kolada
from wagtail_kvalitet.imports.measurements import apply_plan, plan_import, read_measurement_file
from wagtail_kvalitet.models import Measurement

pytestmark = pytest.mark.django_db


def entry(kpi="N00945", municipality="0180", period=2024, total=12.3, women=13.1, men=11.4):
    figures = [("T", total), ("K", women), ("M", men)]
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [{"gender": gender, "count": 1, "status": "", "value": value} for gender, value in figures],
    }


def response(*entries, wrapped=True):
    data = {"count": len(entries), "values": list(entries)} if wrapped else list(entries)
    file = io.BytesIO(json.dumps(data).encode())
    file.name = "kolada.json"
    return file


def plan_for(file, user=None):
    sheet = read_kolada(file)
    return plan_import(sheet.rows, user, headings=sheet.headings)


@pytest.fixture
def indicator(tree):
    return make_indicator(tree["admin"], code="nojdhet", kolada_kpi="N00945", frequency=Frequency.YEAR)


def test_total_women_and_men_map_to_value_and_the_gender_values(indicator, tree):
    municipality = make_unit(tree["board"], code="0180", name="Exempelvik")
    user = make_user()
    plan = plan_for(response(entry()))
    assert plan.is_valid and len(plan.creates) == 1
    apply_plan(plan, user)

    figure = Measurement.objects.get()
    assert (figure.indicator, figure.unit, figure.period) == (indicator, municipality, "2024")
    assert (figure.value, figure.value_women, figure.value_men) == (Decimal("12.3"), Decimal("13.1"), Decimal("11.4"))
    assert figure.entered_by == user


def test_without_a_unit_for_the_municipality_the_indicators_unit_gets_the_figure(indicator, tree):
    plan = plan_for(response(entry(), wrapped=False))
    assert plan.creates[0].unit == tree["admin"]


def test_a_missing_gender_is_empty_and_a_second_import_is_unchanged(indicator, tree):
    plan = plan_for(response(entry(women=None, men=None)))
    assert plan.creates[0].values == {"value": Decimal("12.3"), "value_women": None, "value_men": None}
    apply_plan(plan, None)
    again = plan_for(response(entry(women=None, men=None)))
    assert len(again.unchanged) == 1 and not again.has_writes


def test_an_entry_without_figures_is_skipped_with_a_note(indicator):
    plan = plan_for(response(entry(total=None, women=None, men=None), entry(period=2023)))
    assert plan.is_valid
    assert [note.row for note in plan.notes] == [1]
    assert [figure.row for figure in plan.creates] == [2]


def test_unknown_kpi_is_an_error_on_its_position(indicator):
    plan = plan_for(response(entry(), entry(kpi="U99999")))
    assert [(error.row, error.column) for error in plan.errors] == [(2, HEADINGS["kolada_kpi"])]
    assert plan.errors[0].message == _("No indicator has the Kolada KPI “%(kpi)s”.") % {"kpi": "U99999"}


def test_a_kpi_on_two_indicators_is_an_error(indicator, tree):
    make_indicator(tree["elderly"], kolada_kpi="N00945")
    plan = plan_for(response(entry()))
    assert [(error.row, error.column) for error in plan.errors] == [(1, HEADINGS["kolada_kpi"])]


def test_an_indicator_not_measured_per_year_is_an_error(tree):
    make_indicator(tree["admin"], code="kvartal", kolada_kpi="N00945", frequency=Frequency.QUARTER)
    plan = plan_for(response(entry()))
    assert [(error.row, error.column) for error in plan.errors] == [(1, HEADINGS["period"])]
    assert str(Frequency.QUARTER.label).lower() in plan.errors[0].message


def test_a_value_that_is_not_a_number_is_an_error(indicator):
    plan = plan_for(response(entry(), entry(period=2023, men="många")))
    assert [(error.row, error.column) for error in plan.errors] == [(2, HEADINGS["men"])]


@pytest.mark.parametrize("content", [b"not json", b'{"rows": []}', b'{"values": [{"x": 1}]}', b"42"])
def test_a_file_that_is_not_a_kolada_response_is_refused(content):
    with pytest.raises(ValidationError):
        read_kolada(io.BytesIO(content))


def test_json_files_are_read_as_kolada(indicator):
    sheet = read_measurement_file(response(entry()), "kolada.json")
    assert sheet.rows[0].values["kolada_kpi"] == "N00945"
    assert sheet.rows[0].values["value"] == Decimal("12.3")
