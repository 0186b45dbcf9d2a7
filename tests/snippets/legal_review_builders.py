"""Builders for the review tests (statutes, requirements, admin users with given register permissions),
and readers of what the admin answered: its messages and the bulk action's address."""

import itertools
import re
from html import unescape

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user
from wagtail_kvalitet.models import LegalRequirement, Statute

_numbers = itertools.count(1)


def make_statute(**fields):
    fields.setdefault("title", f"Författning {next(_numbers)}")
    fields.setdefault("number", f"2025:{next(_numbers)}")
    return Statute.objects.create(**fields)


def make_requirement(**fields):
    fields.setdefault("statute", make_statute())
    fields.setdefault("title", f"Lagkrav {next(_numbers)}")
    fields.setdefault("demands", "Vi dokumenterar insatserna i Exempelvik.")
    return LegalRequirement.objects.create(**fields)


def make_admin_user(*actions, **fields):
    """A staff user who may use the admin and do ``actions`` ("view", "change", ...) on the register."""
    fields.setdefault("is_staff", True)
    user = make_user(**fields)
    permissions = [Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")]
    permissions += [
        Permission.objects.get(content_type__app_label="wagtail_kvalitet", codename=f"{action}_legalrequirement")
        for action in actions
    ]
    user.user_permissions.add(*permissions)
    return user


def bulk_url(requirements, **params):
    query = "&".join([f"id={item.pk}" for item in requirements] + [f"{key}={value}" for key, value in params.items()])
    return reverse("wagtail_bulk_action", args=("wagtail_kvalitet", "legalrequirement", "mark_reviewed")) + "?" + query


def message_texts(response):
    """The admin messages queued by the request, as plain text."""
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", str(message))).split())
        for message in get_messages(response.wsgi_request)
    ]


def swedish(singular, plural=None, count=None):
    """A message as the admin shows it, in the site's language, with ``%(count)d`` filled in."""
    with translation.override("sv"):
        if plural is None:
            return translation.gettext(singular)
        return translation.ngettext(singular, plural, count) % {"count": count}
