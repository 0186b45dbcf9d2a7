"""Fixtures for the inbox: a tree with handlers of one area and of another, and their cases."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.case_builders import make_case
from tests.conftest import make_user
from wagtail_kvalitet.models import CaseAccess, CaseKind


def grant(user, *codenames):
    """Give ``user`` admin access and the case permissions named ("view_feedbackcase", ...)."""
    permissions = [Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")]
    permissions += [
        Permission.objects.get(content_type__app_label="wagtail_kvalitet", codename=codename) for codename in codenames
    ]
    user.user_permissions.add(*permissions)
    return user


CASE_PERMISSIONS = ("view_feedbackcase", "change_feedbackcase", "add_feedbackcase")


def make_handler(*units, permissions=CASE_PERMISSIONS, **fields):
    """A staff user with the case permissions who handles ``units`` (and so the units below them)."""
    fields.setdefault("is_staff", True)
    user = grant(make_user(**fields), *permissions)
    for unit in units:
        CaseAccess.objects.create(user=user, unit=unit)
    return user


def url(action, case=None):
    name = f"wagtail_kvalitet_feedbackcase_modeladmin_{action}"
    return reverse(name, args=[case.pk]) if case is not None else reverse(name)


@pytest.fixture
def elderly_handler(tree):
    """Handles Äldreomsorg, and so its home care and nursing home too."""
    return make_handler(tree["elderly"], first_name="Eva", last_name="Ek")


@pytest.fixture
def disability_handler(tree):
    return make_handler(tree["disability"], first_name="Dan", last_name="Dal")


@pytest.fixture
def cases(tree):
    """One case in the area itself, one in a unit below it, one in the other area."""
    return {
        "elderly": make_case(tree["elderly"]),
        "home_care": make_case(tree["home_care"], kind=CaseKind.PRAISE),
        "group_home": make_case(tree["group_home"]),
    }
