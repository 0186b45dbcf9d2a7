"""Turning spreadsheet cells into the register's values: text, numbers, dates, choices and names of things.

A spreadsheet holds what people typed, so every cell is checked and a bad one gives a message that
says what to write instead. Names are matched without regard to case or spacing, in Python rather than
with the database's ``LOWER()``, which on SQLite leaves "Å", "Ä" and "Ö" alone.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import ComplianceStatus, OrganisationUnit
from .sheets import split_list

MIN_INTERVAL_MONTHS = 1
MAX_INTERVAL_MONTHS = 120
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def normalise(text):
    """Text as compared when matching names: spacing collapsed, case folded."""
    return " ".join(str(text).split()).casefold() if text not in (None, "") else ""


def is_empty(value):
    return value is None or value == "" or value == []


def whole_number(value):
    """``value`` as an int if it is a whole number (Excel stores 12 as 12.0), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        return int(value)
    return None


def clean_id(value):
    if value is None:
        return None
    number = whole_number(value)
    if number is None or number < 1:
        raise ValidationError(_("The ID must be a whole number. Leave it empty to add a new requirement."))
    return number


def clean_text(value, max_length=None):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        text = value.isoformat()
    elif whole_number(value) is not None and not isinstance(value, str):
        text = str(whole_number(value))
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length and len(text) > max_length:
        raise ValidationError(
            _("At most %(max)s characters are allowed; this cell has %(length)s.")
            % {"max": max_length, "length": len(text)}
        )
    return text


def status_lookup():
    lookup = {}
    for language in [None] + [code for code, _name in settings.LANGUAGES] + [translation.get_language()]:
        with translation.override(language):
            for value, label in ComplianceStatus.choices:
                lookup[normalise(label)] = value
    for value in ComplianceStatus.values:
        lookup[normalise(value)] = value
    return lookup


