"""Admin filters for the indicator and measurement registers: unit (and the units below), frequency, period."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from ..goals.periods import Frequency
from ..models.indicators import Indicator, Measurement
from ..models.organisation import OrganisationUnit
from .routines import UnitFilterField


class UnitAndBelowFilter(django_filters.ModelChoiceFilter):
    """Rows of the chosen unit and of every unit below it.

    An administration's quality staff choosing the administration want its areas' and units'
    indicators and figures too; the tree path makes that one ``startswith`` on the unit's path.
    """

    field_class = UnitFilterField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


def units_in_tree_order(request=None):
    return OrganisationUnit.objects.order_by("path")


class IndicatorFilterSet(WagtailFilterSet):
    unit = UnitAndBelowFilter(
        label=_("Owning unit"), field_name="unit", queryset=units_in_tree_order, empty_label=_("All units")
    )
    frequency = django_filters.ChoiceFilter(
        label=_("Frequency"), choices=Frequency.choices, empty_label=_("Any frequency")
    )
    active = django_filters.BooleanFilter(label=_("Active"))
    has_kolada = django_filters.BooleanFilter(label=_("Has a Kolada KPI"), method="filter_has_kolada")

    class Meta:
        model = Indicator
        fields = []

    def filter_has_kolada(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(kolada_kpi="") if value else queryset.filter(kolada_kpi="")


class MeasurementFilterSet(WagtailFilterSet):
    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"), queryset=Indicator.objects.order_by("name", "pk"), empty_label=_("All indicators")
    )
    unit = UnitAndBelowFilter(
        label=_("Unit"), field_name="unit", queryset=units_in_tree_order, empty_label=_("All units")
    )
    period = django_filters.CharFilter(
        label=_("Period"), method="filter_period", help_text=_("E.g. 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03.")
    )
    frequency = django_filters.ChoiceFilter(
        label=_("Frequency"),
        field_name="indicator__frequency",
        choices=Frequency.choices,
        empty_label=_("Any frequency"),
    )

    class Meta:
        model = Measurement
        fields = []

    def filter_period(self, queryset, name, value):
        """Keys are stored upper-case (``2026-Q1``); accept what people type (``2026-q1``)."""
        value = value.strip().upper()
        return queryset.filter(period=value) if value else queryset
