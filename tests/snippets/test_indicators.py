"""The indicator and measurement registers in the admin: listings, filters, the forms and no revisions."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Revision

from tests.conftest import make_user
from tests.goals.builders import add_measurement, make_indicator
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.models import Indicator, Measurement
from wagtail_kvalitet.snippets.measurement_grid import grid_url

pytestmark = pytest.mark.django_db

INDICATORS = "wagtailsnippets_wagtail_kvalitet_indicator:list"
MEASUREMENTS = "wagtailsnippets_wagtail_kvalitet_measurement:list"
ADD_MEASUREMENT = "wagtailsnippets_wagtail_kvalitet_measurement:add"
ADD_INDICATOR = "wagtailsnippets_wagtail_kvalitet_indicator:add"


def listed(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_indicator_filters_and_search(admin_client, tree):
    care = make_indicator(tree["home_care"], name="Nöjdhet hemtjänst", kolada_kpi="U21468", frequency=Frequency.QUARTER)
    group = make_indicator(tree["group_home"], name="Brukarmöten", code="brukarmoten")
    old = make_indicator(tree["elderly"], name="Gammalt", active=False)

    assert listed(admin_client, INDICATORS, unit=tree["elderly"].pk) == [old, care]
    assert listed(admin_client, INDICATORS, unit=tree["admin"].pk) == [group, old, care]
    assert listed(admin_client, INDICATORS, frequency=Frequency.QUARTER) == [care]
    assert listed(admin_client, INDICATORS, active="false") == [old]
    assert listed(admin_client, INDICATORS, has_kolada="true") == [care]
    assert listed(admin_client, INDICATORS, has_kolada="false") == [group, old]
    assert listed(admin_client, INDICATORS, q="U21468") == [care]
    assert listed(admin_client, INDICATORS, q="brukarmoten") == [group]


def test_indicator_listing_shows_columns_and_an_indented_unit_select(admin_client, tree):
    make_indicator(tree["home_care"], name="Nöjdhet hemtjänst", kolada_kpi="U21468")
    content = admin_client.get(reverse(INDICATORS)).content.decode()
    assert "Nöjdhet hemtjänst" in content and "U21468" in content and "Hemtjänst Norr" in content
    form = admin_client.get(reverse(ADD_INDICATOR)).context["form"]
    labels = [label for _value, label in form.fields["unit"].choices][1:]
    assert labels[0] == "Socialnämnden"
    assert labels[1].startswith(" ") and labels[1].endswith("Socialförvaltningen")


def test_indicator_listing_queries_do_not_grow(admin_client, tree):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse(INDICATORS)).status_code == 200
        return len(queries)

    owner = make_user(first_name="Karin", last_name="Lund")
    make_indicator(tree["home_care"], owner=owner)
    few = count()
    for unit in ("nursing_home", "group_home", "elderly", "admin"):
        make_indicator(tree[unit], owner=make_user())
    assert count() == few


def test_measurement_filters_and_order(admin_client, tree):
    yearly = make_indicator(tree["home_care"], name="Årligt")
    quarterly = make_indicator(tree["home_care"], name="Kvartal", frequency=Frequency.QUARTER)
    a = add_measurement(yearly, tree["home_care"], "2025", 10)
    b = add_measurement(yearly, tree["group_home"], "2026", 12)
    c = add_measurement(quarterly, tree["nursing_home"], "2026-Q1", 3)

    assert listed(admin_client, MEASUREMENTS) == [b, c, a]
    assert listed(admin_client, MEASUREMENTS, indicator=yearly.pk) == [b, a]
    assert listed(admin_client, MEASUREMENTS, unit=tree["elderly"].pk) == [c, a]
    assert listed(admin_client, MEASUREMENTS, period="2026-q1") == [c]
    assert listed(admin_client, MEASUREMENTS, frequency=Frequency.YEAR) == [b, a]


def test_measurement_listing_links_to_the_grid(admin_client, tree):
    content = admin_client.get(reverse(MEASUREMENTS)).content.decode()
    assert f'href="{grid_url()}"' in content


def test_measurement_listing_hides_the_grid_from_those_who_cannot_add(client, tree):
    user = make_user(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_measurement"),
        Permission.objects.get(codename="change_measurement"),
    )
    client.force_login(user)
    response = client.get(reverse(MEASUREMENTS))
    assert response.status_code == 200
    assert f'href="{grid_url()}"' not in response.content.decode()


def measurement_data(indicator, unit, period, value="12,5"):
    return {"indicator": indicator.pk, "unit": unit.pk, "period": period, "value": value,
            "value_women": "", "value_men": "", "comment": ""}


def test_adding_a_measurement_sets_who_entered_it_and_keeps_no_revision(admin_client, tree, superuser):
    indicator = make_indicator(tree["home_care"], frequency=Frequency.QUARTER)
    response = admin_client.post(reverse(ADD_MEASUREMENT), measurement_data(indicator, tree["home_care"], "2026-q1"))
    assert response.status_code == 302, response.context["form"].errors
    measurement = Measurement.objects.get()
    assert measurement.entered_by == superuser
    assert measurement.period == "2026-Q1" and str(measurement.value) == "12.5000"
    assert not Revision.objects.exists()


def test_a_measurement_of_the_wrong_frequency_is_refused(admin_client, tree):
    indicator = make_indicator(tree["home_care"], frequency=Frequency.QUARTER)
    response = admin_client.post(reverse(ADD_MEASUREMENT), measurement_data(indicator, tree["home_care"], "2026"))
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not Measurement.objects.exists()
    assert Indicator.objects.count() == 1
