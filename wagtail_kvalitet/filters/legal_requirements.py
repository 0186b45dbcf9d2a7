"""Filters for the legal requirement list: the unit rule the admin register shares, and the staff page's filters."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.legal_requirements import LegalRequirement, Statute
from ..models.organisation import OrganisationUnit
from .routines import UnitFilterField


class UnitFilter(django_filters.ModelChoiceFilter):
    """Requirements for the unit, for any unit above it, and those that apply everywhere.

    A requirement set on the administration binds every unit below it, and one without units
    binds all of them, so a unit manager choosing their unit sees everything that applies there.
    The admin register and the staff page use this one filter, so they always agree.
    """

    field_class = UnitFilterField

    def filter(self, qs, value):
        if not value:
            return qs
        steplen = value.steplen
        above = [value.path[:end] for end in range(steplen, len(value.path) + 1, steplen)]
        return qs.filter(Q(units__path__in=above) | Q(units__isnull=True)).distinct()


def statutes_in_use(request=None):
    """Only statutes with requirements: choosing one that lists nothing would only puzzle the reader."""
    return Statute.objects.filter(requirements__isnull=False).distinct()


class LegalRequirementListFilterSet(django_filters.FilterSet):
    """What staff narrow the legal requirement list by: their unit, a statute, and words."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    unit = UnitFilter(label=_("Unit"), queryset=OrganisationUnit.objects.order_by("path"), empty_label=_("All units"))
    statute = django_filters.ModelChoiceFilter(
        label=_("Statute"), queryset=statutes_in_use, empty_label=_("All statutes")
    )

    class Meta:
        model = LegalRequirement
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        search = self.form.fields["q"]
        search.widget.input_type = "search"
        search.widget.attrs["autocomplete"] = "off"

    def filter_search(self, queryset, name, value):
        """Wagtail search over titles, references, what each demands and how it is met, and the statute.

        The search backend cannot filter on the units, so it searches the whole list and the other
        filters narrow the hits; the list keeps its order by statute and reference.
        """
        value = value.strip()
        if not value:
            return queryset
        return queryset.matching(value, partial_words=False)
