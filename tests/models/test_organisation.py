import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_unit
from wagtail_kvalitet.models import OrganisationUnit, UnitKind

pytestmark = pytest.mark.django_db


def test_tree_order_and_indented_names(tree):
    names = [unit.get_indented_name() for unit in OrganisationUnit.objects.for_listing()]
    assert names[0] == "Socialnämnden"
    assert names[1] == "    ↳ Socialförvaltningen"
    assert names[3] == "            ↳ Hemtjänst Norr"
    assert [u.code for u in OrganisationUnit.objects.for_listing()] == [
        "SN", "SF", "AO", "AO-HTN", "AO-TALL", "FS", "FS-LIND",
    ]


def test_indented_name_html_escapes_the_name(db):
    board = make_unit(name="<b>Nämnd</b>")
    unit = make_unit(board, name="<script>x</script>", kind=UnitKind.ADMINISTRATION)
    html = unit.get_indented_name(html=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.startswith("&nbsp;")


def test_a_unit_cannot_move_under_its_own_descendant(tree):
    with pytest.raises(ValidationError) as error:
        tree["elderly"].validate_parent(tree["home_care"])
    assert error.value.code == "cycle"
    with pytest.raises(ValidationError):
        tree["elderly"].validate_parent(tree["elderly"])


def test_kind_must_rank_below_the_parent(tree):
    board = OrganisationUnit(kind=UnitKind.BOARD, name="Ny nämnd", code="NN")
    with pytest.raises(ValidationError) as error:
        board.validate_parent(tree["elderly"])
    assert error.value.code == "kind_order"
    unit = OrganisationUnit(kind=UnitKind.UNIT, name="Direkt under förvaltningen", code="DU")
    unit.validate_parent(tree["admin"])  # an area may be skipped


def test_clean_normalises_the_code(db):
    unit = OrganisationUnit(kind=UnitKind.BOARD, name="Nämnd", code="  sn-x ")
    unit.clean()
    assert unit.code == "SN-X"


def test_a_unit_cannot_change_kind_to_the_level_of_its_sub_units(tree):
    area = tree["elderly"]
    area.kind = UnitKind.UNIT  # it has units below it
    with pytest.raises(ValidationError) as error:
        area.validate_parent(tree["admin"])
    assert error.value.code == "kind_order_children"


def test_manager_name_prefers_the_full_name(db):
    from tests.conftest import make_user

    named = make_unit(manager=make_user(username="k.lund", first_name="Karin", last_name="Lund"))
    unnamed = make_unit(manager=make_user(username="anonym"))
    assert named.manager_name == "Karin Lund"
    assert unnamed.manager_name == "anonym"
    assert make_unit().manager_name == ""
