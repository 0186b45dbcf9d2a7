"""The inbox's list filters: Django admin list filters, as wagtail-modeladmin uses them.

Each filter takes its own parameter from the listing's query string, so the listing, the search
and the spreadsheet download narrow the cases in exactly the same way.
"""

import datetime

from django import forms
from django.contrib.admin import ListFilter, SimpleListFilter
from django.contrib.admin.filters import ChoicesFieldListFilter, RelatedFieldListFilter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.feedback import VIEW_ALL_CASES, CaseAccess
from ..models.organisation import OrganisationUnit

FILTER_TEMPLATE = "wagtail_kvalitet/inbox/filter.html"
NO_UNIT = "none"


class ChoicesFilter(ChoicesFieldListFilter):
    """A field's choices as links, under a heading of their own."""

    template = FILTER_TEMPLATE


class QualityAreaFilter(RelatedFieldListFilter):
    template = FILTER_TEMPLATE

    def field_choices(self, field, request, model_admin):
        return [(area.pk, area.name) for area in field.related_model.objects.order_by("sort_order", "name")]


def units_for(user):
    """The units whose cases ``user`` sees, in tree order: all for quality staff, else theirs and those below."""
    units = OrganisationUnit.objects.order_by("path")
    if user.is_superuser or user.has_perm(f"wagtail_kvalitet.{VIEW_ALL_CASES}"):
        return units
    paths = list(CaseAccess.objects.filter(user=user).values_list("unit__path", flat=True))
    if not paths:
        return units.none()
    from django.db.models import Q

    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


class UnitFilter(SimpleListFilter):
    """A unit and every unit below it: choosing an area lists the cases of all its units."""

    title = _("unit")
    parameter_name = "unit"
    template = FILTER_TEMPLATE

    def lookups(self, request, model_admin):
        units = list(units_for(request.user).only("pk", "name", "depth", "path"))
        self.units = {str(unit.pk): unit for unit in units}
        if not units:
            return []
        top = min(unit.depth for unit in units)
        choices = [(unit.pk, "\u2003" * (unit.depth - top) + unit.name) for unit in units]
        if request.user.is_superuser or request.user.has_perm(f"wagtail_kvalitet.{VIEW_ALL_CASES}"):
            choices.append((NO_UNIT, _("Unit not known")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == NO_UNIT:
            return queryset.filter(unit__isnull=True)
        unit = self.units.get(value)
        if unit is None:
            # Not one of the user's units: nothing, rather than a silent "all".
            return queryset.none()
        return queryset.filter(unit__path__startswith=unit.path)


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(period, today=None):
    """(first day, day after the last) of a named period, or None for an unknown name."""
    today = today or timezone.localdate()
    if period == "this_quarter":
        start = quarter_start(today)
        return start, add_months(start, 3)
    if period == "last_quarter":
        end = quarter_start(today)
        return add_months(end, -3), end
    if period == "this_year":
        return datetime.date(today.year, 1, 1), datetime.date(today.year + 1, 1, 1)
    if period == "last_year":
        return datetime.date(today.year - 1, 1, 1), datetime.date(today.year, 1, 1)
    return None


def received_between(queryset, start=None, end=None):
    """Cases received from ``start`` up to, not including, ``end``, as local dates."""
    tz = timezone.get_current_timezone()
    if start:
        queryset = queryset.filter(received_at__gte=datetime.datetime.combine(start, datetime.time.min, tz))
    if end:
        queryset = queryset.filter(received_at__lt=datetime.datetime.combine(end, datetime.time.min, tz))
    return queryset


class PeriodFilter(SimpleListFilter):
    title = _("received")
    parameter_name = "period"
    template = FILTER_TEMPLATE

    def lookups(self, request, model_admin):
        return [
            ("this_quarter", _("This quarter")),
            ("last_quarter", _("Last quarter")),
            ("this_year", _("This year")),
            ("last_year", _("Last year")),
        ]

    def queryset(self, request, queryset):
        bounds = period_bounds(self.value())
        return received_between(queryset, *bounds) if bounds else queryset


class DateRangeForm(forms.Form):
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", _("The end date must not be before the start date."))
        return cleaned


class ReceivedRangeFilter(ListFilter):
    """Received between two dates (both included); a date that cannot be read is shown with its error."""

    title = _("received between")
    template = "wagtail_kvalitet/inbox/date_range_filter.html"
    parameters = ("received_from", "received_to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        data = {}
        for name in self.parameters:
            if name in params:
                data[name] = params.pop(name)[-1]
                self.used_parameters[name] = data[name]
        self.form = DateRangeForm(data=data or None, auto_id="id_filter_%s")
        self.other_parameters = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in self.parameters and name not in ("p", "export")
            for value in values
        ]

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def choices(self, changelist):
        # The template renders a form, not links; these are the other filters to keep when it is sent.
        return [{"name": name, "value": value} for name, value in self.other_parameters]

    def queryset(self, request, queryset):
        if not self.used_parameters or not self.form.is_valid():
            return queryset
        start, end = self.form.cleaned_data["received_from"], self.form.cleaned_data["received_to"]
        return received_between(queryset, start, end + datetime.timedelta(days=1) if end else None)


class OverdueFilter(SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"
    template = FILTER_TEMPLATE

    def lookups(self, request, model_admin):
        return [
            ("any", _("Overdue")),
            ("receipt", _("Receipt overdue")),
            ("answer", _("Answer overdue")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.overdue()
        if value == "receipt":
            return queryset.receipt_overdue()
        if value == "answer":
            return queryset.answer_overdue()
        return queryset
