"""The legal requirement register in the admin: listing, filters, overdue marker and editing."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ..conf import kvalitet_settings
from ..exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from ..exports.legal_requirements import LegalRequirementExport
from ..filters.legal_requirements import UnitFilter
from ..models.legal_requirements import ComplianceStatus, LegalRequirement, Statute
from ..models.organisation import OrganisationUnit
from .legal_import import import_header_buttons, import_urlpatterns
from .legal_reviews import LegalRequirementEditView, review_list_buttons, review_urlpatterns, with_row_buttons
from .panels import ReviewHistoryPanel


def responsible_people(request=None):
    User = get_user_model()
    return User.objects.filter(legal_requirements__isnull=False).distinct().order_by(User.USERNAME_FIELD)


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ResponsibleFilter(django_filters.ModelChoiceFilter):
    field_class = ResponsibleChoiceField


REVIEW_OVERDUE = "overdue"
REVIEW_DUE = "due"


class LegalRequirementFilterSet(WagtailFilterSet):
    statute = django_filters.ModelChoiceFilter(
        label=_("Statute"), queryset=Statute.objects.all(), empty_label=_("All statutes")
    )
    unit = UnitFilter(
        label=_("Unit"), queryset=OrganisationUnit.objects.order_by("path"), empty_label=_("All units")
    )
    responsible_person = ResponsibleFilter(
        label=_("Responsible person"), queryset=responsible_people, empty_label=_("Anyone")
    )
    status = django_filters.ChoiceFilter(
        label=_("Compliance"), choices=ComplianceStatus.choices, empty_label=_("Any compliance")
    )
    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=[(REVIEW_OVERDUE, _("Overdue")), (REVIEW_DUE, _("Due soon or overdue"))],
        empty_label=_("Any review date"),
        method="filter_review",
    )

    class Meta:
        model = LegalRequirement
        fields = []

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == REVIEW_OVERDUE:
            return queryset.overdue(today)
        if value == REVIEW_DUE:
            soon = today + timezone.timedelta(days=kvalitet_settings.REVIEW_DUE_SOON_DAYS)
            return queryset.filter(next_review_due__lte=soon)
        return queryset


class LegalRequirementIndexView(IndexView):
    """The register's listing: Wagtail's own, with the formatted workbook export, the import
    button and the review buttons added by small overrides."""

    @cached_property
    def columns(self):
        return with_row_buttons(self, super().columns)

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + review_list_buttons(self, instance)

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *import_header_buttons(self)]

    def get_context_data(self, *args, **kwargs):
        if self.is_export:
            # A download needs only the rows: the listing's table and count would load every one.
            return {"object_list": self.object_list}
        return super().get_context_data(*args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def search_queryset(self, queryset):
        """Search the whole register and narrow the filtered list to the hits, in the listing's order.

        Wagtail would search inside the filtered list, which its search backends refuse for filters
        on fields they do not index (units, review dates); the command searches the same way.
        """
        return queryset.matching(self.search_query) if self.is_searching else queryset

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Both downloads from the app's one builder, with the listing's own filtered, searched, sorted rows."""
        export = LegalRequirementExport(queryset)
        if spreadsheet_format == self.FORMAT_CSV:
            return export.csv_response(self.get_filename())
        return export.response(self.get_filename())


class LegalRequirementViewSet(SnippetViewSet):
    """The register quality staff keep reviewed; every change is kept as a revision."""

    model = LegalRequirement
    index_view_class = LegalRequirementIndexView
    edit_view_class = LegalRequirementEditView
    menu_label = _("Legal requirements")
    icon = "doc-full-inverse"
    filterset_class = LegalRequirementFilterSet
    list_per_page = 50
    ordering = ["next_review_due", "statute__title", "reference", "pk"]
    #: The downloads' columns (``exports.legal_columns``); Wagtail shows the download buttons when it is set.
    list_export = [column.key for column in LEGAL_REQUIREMENT_COLUMNS]
    export_filename = _("legal-requirements")
    list_display = [
        TitleColumn("title", label=_("Requirement"), url_name="wagtailsnippets_wagtail_kvalitet_legalrequirement:edit"),
        Column("statute", label=_("Statute"), sort_key="statute__title"),
        Column("reference", label=_("Reference"), sort_key="reference"),
        Column("responsible_name", label=_("Responsible")),
        Column("get_status_display", label=_("Compliance"), sort_key="status"),
        Column("next_review_due", label=_("Next review due"), sort_key="next_review_due"),
        StatusTagColumn("overdue_marker", label=_("Review"), primary=lambda requirement: requirement.is_overdue),
    ]
    panels = [
        FieldRowPanel([FieldPanel("statute"), FieldPanel("reference")]),
        FieldPanel("title"),
        FieldPanel("demands"),
        FieldPanel("units", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("responsible_person"), FieldPanel("responsible_function")])],
            heading=_("Responsibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("how_met"), FieldPanel("routines"), FieldPanel("processes")],
            heading=_("How it is met"),
        ),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("review_interval_months"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")]
                )
            ],
            heading=_("Review"),
        ),
        FieldPanel("notes"),
        ReviewHistoryPanel(),
    ]

    def get_queryset(self, request):
        return LegalRequirement.objects.for_listing()

    def get_urlpatterns(self):
        """Wagtail's snippet URLs, plus the review and import views of the register."""
        return super().get_urlpatterns() + [
            *review_urlpatterns(self),
            *import_urlpatterns(self),
        ]


class StatuteViewSet(SnippetViewSet):
    model = Statute
    menu_label = _("Statutes")
    icon = "doc-full"
    list_display = ["title", "number", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "number"]
    panels = [FieldPanel("title"), FieldPanel("number"), FieldPanel("kind"), FieldPanel("url")]
