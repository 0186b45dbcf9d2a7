"""The grid where a unit's figures for one period are entered at once ("Enter figures for a period").

Entering figures one form at a time is slow when a unit reports a dozen indicators each quarter.
The grid shows a row per active indicator measured at the unit, pre-filled with the figures
already there, and saves every row in one transaction: either all rows are valid and saved, or
nothing is and each error stands next to its cell. A row left empty makes no figure; clearing an
existing figure is done in the measurement listing, so that a stray clear cannot delete data.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..filters.routines import UnitFilterField
from ..goals.periods import Frequency, Period
from ..models.indicators import VALUE_DECIMALS, VALUE_DIGITS, Indicator, Measurement
from ..models.organisation import OrganisationUnit

GRID_VIEW_NAME = "grid"
TEMPLATE = "wagtail_kvalitet/admin/indicators/measurement_grid.html"
#: The grid adds figures and changes others, so it needs both permissions.
REQUIRED_PERMISSIONS = ("add", "change")
#: The figures a row holds, in the order of the grid's columns.
FIGURE_FIELDS = ("value", "value_women", "value_men")


class GridChoiceForm(forms.Form):
    """Which unit and period the grid is for; read from the query string so the grid can be linked to."""

    unit = UnitFilterField(label=_("Unit"), queryset=OrganisationUnit.objects.order_by("path"))
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    period = forms.CharField(
        label=_("Period"), max_length=7, help_text=_("E.g. 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03.")
    )

    def clean(self):
        cleaned_data = super().clean()
        key, frequency = cleaned_data.get("period"), cleaned_data.get("frequency")
        if not key or not frequency:
            return cleaned_data
        try:
            period = Period.parse(key)
        except ValueError:
            self.add_error("period", _("Write the period as 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03."))
            return cleaned_data
        if period.frequency != frequency:
            self.add_error(
                "period",
                _("This is not a period of the chosen frequency (%(frequency)s).")
                % {"frequency": Frequency(frequency).label.lower()},
            )
            return cleaned_data
        cleaned_data["period"] = period
        return cleaned_data


def figure_field(label):
    return forms.DecimalField(
        label=label, required=False, max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, localize=True
    )


class GridRowForm(forms.Form):
    """One indicator's figures in the grid; its prefix names the indicator."""

    value = figure_field(_("Value"))
    value_women = figure_field(_("Women"))
    value_men = figure_field(_("Men"))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.TextInput)

    def __init__(self, *args, indicator, measurement=None, **kwargs):
        self.indicator, self.measurement = indicator, measurement
        if measurement is not None:
            kwargs["initial"] = {name: getattr(measurement, name) for name in (*FIGURE_FIELDS, "comment")}
        super().__init__(*args, prefix=f"indicator-{indicator.pk}", **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "kvalitet-grid-input"

    @property
    def is_empty(self):
        return all(self.cleaned_data.get(name) in (None, "") for name in (*FIGURE_FIELDS, "comment"))

    def clean(self):
        cleaned_data = super().clean()
        has_figure = any(cleaned_data.get(name) is not None for name in FIGURE_FIELDS)
        if not has_figure and cleaned_data.get("comment"):
            self.add_error("value", _("Enter a value."))
        return cleaned_data


def indicators_measured_at(unit, frequency):
    """Active indicators of ``frequency`` the unit owns or already has figures for, in one query."""
    return list(
        Indicator.objects.filter(active=True, frequency=frequency)
        .filter(Q(unit=unit) | Q(measurements__unit=unit))
        .distinct()
        .order_by("name", "pk")
    )


class MeasurementGridView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = TEMPLATE
    page_title = _("Enter figures for a period")
    header_icon = "table"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not all(self.user_has_permission(permission) for permission in REQUIRED_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(Measurement._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def choice_form(self):
        return GridChoiceForm(self.request.GET or None)

    def row_forms(self, data=None):
        """A form per indicator, with the unit's existing figures for the period: two queries in all."""
        unit = self.choice_form.cleaned_data["unit"]
        period = self.choice_form.cleaned_data["period"]
        indicators = indicators_measured_at(unit, period.frequency)
        existing = {
            measurement.indicator_id: measurement
            for measurement in Measurement.objects.filter(unit=unit, period=period.key, indicator__in=indicators)
        }
        return [
            GridRowForm(data, indicator=indicator, measurement=existing.get(indicator.pk)) for indicator in indicators
        ]

    def get(self, request, *args, **kwargs):
        rows = self.row_forms() if self.choice_form.is_valid() else None
        return self.render_to_response(self.get_context_data(rows=rows))

    def post(self, request, *args, **kwargs):
        if not self.choice_form.is_valid():
            return self.render_to_response(self.get_context_data(rows=None))
        rows = self.row_forms(request.POST)
        if not all(row.is_valid() for row in rows):
            messages.error(request, gettext("Nothing was saved. Correct the figures marked below."))
            return self.render_to_response(self.get_context_data(rows=rows), status=200)
        created, changed = self.save(rows)
        messages.success(request, self.success_message(created, changed))
        return redirect(request.get_full_path())

    def save(self, rows):
        """Add the new figures and change the edited ones in one transaction, in two statements."""
        unit = self.choice_form.cleaned_data["unit"]
        period = self.choice_form.cleaned_data["period"]
        user, now = self.request.user, timezone.now()
        new, edited = [], []
        for row in rows:
            figures = {name: row.cleaned_data[name] for name in (*FIGURE_FIELDS, "comment")}
            if row.measurement is None:
                if not row.is_empty:
                    new.append(Measurement.build(row.indicator, unit, period, entered_by=user, **figures))
            elif row.has_changed() and not row.is_empty:
                for name, value in figures.items():
                    setattr(row.measurement, name, value)
                row.measurement.entered_by, row.measurement.entered_at = user, now
                edited.append(row.measurement)
        with transaction.atomic():
            Measurement.objects.bulk_create(new)
            Measurement.objects.bulk_update(edited, [*FIGURE_FIELDS, "comment", "entered_by", "entered_at"])
        return len(new), len(edited)

    def success_message(self, created, changed):
        if not created and not changed:
            return gettext("No figures were changed.")
        parts = []
        if created:
            parts.append(ngettext("Added %(count)d figure.", "Added %(count)d figures.", created) % {"count": created})
        if changed:
            parts.append(
                ngettext("Changed %(count)d figure.", "Changed %(count)d figures.", changed) % {"count": changed}
            )
        return " ".join(parts)

    def get_context_data(self, **kwargs):
        form = self.choice_form
        context = super().get_context_data(choice_form=form, index_url=reverse(self.index_url_name), **kwargs)
        if form.is_bound and form.is_valid():
            context["unit"] = form.cleaned_data["unit"]
            context["period"] = form.cleaned_data["period"]
            context["action_url"] = self.request.get_full_path()
        return context


def grid_url(unit=None, period=None):
    """The grid's URL, optionally opened at a unit and period (a ``Period``)."""
    url = reverse(Measurement.snippet_viewset.get_url_name(GRID_VIEW_NAME))
    if unit is not None and period is not None:
        url += "?" + urlencode({"unit": unit.pk, "frequency": period.frequency, "period": period.key})
    return url


def grid_urlpatterns(viewset):
    """The grid's URL, added to the measurement viewset."""
    # The common kwargs carry no permission policy, and without one every permission check passes.
    view = viewset.construct_view(
        MeasurementGridView, **viewset.get_common_view_kwargs(), permission_policy=viewset.permission_policy
    )
    return [path("grid/", view, name=GRID_VIEW_NAME)]


def grid_header_buttons(index_view):
    """The measurement listing's "Enter figures for a period", for those who may add and change figures."""
    if not all(index_view.user_has_permission(permission) for permission in REQUIRED_PERMISSIONS):
        return []
    return [Button(_("Enter figures for a period"), url=grid_url(), icon_name="table", priority=60)]
