"""Filters for the routine listing staff use to find the routine that applies to them."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.organisation import OrganisationUnit
from ..models.quality_areas import QualityArea

SEARCH_LIMIT = 500


class UnitFilterField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Non-breaking spaces: a select collapses ordinary ones, and the tree must stay readable.
        return "\u00a0\u00a0\u00a0" * (obj.depth - 1) + obj.name


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitFilterField


class RoutineFilterSet(django_filters.FilterSet):
    """Filters a queryset of live routines; ``processes`` are the processes the reader can choose from."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    unit = UnitFilter(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.order_by("path"),
        empty_label=_("All units"),
        method="filter_unit",
    )
    process = django_filters.ModelChoiceFilter(
        label=_("Process"), queryset=None, empty_label=_("All processes"), method="filter_process"
    )
    quality_area = django_filters.ModelChoiceFilter(
        label=_("Quality area"),
        queryset=QualityArea.objects.all(),
        empty_label=_("All quality areas"),
        field_name="quality_areas",
    )

    def __init__(self, data=None, queryset=None, *, processes, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["process"].queryset = processes
        self.form.fields["q"].widget.input_type = "search"
        self.form.fields["q"].widget.attrs["autocomplete"] = "off"
        self.form.fields["q"].max_length = 200

    def filter_unit(self, queryset, name, unit):
        """Routines for the unit itself, for any unit above it, and those that apply everywhere."""
        reach = OrganisationUnit.objects.filter(
            path__in=[unit.path[:end] for end in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
        )
        return queryset.filter(Q(units__in=reach) | Q(units__isnull=True)).distinct()

    def filter_process(self, queryset, name, process):
        return queryset.child_of(process)

    def filter_search(self, queryset, name, value):
        """Wagtail search, by content, role names and steps, within what the other filters leave.

        The search backend cannot filter on many-to-many fields, so it searches all routines in
        reach and the other filters narrow the hits; the hits keep their order by relevance.
        """
        value = value.strip()
        if not value:
            return queryset
        hits = [page.pk for page in self.search_scope.search(value, operator="and")[:SEARCH_LIMIT]]
        self.relevance = {pk: position for position, pk in enumerate(hits)}
        return queryset.filter(pk__in=hits)

    relevance = None
    search_scope = None