def clean_status(value):
    if value is None:
        return None
    status = status_lookup().get(normalise(value))
    if status is None:
        raise ValidationError(
            _("Unknown compliance “%(value)s”. Write one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for label in ComplianceStatus.labels)}
        )
    return status


def clean_interval(value):
    if value is None:
        return None
    number = whole_number(value)
    if number is None or not MIN_INTERVAL_MONTHS <= number <= MAX_INTERVAL_MONTHS:
        raise ValidationError(
            _("Write the review interval as a whole number of months from %(min)s to %(max)s.")
            % {"min": MIN_INTERVAL_MONTHS, "max": MAX_INTERVAL_MONTHS}
        )
    return number


def clean_date(value):
    """A date cell, or text written YYYY-MM-DD: the one way of writing a date that cannot be misread."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value).strip()[:10]) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("Write the date as YYYY-MM-DD, e.g. 2026-03-01."))
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(_("The date %(date)s looks mistyped.") % {"date": day.isoformat()})
    return day


def has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def person_name(user):
    return user.get_full_name() or user.get_username()


def display(value):
    """A value as the dry-run report shows it."""
    if is_empty(value):
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(display(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model) and hasattr(value, "get_username"):
        return person_name(value)
    return str(value)


def identity(value):
    """A value as a JSON-able key that does not depend on language: ids for objects."""
    if is_empty(value):
        return None
    if isinstance(value, list | tuple):
        return sorted(identity(item) for item in value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, NewStatute):
        return ["new", normalise(value.title), normalise(value.number)]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def same_value(old, new):
    if is_empty(old) and is_empty(new):
        return True
    if isinstance(old, str) or isinstance(new, str):
        return clean_text(old) == clean_text(new)
    return identity(old) == identity(new)


@dataclass(frozen=True)
class NewStatute:
    """A statute the import will add, named in the plan before it exists."""

    title: str
    number: str

    def __str__(self):
        return f"{self.title} ({self.number})" if self.number else self.title


class StatuteLookup:
    """Statutes by title and number; an unknown pair becomes one ``NewStatute``, however many rows name it."""

    def __init__(self, statutes):
        self.by_key, self.by_title, self.pending = {}, {}, {}
        for statute in statutes:
            self.by_key.setdefault((normalise(statute.title), normalise(statute.number)), []).append(statute)
            self.by_title.setdefault(normalise(statute.title), []).append(statute)

    def resolve(self, title, number):
        from ..models import Statute

        title = clean_text(title, Statute._meta.get_field("title").max_length)
        number = clean_text(number, Statute._meta.get_field("number").max_length)
        if not title:
            raise ValidationError(_("Give the statute's title."))
        if number:
            key = (normalise(title), normalise(number))
            matches = self.by_key.get(key, [])
            if len(matches) > 1:
                matches = [statute for statute in matches if (statute.title, statute.number) == (title, number)]
            if len(matches) == 1:
                return matches[0]
            return self.pending.setdefault(key, NewStatute(title, number))
        matches = self.by_title.get(normalise(title), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("Several statutes are called “%(title)s”. Give the number too, to say which.") % {"title": title}
            )
        raise ValidationError(
            _("There is no statute called “%(title)s”. Give its number too, and it will be added.") % {"title": title}
        )

    def new_statutes(self, values):
        """The new statutes among ``values``, once each, in order."""
        seen = []
        for value in values:
            if isinstance(value, NewStatute) and value not in seen:
                seen.append(value)
        return seen


def unique(items):
    return list(dict.fromkeys(items))


def prefer_current(candidates, current, key=lambda pk: pk):
    """Of several things with the same name, the one the requirement already has.

    An exported list names units, people and pages; when two share a name, the row still
    round-trips as long as it names what the requirement is linked to now.
    """
    if len(candidates) > 1:
        linked = [candidate for candidate in candidates if key(candidate) in current]
        if len(linked) == 1:
            return linked
    return candidates


class UnitLookup:
    """Units by code (unique) or by name (which two units may share)."""

    def __init__(self):
        self.by_code, self.by_name = {}, {}
        for unit in OrganisationUnit.objects.order_by("path"):
            self.by_code[normalise(unit.code)] = unit
            self.by_name.setdefault(normalise(unit.name), []).append(unit)

    def resolve_all(self, value, current=()):
        units, problems = [], []
        for part in split_list(value):
            key = normalise(part)
            names = prefer_current(self.by_name.get(key, []), {unit.pk for unit in current}, key=lambda unit: unit.pk)
            if key in self.by_code:
                units.append(self.by_code[key])
            elif len(names) == 1:
                units.append(names[0])
            elif names:
                problems.append(_("Several units are called “%(name)s”; write its code instead.") % {"name": part})
            else:
                problems.append(_("There is no unit with the name or code “%(name)s”.") % {"name": part})
        if problems:
            raise ValidationError(problems)
        return unique(units)


class PersonLookup:
    """People by username, email address or full name, also written as "Full Name (username)".

    Only the people named in the sheet are loaded as objects; the names are matched in Python.
    """

    PARENTHESISED_USERNAME = re.compile(r"^(?P<name>.*?)\s*\((?P<username>[^()]+)\)$")

    def __init__(self, values):
        User = get_user_model()
        email_field = User.get_email_field_name()
        # A custom user model may lack all but the username; match by the fields it has.
        fields = [
            name for name in (User.USERNAME_FIELD, email_field, "first_name", "last_name") if has_field(User, name)
        ]
        wanted = {normalise(value) for value in values if value is not None}
        for value in list(wanted):
            if match := self.PARENTHESISED_USERNAME.match(value):
                wanted.add(match["username"].strip())
        self.by_username, self.by_email, self.by_name = {}, {}, {}
        found = set()
        for pk, *row in User.objects.values_list("pk", *fields).iterator():
            person = dict(zip(fields, row, strict=True))
            full_name = " ".join(person.get(name) or "" for name in ("first_name", "last_name"))
            keys = (normalise(person[User.USERNAME_FIELD]), normalise(person.get(email_field)), normalise(full_name))
            if wanted.isdisjoint(keys):
                continue
            found.add(pk)
            self.by_username[keys[0]] = pk
            if keys[1]:
                self.by_email.setdefault(keys[1], []).append(pk)
            if keys[2]:
                self.by_name.setdefault(keys[2], []).append(pk)
        self.users = User.objects.in_bulk(found)

    def resolve(self, value, current=None):
        if value is None:
            return None
        key = normalise(value)
        match = self.PARENTHESISED_USERNAME.match(key)
        if key in self.by_username:
            return self.users[self.by_username[key]]
        if match and match["username"].strip() in self.by_username:
            return self.users[self.by_username[match["username"].strip()]]
        for candidates in (self.by_email.get(key, []), self.by_name.get(key, [])):
            candidates = prefer_current(candidates, {current.pk} if current else set())
            if len(candidates) == 1:
                return self.users[candidates[0]]
            if candidates:
                raise ValidationError(
                    _("Several people are called “%(name)s”; write the username or email address instead.")
                    % {"name": value}
                )
        raise ValidationError(
            _("No user has the username, email address or name “%(name)s”.") % {"name": value}
        )


class PageLookup:
    """Pages of one type by title, or by page ID for titles that two pages share."""

    def __init__(self, model, values, unknown_message, ambiguous_message):
        #: Messages with a ``%(title)s`` placeholder, worded for the page type.
        self.unknown_message, self.ambiguous_message = unknown_message, ambiguous_message
        self.by_title = {}
        pks = set()
        for pk, title in model.objects.values_list("pk", "title"):
            self.by_title.setdefault(normalise(title), []).append(pk)
            pks.add(pk)
        wanted = set()
        for value in values:
            for part in split_list(value):
                number = whole_number(part)
                wanted.update([number] if number in pks else self.by_title.get(normalise(part), []))
        self.pages = model.objects.in_bulk(wanted)

    def resolve_all(self, value, current=()):
        pages, problems = [], []
        for part in split_list(value):
            number = whole_number(part)
            candidates = [number] if number in self.pages else self.by_title.get(normalise(part), [])
            candidates = prefer_current(candidates, {page.pk for page in current})
            if len(candidates) == 1:
                pages.append(self.pages[candidates[0]])
            else:
                problems.append((self.ambiguous_message if candidates else self.unknown_message) % {"title": part})
        if problems:
            raise ValidationError(problems)
        return unique(pages)
