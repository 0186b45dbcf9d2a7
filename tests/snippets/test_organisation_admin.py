"""The organisation tree in the Wagtail admin, through the real snippet views, in Swedish.

Everything here goes through Django's test client as a logged-in user, so it checks what an
editor would notice: the tree order and indentation of the listing and chooser, that saving a
unit places or moves it (with its whole branch) in the tree, and that the moves, codes and
deletions that would damage the tree are refused with a Swedish message while the database
stays as it was.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.conftest import make_unit, make_user
from tests.snippets.forms import field_errors
from wagtail_kvalitet.models import OrganisationUnit, UnitKind

pytestmark = pytest.mark.django_db

CYCLE_MESSAGE = "En enhet kan inte placeras under sig själv eller under någon av sina egna underenheter."
DUPLICATE_CODE_MESSAGE = "En annan enhet använder redan den här koden. Koder måste vara unika."
HAS_CHILDREN_MESSAGE = "”{name}” har enheter under sig. Flytta eller ta bort de enheterna först."


def url(name, *args):
    return reverse(OrganisationUnit.snippet_viewset.get_url_name(name), args=args)


def form_data(unit=None, **overrides):
    """What the admin form posts for ``unit`` (its current values), with ``overrides``."""
    data = {"name": "", "kind": "", "parent": "", "code": "", "manager": "", "contact_email": ""}
    if unit is not None:
        parent = unit.get_parent()
        data.update(
            name=unit.name,
            kind=unit.kind,
            parent=parent.pk if parent else "",
            code=unit.code,
            manager=unit.manager_id or "",
            contact_email=unit.contact_email,
        )
    for key, value in overrides.items():
        if isinstance(value, OrganisationUnit):
            value = value.pk
        data[key] = "" if value is None else value
    return data


#: A row's link in the listing or chooser: the unit's pk, its indentation and its name.
ROW = re.compile(
    r'<td class="title">\s*<div class="title-wrapper">\s*'
    r'<a [^>]*href="[^"]*/(?:edit|chosen)/(?P<pk>\d+)/"[^>]*>\s*(?:<span[^>]*>\s*)?'
    r"(?P<indent>(?:&nbsp;)*)(?P<arrow>&#x21b3;|\u21b3)?\s*(?P<name>[^<]*?)\s*(?:</span>\s*)?</a>"
)


def rows(html):
    """``(pk, level, name)`` of each unit row, in the order shown; level 0 is the top."""
    found = []
    for match in ROW.finditer(html):
        indent = match["indent"].count("&nbsp;")
        assert indent % 4 == 0, match.group(0)
        assert bool(match["arrow"]) == bool(indent), "a sub-unit is shown with the ↳ marker, a top unit without"
        found.append((int(match["pk"]), indent // 4, match["name"]))
    return found


def tree_rows():
    """What a tree listing should show: every unit in path order with its level."""
    return [(unit.pk, unit.depth - 1, unit.name) for unit in OrganisationUnit.objects.order_by("path")]


def snapshot():
    """Everything that places units in the tree, to check that a refused action changed nothing."""
    return list(OrganisationUnit.objects.order_by("pk").values_list("pk", "path", "depth", "numchild", "kind", "code"))


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Listing


def test_listing_shows_the_whole_tree_in_order_and_indented(admin_client, tree):
    response = admin_client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == tree_rows()
    assert [name for _, _, name in rows(html)] == [
        "Socialnämnden",
        "Socialförvaltningen",
        "Äldreomsorg",
        "Hemtjänst Norr",
        "Tallgården",
        "Funktionsstöd",
        "Linden",
    ]
    # The columns and values are in Swedish.
    for text in ("Typ", "Kod", "Chef", "E-post för kontakt", "Nämnd", "Förvaltning", "Verksamhetsområde", "Enhet"):
        assert text in html


def test_listing_keeps_tree_order_when_units_are_added_out_of_order(admin_client, tree):
    """A unit added late under an early parent is listed under that parent, not at the end."""
    make_unit(tree["elderly"], name="Hemtjänst Söder", code="AO-HTS")
    second_board = make_unit(name="Kultur- och fritidsnämnden", code="KFN")
    response = admin_client.get(url("list"))
    shown = rows(response.content.decode())
    assert shown == tree_rows()
    assert [name for _, _, name in shown][3:7] == ["Hemtjänst Norr", "Tallgården", "Hemtjänst Söder", "Funktionsstöd"]
    assert shown[-1] == (second_board.pk, 0, "Kultur- och fritidsnämnden")


def test_listing_query_count_does_not_grow_with_the_tree(admin_client, tree):
    admin_client.get(url("list"))  # warm up caches (content types, site, user profile)
    manager = make_user(username="chef", first_name="Karin", last_name="Lund")
    for unit in OrganisationUnit.objects.all():
        unit.manager = manager
        unit.save()

    with CaptureQueriesContext(connection) as small:
        response = admin_client.get(url("list"))
    assert len(rows(response.content.decode())) == 7

    for area in (tree["elderly"], tree["disability"]):
        for number in range(15):
            make_unit(area, name=f"Enhet {area.code}-{number}", code=f"{area.code}-{number}", manager=manager)
    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(url("list"))
    assert len(rows(response.content.decode())) == 37
    assert "Karin Lund" in response.content.decode()

    assert len(large) <= len(small), "\n".join(query["sql"] for query in large.captured_queries)


def test_listing_can_be_searched_and_filtered_by_kind(admin_client, tree):
    response = admin_client.get(url("list"), {"q": "Tall"})
    assert [name for _, _, name in rows(response.content.decode())] == ["Tallgården"]
    response = admin_client.get(url("list"), {"kind": UnitKind.AREA})
    assert [name for _, _, name in rows(response.content.decode())] == ["Äldreomsorg", "Funktionsstöd"]


# Creating


def test_creating_a_unit_with_a_parent_puts_it_under_that_parent(admin_client, tree):
    elderly = tree["elderly"]
    response = admin_client.post(
        url("add"),
        form_data(name="Hemtjänst Söder", kind=UnitKind.UNIT, parent=elderly, code="  ao-hts "),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    unit = OrganisationUnit.objects.get(name="Hemtjänst Söder")
    assert unit.code == "AO-HTS"  # stripped and upper-cased
    assert unit.get_parent() == elderly
    assert unit.depth == elderly.depth + 1
    assert unit.path.startswith(elderly.path)
    elderly.refresh_from_db()
    assert elderly.numchild == 3
    # Added last under its parent, so the listing shows it right after its siblings.
    assert [u.name for u in elderly.get_children()] == ["Hemtjänst Norr", "Tallgården", "Hemtjänst Söder"]
    assert rows(admin_client.get(url("list")).content.decode()) == tree_rows()


def test_creating_a_unit_without_a_parent_makes_a_top_unit(admin_client, tree):
    response = admin_client.post(
        url("add"), form_data(name="Kultur- och fritidsnämnden", kind=UnitKind.BOARD, code="KFN")
    )
    assert response.status_code == 302
    unit = OrganisationUnit.objects.get(code="KFN")
    assert unit.is_root()
    assert unit.depth == 1
    assert unit.get_parent() is None
    assert [root.code for root in OrganisationUnit.get_root_nodes()] == ["SN", "KFN"]


def test_the_add_form_is_in_swedish(admin_client, tree):
    response = admin_client.get(url("add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingår i" in html
    assert "(Högsta nivå)" in html
    # The parent select lists the units as an indented tree.
    assert "\u21b3 Tallgården" in html


# Editing and moving


def test_editing_without_changing_the_parent_keeps_the_unit_in_place(admin_client, tree):
    unit = tree["nursing_home"]
    before = snapshot()
    response = admin_client.post(url("edit", unit.pk), form_data(unit, name="Tallgårdens särskilda boende"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Tallgårdens särskilda boende"
    assert snapshot() == before


def test_moving_a_unit_moves_its_whole_branch(admin_client, tree):
    new_board = make_unit(name="Omsorgsnämnden", code="ON", kind=UnitKind.BOARD)
    branch = tree["admin"]
    below = {unit.pk: unit.depth for unit in branch.get_descendants()}
    assert len(below) == 5

    response = admin_client.post(url("edit", branch.pk), form_data(branch, parent=new_board))
    assert response.status_code == 302, field_errors(response, "parent")

    branch.refresh_from_db()
    new_board.refresh_from_db()
    old_board = OrganisationUnit.objects.get(pk=tree["board"].pk)
    assert branch.get_parent() == new_board
    assert branch.path.startswith(new_board.path)
    descendants = list(branch.get_descendants())
    assert {unit.pk: unit.depth for unit in descendants} == below  # same shape, nothing left behind
    assert all(unit.path.startswith(new_board.path) for unit in descendants)
    assert OrganisationUnit.objects.get(pk=tree["home_care"].pk).get_parent() == tree["elderly"]
    assert old_board.numchild == 0 and not old_board.get_children().exists()
    assert new_board.numchild == 1
    assert [root.get_descendant_count() for root in OrganisationUnit.get_root_nodes()] == [0, 6]


def test_moving_a_unit_within_the_tree_keeps_its_sub_units_with_it(admin_client, tree):
    other_admin = make_unit(tree["board"], name="Omsorgsförvaltningen", code="OF", kind=UnitKind.ADMINISTRATION)
    elderly = tree["elderly"]
    response = admin_client.post(url("edit", elderly.pk), form_data(elderly, parent=other_admin))
    assert response.status_code == 302
    elderly.refresh_from_db()
    assert elderly.get_parent() == other_admin
    assert [unit.name for unit in elderly.get_children()] == ["Hemtjänst Norr", "Tallgården"]
    assert [unit.name for unit in tree["admin"].get_children()] == ["Funktionsstöd"]
    assert rows(admin_client.get(url("list")).content.decode()) == tree_rows()


def test_moving_a_unit_to_the_top_level(admin_client, tree):
    branch = tree["admin"]
    response = admin_client.post(url("edit", branch.pk), form_data(branch, parent=None))
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.is_root()
    assert branch.get_descendant_count() == 5
    assert [root.code for root in OrganisationUnit.get_root_nodes()] == ["SN", "SF"]


@pytest.mark.parametrize("target", ["elderly", "home_care", "admin"])
def test_moving_a_unit_under_itself_or_its_own_sub_unit_is_refused(admin_client, tree, target):
    before = snapshot()
    unit = tree["admin"]
    response = admin_client.post(url("edit", unit.pk), form_data(unit, parent=tree[target]))
    assert response.status_code == 200  # the form again, not a redirect
    assert field_errors(response, "parent") == [CYCLE_MESSAGE]
    assert field_errors(response, "kind") == []
    assert snapshot() == before


@pytest.mark.parametrize("code", ["SN", "sn", "  Sn ", "ao-htn"])
def test_a_duplicate_code_is_refused_when_adding(admin_client, tree, code):
    before = snapshot()
    response = admin_client.post(
        url("add"), form_data(name="Ny enhet", kind=UnitKind.UNIT, parent=tree["elderly"], code=code)
    )
    assert response.status_code == 200
    assert field_errors(response, "code") == [DUPLICATE_CODE_MESSAGE]
    assert snapshot() == before


def test_a_duplicate_code_is_refused_when_editing(admin_client, tree):
    before = snapshot()
    unit = tree["group_home"]
    response = admin_client.post(url("edit", unit.pk), form_data(unit, code=" ao-tall"))
    assert response.status_code == 200
    assert field_errors(response, "code") == [DUPLICATE_CODE_MESSAGE]
    assert snapshot() == before


def test_keeping_a_units_own_code_in_other_case_is_allowed(admin_client, tree):
    unit = tree["group_home"]
    response = admin_client.post(url("edit", unit.pk), form_data(unit, code="fs-lind "))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.code == "FS-LIND"


@pytest.mark.parametrize(
    ("kind", "parent", "message"),
    [
        (UnitKind.BOARD, "home_care", "En enhet av typen ”Nämnd” kan inte placeras under en enhet av typen ”Enhet”."),
        (
            UnitKind.AREA,
            "elderly",
            "En enhet av typen ”Verksamhetsområde” kan inte placeras under en enhet av typen ”Verksamhetsområde”.",
        ),
        (
            UnitKind.ADMINISTRATION,
            "disability",
            "En enhet av typen ”Förvaltning” kan inte placeras under en enhet av typen ”Verksamhetsområde”.",
        ),
    ],
)
def test_a_wrong_kind_order_is_refused_when_adding(admin_client, tree, kind, parent, message):
    before = snapshot()
    response = admin_client.post(url("add"), form_data(name="Fel nivå", kind=kind, parent=tree[parent], code="FEL"))
    assert response.status_code == 200
    assert field_errors(response, "parent") == [message]
    assert snapshot() == before
    assert not OrganisationUnit.objects.filter(code="FEL").exists()


def test_moving_a_unit_under_a_unit_of_a_lower_level_is_refused(admin_client, tree):
    other_admin = make_unit(tree["board"], name="Omsorgsförvaltningen", code="OF", kind=UnitKind.ADMINISTRATION)
    before = snapshot()
    response = admin_client.post(url("edit", other_admin.pk), form_data(other_admin, parent=tree["group_home"]))
    assert response.status_code == 200
    assert field_errors(response, "parent") == [
        "En enhet av typen ”Förvaltning” kan inte placeras under en enhet av typen ”Enhet”."
    ]
    assert snapshot() == before


def test_changing_a_kind_to_the_level_of_its_sub_units_is_refused(admin_client, tree):
    before = snapshot()
    unit = tree["elderly"]
    response = admin_client.post(url("edit", unit.pk), form_data(unit, kind=UnitKind.UNIT))
    assert response.status_code == 200
    assert field_errors(response, "kind") == ["Enheterna under den här måste ligga på en lägre nivå än ”Enhet”."]
    assert snapshot() == before


def test_creating_editing_and_moving_a_unit_shows_in_its_history(admin_client, superuser, tree):
    admin_client.post(
        url("add"), form_data(name="Hemtjänst Söder", kind=UnitKind.UNIT, parent=tree["elderly"], code="HTS")
    )
    unit = OrganisationUnit.objects.get(code="HTS")
    admin_client.post(url("edit", unit.pk), form_data(unit, parent=tree["disability"]))
    admin_client.post(url("edit", unit.pk), form_data(unit, name="Hemtjänst Syd"))
    entries = ModelLogEntry.objects.for_instance(unit).order_by("timestamp", "pk")
    assert list(entries.values_list("action", "user", "label")) == [
        ("wagtail.create", superuser.pk, "Hemtjänst Söder"),
        ("wagtail.edit", superuser.pk, "Hemtjänst Söder"),
        ("wagtail.edit", superuser.pk, "Hemtjänst Syd"),
    ]
    response = admin_client.get(url("history", unit.pk))
    assert response.status_code == 200
    listing = re.search(r'<table class="listing">.*?</table>', response.content.decode(), re.S)[0]
    assert (listing.count("Skapad"), listing.count("Redigerad")) == (1, 2)


# Deleting


def test_deleting_a_unit_with_units_below_it_is_refused(admin_client, tree):
    before = snapshot()
    unit = tree["elderly"]
    for method in (admin_client.get, admin_client.post):
        response = method(url("delete", unit.pk), follow=True)
        assert response.redirect_chain == [(url("list"), 302)]
        assert messages_of(response) == [HAS_CHILDREN_MESSAGE.format(name="Äldreomsorg")]
        assert HAS_CHILDREN_MESSAGE.format(name="Äldreomsorg") in response.content.decode()
    assert snapshot() == before


def test_bulk_deleting_a_unit_with_units_below_it_is_refused(admin_client, tree):
    before = snapshot()
    bulk_url = reverse(
        "wagtail_bulk_action",
        args=(OrganisationUnit._meta.app_label, OrganisationUnit._meta.model_name, "delete"),
    )
    ids = [tree["home_care"].pk, tree["admin"].pk]
    response = admin_client.post(f"{bulk_url}?id={ids[0]}&id={ids[1]}", follow=True)
    assert messages_of(response) == [HAS_CHILDREN_MESSAGE.format(name="Socialförvaltningen")]
    assert snapshot() == before


def test_deleting_a_leaf_unit_works(admin_client, tree):
    leaf, parent = tree["group_home"], tree["disability"]
    response = admin_client.post(url("delete", leaf.pk))
    assert response.status_code == 302
    assert not OrganisationUnit.objects.filter(pk=leaf.pk).exists()
    parent.refresh_from_db()
    assert parent.numchild == 0
    assert OrganisationUnit.objects.count() == 6
    # The area is now a leaf itself, so it can go too; the rest of the tree stays intact.
    response = admin_client.post(url("delete", parent.pk))
    assert response.status_code == 302
    assert not OrganisationUnit.objects.filter(pk=parent.pk).exists()
    assert rows(admin_client.get(url("list")).content.decode()) == tree_rows()
    assert len(tree_rows()) == 5


# Chooser


def chooser_url(name="choose"):
    return reverse(OrganisationUnit.snippet_viewset.chooser_viewset.get_url_name(name))


def test_chooser_lists_units_in_tree_order_with_indentation(admin_client, tree):
    make_unit(tree["elderly"], name="Hemtjänst Söder", code="AO-HTS")
    response = admin_client.get(chooser_url())
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert rows(html) == tree_rows()
    assert rows(html)[:3] == [
        (tree["board"].pk, 0, "Socialnämnden"),
        (tree["admin"].pk, 1, "Socialförvaltningen"),
        (tree["elderly"].pk, 2, "Äldreomsorg"),
    ]
    assert "Namn" in html


def test_chooser_results_keep_tree_order(admin_client, tree):
    response = admin_client.get(chooser_url("choose_results"), {"results_only": "true"})
    assert response.status_code == 200
    assert rows(response.content.decode()) == tree_rows()


# Permissions


def test_staff_without_admin_access_gets_no_listing(client, tree):
    client.force_login(make_user(username="personal", is_staff=True))
    response = client.get(url("list"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith(url("list"))
    final = client.get(url("list"), follow=True).content.decode()
    for unit in tree.values():
        assert unit.name not in final


def test_an_editor_without_snippet_permissions_gets_no_listing(client, tree):
    editors = Group.objects.create(name="Redaktörer utan register")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = make_user(username="redaktor", is_staff=True)
    user.groups.add(editors)
    client.force_login(user)
    for name, args in (("list", ()), ("add", ()), ("edit", (tree["admin"].pk,)), ("delete", (tree["home_care"].pk,))):
        response = client.get(url(name, *args))
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert not response["Location"].startswith(url("list"))
        final = client.get(url(name, *args), follow=True).content.decode()
        for unit in tree.values():
            assert unit.name not in final, (name, unit.name)
    # Nor can such a user change anything.
    before = snapshot()
    client.post(url("delete", tree["home_care"].pk))
    client.post(url("edit", tree["admin"].pk), form_data(tree["admin"], parent=None))
    assert snapshot() == before
