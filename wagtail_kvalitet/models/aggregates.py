"""A string aggregate that runs on SQLite and PostgreSQL, for lists folded into one row in the database.

Django 5.2 has ``StringAgg`` only for PostgreSQL (Django 6.0 brings a portable one that can
replace this). Exports use it in correlated subqueries, so that a row's units or routines come
with the row itself instead of from a prefetch that holds every related row in memory.
"""

from django.db import models
from django.db.models import OuterRef, Subquery

#: Joins the values in the database; no real name or title contains it, and the export's safe
#: cells would strip it anyway. Callers split on it and order the parts themselves, since
#: GROUP_CONCAT on SQLite before 3.44 cannot order its input.
SEPARATOR = "\x1f"


class StringAgg(models.Aggregate):
    """The values of ``expression`` joined by ``SEPARATOR``, in no particular order."""

    function = "STRING_AGG"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, models.Value(SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def joined(queryset, link, field):
    """A correlated subquery: ``field`` of the rows of ``queryset`` whose ``link`` is the outer row, joined.

    ``link`` is the lookup from ``queryset``'s model back to the outer model, e.g.
    ``"legal_requirements"`` for the units of a requirement.
    """
    return Subquery(
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(joined=StringAgg(field))
        .values("joined"),
        output_field=models.TextField(),
    )


def split_joined(value):
    """The parts of a ``joined`` value, in alphabetical order."""
    if not value:
        return []
    return sorted(value.split(SEPARATOR), key=str.casefold)
