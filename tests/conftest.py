"""Shared fixtures and small builders for the test suite."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from wagtail_kvalitet.models import OrganisationUnit, UnitKind

_codes = itertools.count(1)


def make_user(**kwargs):
    kwargs.setdefault("username", f"user{next(_codes)}")
    kwargs.setdefault("email", f"{kwargs['username']}@exempelvik.example")
    password = kwargs.pop("password", "secret-password")
    user = get_user_model().objects.create(**kwargs)
    user.set_password(password)
    user.save()
    return user


def make_unit(parent=None, **kwargs):
    """A unit added through treebeard, under ``parent`` or as a new root."""
    kwargs.setdefault("code", f"U{next(_codes)}")
    kwargs.setdefault("name", f"Enhet {kwargs['code']}")
    if parent is None:
        kwargs.setdefault("kind", UnitKind.BOARD)
        return OrganisationUnit.add_root(**kwargs)
    kwargs.setdefault("kind", UnitKind.UNIT)
    parent.refresh_from_db()
    return parent.add_child(**kwargs)


def make_tree():
    """A board with an administration, two areas and three units."""
    board = make_unit(name="Socialnämnden", code="SN", kind=UnitKind.BOARD)
    admin = make_unit(board, name="Socialförvaltningen", code="SF", kind=UnitKind.ADMINISTRATION)
    elderly = make_unit(admin, name="Äldreomsorg", code="AO", kind=UnitKind.AREA)
    disability = make_unit(admin, name="Funktionsstöd", code="FS", kind=UnitKind.AREA)
    return {
        "board": board,
        "admin": admin,
        "elderly": elderly,
        "disability": disability,
        "home_care": make_unit(elderly, name="Hemtjänst Norr", code="AO-HTN"),
        "nursing_home": make_unit(elderly, name="Tallgården", code="AO-TALL"),
        "group_home": make_unit(disability, name="Linden", code="FS-LIND"),
    }


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def superuser(db):
    return make_user(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def site_root(db):
    return Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
