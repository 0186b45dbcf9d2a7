"""Admin viewsets for the registers edited as snippets; ``wagtail_hooks`` registers them."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import OrganisationUnit, QualityArea
from .forms import OrganisationUnitForm
from .indicators import IndicatorViewSet, MeasurementViewSet
from .legal_requirements import LegalRequirementViewSet, StatuteViewSet
from .regulation_parts import RegulationPartViewSet
from .views import (
    OrganisationUnitChooserViewSet,
    OrganisationUnitCreateView,
    OrganisationUnitEditView,
)


class OrganisationUnitViewSet(SnippetViewSet):
    """The organisation tree, listed in tree order with each unit indented under its parent."""

    model = OrganisationUnit
    #: Shown in the admin menu and page titles.
    menu_label = _("Organisation")
    icon = "group"
    add_view_class = OrganisationUnitCreateView
    edit_view_class = OrganisationUnitEditView
    chooser_viewset_class = OrganisationUnitChooserViewSet
    #: Tree order; sorting by another column would break the indentation.
    ordering = ["path"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["name", "kind", "code", "manager", "contact_email"]
    list_export = ["name", "code", "get_kind_display", "manager_name", "contact_email"]
    export_headings = {"get_kind_display": _("Kind"), "manager_name": _("Manager")}
    export_filename = "organisation"

    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("parent"),
            FieldPanel("code"),
            FieldPanel("manager"),
            FieldPanel("contact_email"),
        ],
        base_form_class=OrganisationUnitForm,
    )

    #: The name column is Wagtail's own title column (with row buttons); the others cannot
    #: be sorted, since any order but the tree's would break the indentation.
    list_display = [
        "tree_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key=None),
        Column("code", label=_("Code"), sort_key=None),
        Column("manager", label=_("Manager"), accessor="manager_name", sort_key=None),
        Column("contact_email", label=_("Contact email"), sort_key=None),
    ]

    def get_queryset(self, request):
        return OrganisationUnit.objects.for_listing()


class QualityAreaViewSet(SnippetViewSet):
    """The national quality areas, editable and orderable."""

    model = QualityArea
    menu_label = _("Quality areas")
    icon = "tick-inverse"
    list_display = ["name", "code"]
    search_fields = ["name", "code", "description"]
    sort_order_field = "sort_order"
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description")]


class QualityRegistersGroup(SnippetViewSetGroup):
    """The "Quality" menu that gathers the app's registers."""

    menu_label = _("Quality")
    menu_icon = "tick-inverse"
    menu_order = 250
    items = (
        OrganisationUnitViewSet,
        QualityAreaViewSet,
        LegalRequirementViewSet,
        StatuteViewSet,
        IndicatorViewSet,
        MeasurementViewSet,
        RegulationPartViewSet,
    )
