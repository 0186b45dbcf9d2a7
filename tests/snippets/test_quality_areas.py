"""The national quality areas: seeded by the data migration, then edited in the admin like data."""


import pytest
from django.urls import reverse

from tests.snippets.forms import field_errors
from wagtail_kvalitet.models import QualityArea

pytestmark = pytest.mark.django_db

NATIONAL_AREAS = [
    "Bemötande och förhållningssätt",
    "Självbestämmande och integritet",
    "Helhetssyn och samordning",
    "Trygghet och säkerhet",
    "Kunskapsbaserad verksamhet",
    "Tillgänglighet",
    "Effektivitet",
]
DUPLICATE_CODE_MESSAGE = "Ett annat kvalitetsområde använder redan den här koden."


def url(name, *args):
    return reverse(QualityArea.snippet_viewset.get_url_name(name), args=args)


def test_the_migration_created_exactly_the_seven_national_areas_in_order():
    areas = list(QualityArea.objects.all())
    assert [area.name for area in areas] == NATIONAL_AREAS
    assert [area.sort_order for area in areas] == [1, 2, 3, 4, 5, 6, 7]
    assert len({area.code for area in areas}) == 7
    assert all(area.description for area in areas)


def test_the_listing_shows_the_areas_in_order(admin_client):
    response = admin_client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(name) for name in NATIONAL_AREAS]
    assert positions == sorted(positions)
    assert "Kvalitetsområden" in html


def test_an_area_can_be_edited_in_the_admin(admin_client):
    area = QualityArea.objects.get(code="accessibility")
    response = admin_client.post(
        url("edit", area.pk),
        {"name": "Tillgänglighet och bemötande i tid", "code": "accessibility", "description": "Ny beskrivning."},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.code, area.description) == (
        "Tillgänglighet och bemötande i tid",
        "accessibility",
        "Ny beskrivning.",
    )
    assert area.sort_order == 6  # editing keeps its place
    assert QualityArea.objects.count() == 7


def test_a_new_area_is_added_last(admin_client):
    response = admin_client.post(url("add"), {"name": "Delaktighet", "code": "participation", "description": ""})
    assert response.status_code == 302
    assert list(QualityArea.objects.values_list("name", flat=True)) == [*NATIONAL_AREAS, "Delaktighet"]
    assert QualityArea.objects.get(code="participation").sort_order == 8
    # Also when created in code, e.g. by an import.
    QualityArea.objects.create(name="Anhörigstöd", code="carers")
    assert QualityArea.objects.last().code == "carers"


def test_a_duplicate_code_is_refused(admin_client):
    before = list(QualityArea.objects.values_list("pk", "code", "name"))
    area = QualityArea.objects.get(code="efficiency")
    response = admin_client.post(url("edit", area.pk), {"name": area.name, "code": "safety", "description": ""})
    assert response.status_code == 200
    assert field_errors(response, "code") == [DUPLICATE_CODE_MESSAGE]

    response = admin_client.post(url("add"), {"name": "Säkerhet", "code": "safety", "description": ""})
    assert response.status_code == 200
    assert field_errors(response, "code") == [DUPLICATE_CODE_MESSAGE]
    assert list(QualityArea.objects.values_list("pk", "code", "name")) == before
