"""The admin import of figures: upload, dry run, confirm; invalid files, permissions and Kolada responses."""

import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import make_user
from tests.goals.builders import add_measurement, make_indicator
from wagtail_kvalitet.goals.periods import Frequency
from wagtail_kvalitet.models import Measurement
from wagtail_kvalitet.snippets.legal_import import STORAGE_FOLDER

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_wagtail_kvalitet_measurement"
IMPORT_URL = f"{NAMESPACE}:import"
CONFIRM_URL = f"{NAMESPACE}:import_confirm"
LIST_URL = f"{NAMESPACE}:list"


def waiting_files():
    try:
        return default_storage.listdir(STORAGE_FOLDER)[1]
    except FileNotFoundError:
        return []


@pytest.fixture(autouse=True)
def empty_upload_folder():
    """The tests' storage outlives a test, so start each one without waiting uploads."""
    for name in waiting_files():
        default_storage.delete(f"{STORAGE_FOLDER}/{name}")


def csv_file(*lines, name="nyckeltal.csv"):
    """A CSV as Swedish Excel saves it: semicolons, Swedish headings; the first figure is row 2."""
    file = io.BytesIO("\n".join(["Indikator;Enhet;Period;Värde", *lines]).encode())
    file.name = name
    return file


def upload(client, file):
    return client.post(reverse(IMPORT_URL), {"file": file})


def confirm(client, token):
    return client.post(reverse(CONFIRM_URL), {"token": token})


@pytest.fixture
def indicator(tree):
    return make_indicator(tree["elderly"], code="kvalitet", name="Kvalitetsindex", frequency=Frequency.QUARTER)


def test_the_listing_offers_the_import(admin_client, indicator):
    html = admin_client.get(reverse(LIST_URL)).content.decode()
    assert reverse(IMPORT_URL) in html


def test_upload_shows_the_dry_run_and_confirming_writes_it(admin_client, superuser, indicator, tree):
    changed = add_measurement(indicator, tree["home_care"], "2025-Q1", 10)
    add_measurement(indicator, tree["nursing_home"], "2025-Q1", 7)
    response = admin_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200 and 'type="file"' in response.content.decode()

    response = upload(admin_client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5", "kvalitet;AO-TALL;2025-Q1;7",
                                             "kvalitet;AO-HTN;2025-Q2;13"))
    assert response.status_code == 200
    assert response.templates[0].name == "wagtail_kvalitet/admin/measurement_import/report.html"
    plan = response.context["plan"]
    assert [figure.row for figure in plan.creates] == [4]
    assert [(figure.row, figure.changes) for figure in plan.updates] == [
        (2, [("value", Decimal(10), Decimal("12.5"))])
    ]
    assert [figure.row for figure in plan.unchanged] == [3]
    html = response.content.decode()
    assert "nyckeltal.csv" in html and "<del>10" in html and "<ins>12" in html
    assert Measurement.objects.count() == 2 and len(waiting_files()) == 1  # the dry run writes nothing
    token = response.context["token"]
    assert f'value="{token}"' in html

    response = confirm(admin_client, token)
    assert response.status_code == 302 and response.url == reverse(LIST_URL)
    changed.refresh_from_db()
    assert changed.value == Decimal("12.5") and changed.entered_by == superuser
    new = Measurement.objects.get(period="2025-Q2")
    assert (new.unit, new.value, new.entered_by) == (tree["home_care"], Decimal(13), superuser)
    assert waiting_files() == []

    # The same dry run cannot be confirmed twice.
    response = confirm(admin_client, token)
    assert response.status_code == 302 and response.url == reverse(IMPORT_URL)
    assert Measurement.objects.count() == 3


