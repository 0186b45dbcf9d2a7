"""Finding routines: filters by unit (including the units above it), process and quality area, and search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import make_manual, make_process, make_routine, publish
from wagtail_kvalitet.models import QualityArea, RoutineIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(tree):
    manual = make_manual()
    home_care = make_process(manual, title="Hemtjänst")
    assessment = make_process(manual, title="Handläggning")
    safety = QualityArea.objects.get(code="safety")
    routines = {
        "medicines": make_routine(
            home_care,
            title="Läkemedelshantering",
            units=[tree["home_care"]],
            quality_areas=[safety],
            body=[
                {
                    "type": "steps",
                    "value": {
                        "heading": "",
                        "steps": [
                            {
                                "title": "Signera given dos",
                                "description": "",
                                "responsible": "Undersköterska",
                                "inputs": "",
                                "outputs": "",
                            }
                        ],
                    },
                }
            ],
        ),
        "elderly_wide": make_routine(home_care, title="Nyckelhantering", units=[tree["elderly"]]),
        "everywhere": make_routine(assessment, title="Dokumentation i journal"),
        "disability": make_routine(assessment, title="Genomförandeplan", units=[tree["group_home"]]),
    }
    index = publish(manual, RoutineIndexPage(title="Rutiner", slug="rutiner"))
    return {"index": index, "routines": routines, "processes": (home_care, assessment), "safety": safety}


def titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return set(response.context["routines"] and [r.title for r in response.context["routines"]])


def test_lists_every_live_routine_under_the_manual(client, library):
    assert titles(client, library["index"].url) == {
        "Läkemedelshantering",
        "Nyckelhantering",
        "Dokumentation i journal",
        "Genomförandeplan",
    }


def test_unit_filter_includes_routines_for_units_above_and_for_everyone(client, library, tree):
    assert titles(client, library["index"].url, unit=tree["home_care"].pk) == {
        "Läkemedelshantering",
        "Nyckelhantering",
        "Dokumentation i journal",
    }


def test_process_and_quality_area_filters(client, library):
    home_care, assessment = library["processes"]
    assert titles(client, library["index"].url, process=assessment.pk) == {
        "Dokumentation i journal",
        "Genomförandeplan",
    }
    assert titles(client, library["index"].url, quality_area=library["safety"].pk) == {"Läkemedelshantering"}


def test_search_finds_routines_by_step_and_role_text(client, library):
    assert titles(client, library["index"].url, q="signera") == {"Läkemedelshantering"}
    assert titles(client, library["index"].url, q="undersköterska") == {"Läkemedelshantering"}


def test_search_combines_with_filters(client, library, tree):
    assert titles(client, library["index"].url, q="signera", unit=tree["group_home"].pk) == set()


def test_an_unknown_choice_gets_a_message_not_an_error(client, library):
    response = client.get(library["index"].url, {"unit": "999999"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_listing_queries_do_not_grow_with_routines(client, library, tree):
    url = library["index"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    home_care, _assessment = library["processes"]
    for number in range(20):
        make_routine(home_care, title=f"Rutin {number}", units=[tree["home_care"], tree["elderly"]])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["routines"]) == 24
    assert len(large) == len(small)


def test_search_finds_routines_by_role_name(client, library):
    home_care, _assessment = library["processes"]
    make_routine(
        home_care,
        title="Processens styrning",
        body=[
            {
                "type": "roles",
                "value": [
                    {
                        "type": "resource_owner",
                        "value": {"holder": "Enhetschef", "unit": None, "mandate": "Frigör tid."},
                    }
                ],
            }
        ],
    )
    assert titles(client, library["index"].url, q="resursägare") == {"Processens styrning"}
