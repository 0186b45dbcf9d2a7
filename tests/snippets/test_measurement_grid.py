"""The grid for a unit's figures in one period: pre-filled rows, all-or-nothing saving, permission, queries."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.goals.builders import add_measurement, make_indicator
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.models import Measurement
from wagtail_kvalitet.snippets.measurement_grid import grid_url

pytestmark = pytest.mark.django_db

Q1 = Period.parse("2026-Q1")


def quarterly(unit, **fields):
    return make_indicator(unit, frequency=Frequency.QUARTER, **fields)


def row_data(indicator, value="", women="", men="", comment=""):
    prefix = f"indicator-{indicator.pk}"
    return {f"{prefix}-value": value, f"{prefix}-value_women": women, f"{prefix}-value_men": men,
            f"{prefix}-comment": comment}


def test_rows_are_the_units_active_indicators_of_the_frequency_pre_filled(admin_client, tree):
    unit = tree["home_care"]
    owned = quarterly(unit, name="A")
    elsewhere = quarterly(tree["admin"], name="B")
    add_measurement(elsewhere, unit, "2026-Q1", 7)
    quarterly(unit, name="C", active=False)
    make_indicator(unit, name="D", frequency=Frequency.YEAR)
    quarterly(tree["group_home"], name="E")

    response = admin_client.get(grid_url(unit, Q1))
    rows = response.context["rows"]
    assert [row.indicator for row in rows] == [owned, elsewhere]
    assert rows[0].initial == {} and rows[1].initial["value"] == Decimal("7")


def test_saving_creates_and_updates_and_leaves_empty_rows_alone(admin_client, tree, superuser):
    unit = tree["home_care"]
    new, existing, empty = quarterly(unit, name="A"), quarterly(unit, name="B"), quarterly(unit, name="C")
    add_measurement(existing, unit, "2026-Q1", 1)
    response = admin_client.post(
        grid_url(unit, Q1),
        row_data(new, "12,5", "6", "6,5", "Bra") | row_data(existing, "2") | row_data(empty),
    )
    assert response.status_code == 302
    figures = {m.indicator: m for m in Measurement.objects.filter(unit=unit, period="2026-Q1")}
    assert set(figures) == {new, existing}
    assert figures[new].value == Decimal("12.5") and figures[new].value_men == Decimal("6.5")
    assert figures[new].comment == "Bra" and figures[new].period_end == Q1.end
    assert figures[existing].value == Decimal("2")
    assert {m.entered_by for m in figures.values()} == {superuser}


def test_an_invalid_number_saves_nothing_and_is_shown_by_its_cell(admin_client, tree):
    unit = tree["home_care"]
    good, bad, existing = quarterly(unit, name="A"), quarterly(unit, name="B"), quarterly(unit, name="C")
    add_measurement(existing, unit, "2026-Q1", 1)
    response = admin_client.post(
        grid_url(unit, Q1), row_data(good, "5") | row_data(bad, "fem") | row_data(existing, "9")
    )
    assert response.status_code == 200
    bad_row = response.context["rows"][1]
    assert bad_row.indicator == bad and bad_row.errors["value"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert list(Measurement.objects.values_list("indicator", "value")) == [(existing.pk, Decimal("1"))]


def test_a_period_of_another_frequency_shows_no_grid(admin_client, tree):
    quarterly(tree["home_care"])
    response = admin_client.get(grid_url(tree["home_care"], Period.parse("2026")).replace("frequency=year",
                                                                                          "frequency=quarter"))
    assert response.context["rows"] is None
    assert response.context["choice_form"].errors["period"]


@pytest.mark.parametrize("codenames", [(), ("change_measurement",), ("add_measurement",)])
def test_the_grid_needs_add_and_change_permission(client, tree, codenames):
    indicator = quarterly(tree["home_care"])
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              *Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    url = grid_url(tree["home_care"], Q1)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, row_data(indicator, "5")).status_code in (302, 403)
    assert not Measurement.objects.exists()


def test_the_grid_opens_for_those_who_may_add_and_change(client, tree):
    quarterly(tree["home_care"])
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              *Permission.objects.filter(codename__in=["add_measurement", "change_measurement"]))
    client.force_login(user)
    response = client.get(grid_url(tree["home_care"], Q1))
    assert response.status_code == 200 and len(response.context["rows"]) == 1


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_indicators(admin_client, tree):
    unit = tree["home_care"]
    url = grid_url(unit, Q1)

    def sizes(count):
        Measurement.objects.all().delete()
        indicators = [quarterly(unit) for _ in range(count)]
        for indicator in indicators[::2]:
            add_measurement(indicator, unit, "2026-Q1", 1)
        data = {}
        for indicator in indicators:
            data |= row_data(indicator, "3")
        return count_queries(admin_client, "get", url), count_queries(admin_client, "post", url, data)

    few = sizes(2)
    many = sizes(4)
    assert few == many
    assert Measurement.objects.filter(unit=unit, value=3).count() == 4