def test_an_invalid_row_shows_every_error_and_offers_no_confirm(admin_client, indicator, tree):
    response = upload(admin_client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5", "okänd;AO-HTN;2025-Q1;1",
                                             "kvalitet;AO-XXX;2025;fem"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert len(plan.creates) == 1
    assert [(error.row, error.column) for error in plan.errors] == [
        (3, "Indikator"), (4, "Enhet"), (4, "Period"), (4, "Värde"),
    ]
    html = response.content.decode()
    for error in plan.errors:
        assert escape(error.message) in html
    assert response.context["token"] == "" and 'name="token"' not in html
    assert response.context["form"] is not None  # to upload a corrected file
    assert waiting_files() == [] and not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figurer.txt", b"x",
         "Upload an Excel workbook (.xlsx), a CSV file (.csv) or a saved Kolada response (.json)."),
        ("figurer.csv", b"x" * (5 * 1024 * 1024 + 1),
         "The file is larger than %(size)s MB. Split it and import it in parts."),
        ("kolada.json", b"not json", "The file could not be read as JSON."),
    ],
    ids=["wrong-type", "too-large", "unreadable"],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_form(admin_client, indicator, name, content, message):
    file = io.BytesIO(content)
    file.name = name
    response = upload(admin_client, file)
    assert response.status_code == 200
    expected = gettext(message) % {"size": 5} if "%" in message else gettext(message)
    assert response.context["form"].errors["file"] == [expected]
    assert waiting_files() == [] and not Measurement.objects.exists()


def test_confirming_after_the_figures_changed_shows_the_new_plan_first(admin_client, indicator, tree):
    response = upload(admin_client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5"))
    token = response.context["token"]
    add_measurement(indicator, tree["home_care"], "2025-Q1", 3)

    response = confirm(admin_client, token)
    assert response.status_code == 200 and len(response.context["plan"].updates) == 1
    assert Measurement.objects.get().value == Decimal(3)
    new_token = response.context["token"]
    assert new_token and new_token != token

    assert confirm(admin_client, new_token).status_code == 302
    assert Measurement.objects.get().value == Decimal("12.5")


def test_a_token_from_another_user_is_refused(admin_client, indicator):
    token = upload(admin_client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5")).context["token"]
    admin_client.force_login(make_user(username="annan", is_staff=True, is_superuser=True))
    assert confirm(admin_client, token).status_code == 302
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("codenames", [(), ("change_measurement",), ("add_measurement",)])
def test_the_import_needs_add_and_change_permission(client, admin_client, indicator, codenames):
    token = upload(admin_client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5")).context["token"]
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              *Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(reverse(IMPORT_URL)).status_code in (302, 403)
    assert upload(client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5")).status_code in (302, 403)
    assert confirm(client, token).status_code in (302, 403)
    assert reverse(IMPORT_URL) not in client.get(reverse(LIST_URL)).content.decode()
    assert not Measurement.objects.exists()


def test_the_import_opens_for_those_who_may_add_and_change(client, indicator):
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              *Permission.objects.filter(codename__in=["add_measurement", "change_measurement"]))
    client.force_login(user)
    response = upload(client, csv_file("kvalitet;AO-HTN;2025-Q1;12,5"))
    assert response.status_code == 200 and response.context["token"]
    assert confirm(client, response.context["token"]).status_code == 302
    assert Measurement.objects.get().entered_by == user


def test_a_saved_kolada_response_is_imported(admin_client, tree):
    indicator = make_indicator(tree["admin"], code="nojdhet", kolada_kpi="N00945", frequency=Frequency.YEAR)
    figures = [{"gender": gender, "value": value} for gender, value in (("T", 81.5), ("K", 83.0), ("M", 79.0))]
    data = {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "0180", "period": 2024, "values": figures},
        {"kpi": "N00945", "municipality": "0180", "period": 2023, "values": []},
    ]}
    file = io.BytesIO(json.dumps(data).encode())
    file.name = "kolada.json"
    response = upload(admin_client, file)
    plan = response.context["plan"]
    assert [figure.row for figure in plan.creates] == [1] and [note.row for note in plan.notes] == [2]
    assert "kvalitet-import-notes" in response.content.decode()

    assert confirm(admin_client, response.context["token"]).status_code == 302
    figure = Measurement.objects.get()
    assert (figure.indicator, figure.unit, figure.period) == (indicator, tree["admin"], "2024")
    assert (figure.value, figure.value_women, figure.value_men) == (Decimal("81.5"), Decimal(83), Decimal(79))
