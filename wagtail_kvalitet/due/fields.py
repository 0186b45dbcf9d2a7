"""The columns the due list reads, for ``QuerySet.only``: a thousand rows are cheaper to load without the rest.

Each source's ``get_items_for`` loads only what ``describe``, ``get_url``, ``get_unit`` and the
list's "who answers for it" column read; anything else would be a query per row, which the
constant-query tests catch.
"""

from django.contrib.auth import get_user_model

UNIT_FIELDS = ("name", "path", "depth", "manager")


def person_fields(prefix):
    """A person's name, e-mail and whether they are active, under the relation ``prefix``."""
    User = get_user_model()
    names = {User._meta.pk.attname, User.USERNAME_FIELD, "first_name", "last_name", "email", "is_active"}
    names &= {field.attname for field in User._meta.concrete_fields} | {User._meta.pk.attname}
    return [f"{prefix}__{name}" for name in sorted(names)]


def unit_fields(prefix, with_manager=True):
    fields = [f"{prefix}__{name}" for name in UNIT_FIELDS]
    return fields + person_fields(f"{prefix}__manager") if with_manager else fields


def people_by_pk(ids):
    """The people with these pks, one instance each however many rows point to them."""
    User = get_user_model()
    fields = [name.split("__", 1)[1] for name in person_fields("x")]
    return User.objects.only(*fields).in_bulk(set(ids) - {None})


def units_by_pk(ids):
    """The units with these pks and their managers, one instance each."""
    from ..models.organisation import OrganisationUnit

    fields = [*UNIT_FIELDS, *person_fields("manager")]
    return OrganisationUnit.objects.select_related("manager").only(*fields).in_bulk(set(ids) - {None})
