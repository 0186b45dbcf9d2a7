"""Reference numbers for cases (e.g. ``SYN-2026-00042``): unique and gap-free per prefix and year.

A complaint is a public record, and a registry that skips numbers invites the question of what
was removed. So numbers come from a counter row per prefix and year that is incremented inside the
same transaction that stores the case: concurrent submissions queue on the row (PostgreSQL's row
lock, SQLite's write lock), and a submission that rolls back gives its number back with it.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReferenceSequence(models.Model):
    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference number sequence")
        verbose_name_plural = _("reference number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="kvalitet_reference_sequence_unique")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


def format_reference(prefix, year, number):
    return f"{prefix}-{year}-{number:05d}"


def next_reference(prefix, year=None):
    """Take the next number for ``prefix`` in ``year`` (this year by default) and return the reference.

    Call it inside the transaction that stores the case; it opens one of its own if there is none.
    The UPDATE comes first, so the row is locked before it is read and no two callers see the same
    number. The first number of a year creates the row; if another caller created it at the same
    moment, the unique constraint refuses ours and we increment theirs.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        sequences = ReferenceSequence.objects.filter(prefix=prefix, year=year)
        if not sequences.update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():
                    ReferenceSequence.objects.create(prefix=prefix, year=year, last_number=1)
                return format_reference(prefix, year, 1)
            except IntegrityError:
                sequences.update(last_number=F("last_number") + 1)
        number = sequences.values_list("last_number", flat=True).get()
    return format_reference(prefix, year, number)
