import pytest

from tests.conftest import make_tree, make_unit
from wagtail_kvalitet.models import OrganisationPage, SectionPage, UnitKind
from wagtail_kvalitet.models.organisation_page import build_tree

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_build_tree_nests_units_in_path_order(tree):
    from wagtail_kvalitet.models import OrganisationUnit

    roots = build_tree(OrganisationUnit.objects.for_listing())
    assert len(roots) == 1
    board, children = roots[0]
    assert board.code == "SN"
    (admin, areas), = children
    assert [area.code for area, _ in areas] == ["AO", "FS"]
    assert [unit.code for unit, _ in areas[0][1]] == ["AO-HTN", "AO-TALL"]


def test_organisation_page_shows_the_branch_below_its_top_unit(client, site_root, tree):
    page = publish(site_root, OrganisationPage(title="Äldreomsorgen", slug="ao", root_unit=tree["elderly"]))
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hemtjänst Norr" in html and "Tallgården" in html
    assert "Linden" not in html and "Socialnämnden" not in html


def test_organisation_page_query_count_does_not_grow_with_the_tree(client, site_root, django_assert_max_num_queries):
    tree = make_tree()
    page = publish(site_root, OrganisationPage(title="Organisation", slug="org"))
    client.get(page.url)  # warm caches (site root, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(page.url)
    for index in range(30):
        make_unit(tree["disability"], name=f"Enhet {index}", kind=UnitKind.UNIT)
    with CaptureQueriesContext(connection) as large:
        response = client.get(page.url)
    assert "Enhet 29" in response.content.decode()
    assert len(large) == len(small)


def test_section_page_lists_its_live_children_in_the_host_template(client, site_root):
    section = publish(site_root, SectionPage(title="Kvalitet", slug="kvalitet", intro="<p>Inledning</p>"))
    publish(section, OrganisationPage(title="Vår organisation", slug="org", show_in_menus=True))
    hidden = OrganisationPage(title="Utkast", slug="utkast", show_in_menus=True, live=False)
    section.add_child(instance=hidden)
    html = client.get(section.url).content.decode()
    assert "Vår organisation" in html
    assert "Utkast" not in html
    assert 'class="skip-link"' in html  # rendered inside the site's own base template
