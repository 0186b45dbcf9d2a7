"""The indicator (nyckeltal) and measurement registers in the admin.

Figures are plain rows, not pages: saving one makes no revision and waits for no workflow. The
measurement listing links to the grid where a unit's figures for a period are entered at once.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..filters.indicators import IndicatorFilterSet, MeasurementFilterSet
from ..goals.periods import Period
from ..models.indicators import Indicator, Measurement
from ..models.organisation import OrganisationUnit
from .forms import user_label
from .measurement_grid import FIGURE_FIELDS, figure_field, grid_header_buttons, grid_urlpatterns
from .measurement_import import import_header_buttons, import_urlpatterns


class UnitTreeForm(WagtailAdminModelForm):
    """Shows the unit select as the indented tree editors know, in tree order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if unit is not None:
            unit.queryset = OrganisationUnit.objects.order_by("path")
            unit.label_from_instance = OrganisationUnit.get_indented_name


class IndicatorForm(UnitTreeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields.get("owner")
        if owner is not None:
            owner.label_from_instance = user_label


class MeasurementForm(UnitTreeForm):
    """Records who entered the figure; ``Measurement.clean`` checks the period against the indicator.

    Figures are read in the user's locale, so "12,5" is twelve and a half, as people write it here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIGURE_FIELDS:
            field = self.fields.get(name)
            if field is not None:
                self.fields[name] = figure_field(field.label)
                self.fields[name].help_text = field.help_text

    def save(self, commit=True):
        if self.for_user is not None:
            self.instance.entered_by = self.for_user
        return super().save(commit=commit)


def owner_name(indicator):
    return user_label(indicator.owner) if indicator.owner else ""


def period_label(measurement):
    try:
        return Period.parse(measurement.period).label
    except ValueError:
        return measurement.period


def entered_by_name(measurement):
    return user_label(measurement.entered_by) if measurement.entered_by else ""


class IndicatorViewSet(SnippetViewSet):
    """The key figures the goal chain is measured by, each owned by a unit."""

    model = Indicator
    menu_label = _("Indicators")
    icon = "table"
    filterset_class = IndicatorFilterSet
    search_fields = ["name", "code", "kolada_kpi"]
    #: Search by a plain database lookup: the listing is small and the code and KPI are exact strings.
    search_backend_name = None
    #: A final ``pk`` keeps pages stable when names repeat.
    ordering = ["name", "pk"]
    list_per_page = 50
    copy_view_enabled = False
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="wagtailsnippets_wagtail_kvalitet_indicator:edit"),
        Column("code", label=_("Code"), sort_key="code"),
        Column("unit_of_measure", label=_("Unit of measure")),
        Column("frequency", label=_("Frequency"), accessor="get_frequency_display", sort_key="frequency"),
        BooleanColumn("higher_is_better", label=_("Higher is better")),
        Column("unit", label=_("Owning unit"), sort_key="unit__path"),
        Column("owner", label=_("Responsible person"), accessor=owner_name),
        Column("kolada_kpi", label=_("Kolada KPI"), sort_key="kolada_kpi"),
        BooleanColumn("active", label=_("Active"), sort_key="active"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("unit_of_measure"), FieldPanel("frequency")]),
                    FieldPanel("higher_is_better"),
                    FieldPanel("definition"),
                ],
                heading=_("What is measured"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("unit"), FieldPanel("owner")])],
                heading=_("Responsibility"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("source"), FieldPanel("kolada_kpi")])],
                heading=_("Source"),
            ),
            FieldPanel("active"),
        ],
        base_form_class=IndicatorForm,
    )

    def get_queryset(self, request):
        return Indicator.objects.select_related("unit", "owner")


class MeasurementIndexView(IndexView):
    """Wagtail's listing with "Enter figures for a period" and "Import figures" in the header."""

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *grid_header_buttons(self), *import_header_buttons(self)]


class MeasurementViewSet(SnippetViewSet):
    """Single figures, for looking up and correcting; the grid enters a period's figures at once."""

    model = Measurement
    index_view_class = MeasurementIndexView
    menu_label = _("Measurements")
    icon = "list-ol"
    filterset_class = MeasurementFilterSet
    ordering = ["-period_end", "indicator__name", "unit__path", "pk"]
    list_per_page = 50
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "indicator",
            label=_("Indicator"),
            url_name="wagtailsnippets_wagtail_kvalitet_measurement:edit",
            sort_key="indicator__name",
        ),
        Column("unit", label=_("Unit"), sort_key="unit__path"),
        Column("period", label=_("Period"), accessor=period_label, sort_key="period_end"),
        Column("value", label=_("Value"), sort_key="value"),
        Column("value_women", label=_("Women")),
        Column("value_men", label=_("Men")),
        Column("entered_by", label=_("Entered by"), accessor=entered_by_name),
        Column("entered_at", label=_("Entered"), sort_key="entered_at"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("indicator"), FieldPanel("unit")]),
            FieldPanel("period", help_text=_("E.g. 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03.")),
            FieldRowPanel([FieldPanel("value"), FieldPanel("value_women"), FieldPanel("value_men")]),
            FieldPanel("comment"),
        ],
        base_form_class=MeasurementForm,
    )

    def get_queryset(self, request):
        return Measurement.objects.select_related("indicator", "unit", "entered_by")

    def get_urlpatterns(self):
        """Wagtail's snippet URLs, plus the grid for a period's figures and the import."""
        return super().get_urlpatterns() + grid_urlpatterns(self) + import_urlpatterns(self)
