"""The inbox's ModelAdmins: the cases, and who handles the cases of which units."""

from django import forms
from django.contrib import admin
from django.db.models import Value
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, PageChooserPanel
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin

from ..models.feedback import CaseAccess, FeedbackCase
from . import filters
from .forms import CaseHandlingForm, CaseRegistrationForm
from .permissions import VISIBLE_TO_ATTR, CaseAccessPermissionHelper, CasePermissionHelper
from .views import CaseCreateView, CaseEditView, CaseHistoryView, CaseIndexView, CaseInspectView, StrictIndexView

INBOX_CSS = "wagtail_kvalitet/css/inbox.css"


class ReadOnlyPanel(FieldPanel):
    """A field shown, not edited, with empty values and yes/no in words instead of "None" and "False"."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return super().format_value_for_display(value)


def read_only(*names):
    return [ReadOnlyPanel(name) for name in names]


#: What a handler sees and records. The sender's details and own words are read only: they are
#: what the sender said, and the record must show it unaltered.
HANDLING_PANELS = ObjectList(
    [
        MultiFieldPanel(
            read_only("reference", "kind", "channel", "unit", "received_at", "occurred_on", "description"),
            heading=_("The case"),
        ),
        MultiFieldPanel(
            read_only(
                "sender_type", "anonymous", "name", "email", "phone", "postal_address", "wants_answer", "contact_method"
            ),
            heading=_("Sender"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("handler")]),
                FieldPanel("receipt_sent"),
                FieldPanel("quality_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Handling"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("investigation"),
                FieldPanel("measures"),
                FieldPanel("answer"),
                PageChooserPanel(
                    "related_page", page_type=["wagtail_kvalitet.ProcessPage", "wagtail_kvalitet.RoutinePage"]
                ),
            ],
            heading=_("Investigation and measures"),
        ),
        MultiFieldPanel([FieldPanel("lex_sarah"), FieldPanel("lex_maria")], heading=_("Duty to report")),
        MultiFieldPanel(
            read_only("receipt_due_on", "answer_due_on", "acknowledged_at", "answered_at", "finished_at"),
            heading=_("Deadlines and dates"),
        ),
    ],
    base_form_class=CaseHandlingForm,
)

#: What staff write down when a case comes by phone, letter, email or a visit.
REGISTRATION_PANELS = ObjectList(
    [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("channel"), FieldPanel("kind")]),
                FieldPanel("unit"),
                FieldRowPanel([FieldPanel("received_at"), FieldPanel("occurred_on")]),
                FieldPanel("description"),
                FieldPanel("quality_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("The case"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sender_type"),
                FieldPanel("anonymous"),
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("postal_address"),
                FieldRowPanel([FieldPanel("wants_answer"), FieldPanel("contact_method")]),
            ],
            heading=_("Sender"),
        ),
    ],
    base_form_class=CaseRegistrationForm,
)


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class CaseButtonHelper(ButtonHelper):
    def add_button(self, classnames_add=None, classnames_exclude=None):
        button = super().add_button(classnames_add, classnames_exclude)
        button["label"] = gettext("Register case")
        button["title"] = gettext("Register a case that came by phone, letter, email or a visit")
        return button

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button["label"] = gettext("Read")
        return button

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        button["label"] = gettext("Handle")
        return button


class CaseAdmin(ModelAdmin):
    """The inbox: the cases a user may see, newest first, with overdue ones marked in words and colour."""

    model = FeedbackCase
    menu_label = _("Cases")
    menu_icon = "mail"
    #: Right after the "Quality" menu (250), which is a snippet group and cannot hold a ModelAdmin.
    menu_order = 251
    permission_helper_class = CasePermissionHelper
    button_helper_class = CaseButtonHelper
    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    edit_view_class = CaseEditView
    create_view_class = CaseCreateView
    history_view_class = CaseHistoryView
    inspect_view_enabled = True
    index_template_name = "wagtail_kvalitet/inbox/index.html"
    inspect_template_name = "wagtail_kvalitet/inbox/inspect.html"
    index_view_extra_css = [INBOX_CSS]
    inspect_view_extra_css = [INBOX_CSS]
    list_display = (
        "reference",
        "received",
        "kind_label",
        "unit",
        "status_tag",
        "handler_name",
        "receipt_due_on",
        "answer_due_on",
        "deadline_tag",
    )
    list_filter = (
        ("kind", filters.ChoicesFilter),
        filters.UnitFilter,
        ("status", filters.ChoicesFilter),
        ("quality_areas", filters.QualityAreaFilter),
        ("sender_type", filters.ChoicesFilter),
        filters.PeriodFilter,
        filters.ReceivedRangeFilter,
        filters.OverdueFilter,
    )
    #: The sender's name and contact details are not searched, so a search cannot find people.
    search_fields = ("reference", "description", "unit__name")
    ordering = ["-received_at", "-pk"]
    list_per_page = 50
    #: Setting it makes modeladmin show the download buttons; the columns are ``exports.cases``'.
    list_export = ("reference",)
    export_filename = "cases"
    inspect_view_fields = (
        "reference",
        "kind",
        "status",
        "channel",
        "unit",
        "received_at",
        "occurred_on",
        "description",
        "sender_type",
        "anonymous",
        "name",
        "email",
        "phone",
        "postal_address",
        "wants_answer",
        "contact_method",
        "handler",
        "quality_areas",
        "investigation",
        "measures",
        "answer",
        "related_page",
        "lex_sarah",
        "lex_maria",
        "receipt_due_on",
        "answer_due_on",
        "acknowledged_at",
        "answered_at",
        "finished_at",
        "registered_by",
    )
    edit_handler = HANDLING_PANELS
    registration_handler = REGISTRATION_PANELS

    def get_queryset(self, request):
        """The cases ``visible_to`` the user, with what a row shows, marked so row buttons need no query."""
        return (
            FeedbackCase.objects.visible_to(request.user)
            .select_related("unit", "handler")
            .annotate(**{VISIBLE_TO_ATTR: Value(request.user.pk)})
            .order_by(*self.ordering)
        )

    def get_extra_attrs_for_row(self, obj, context):
        return {"class": "kvalitet-case kvalitet-case--overdue"} if obj.is_overdue() else {"class": "kvalitet-case"}

    def register_indexing(self):
        """Not in Wagtail's reference index: a page's usage list would name cases to people who may not see them."""

    @admin.display(description=_("received"), ordering="received_at")
    def received(self, obj):
        return obj.received_at

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return obj.get_kind_display()

    @admin.display(description=_("status"), ordering="status")
    def status_tag(self, obj):
        return format_html('<span class="w-status">{}</span>', obj.get_status_display())

    @admin.display(description=_("handler"), ordering="handler__last_name")
    def handler_name(self, obj):
        return person_name(obj.handler)

    @admin.display(description=_("deadline"))
    def deadline_tag(self, obj):
        """Overdue in words and colour: the words say which deadline, the class gives the colour."""
        words = []
        if obj.is_receipt_overdue():
            words.append(gettext("Receipt overdue"))
        if obj.is_answer_overdue():
            words.append(gettext("Answer overdue"))
        if not words:
            return ""
        return format_html('<span class="w-status kvalitet-overdue">{}</span>', ", ".join(words))


class CaseAccessAdmin(ModelAdmin):
    """Which users handle the cases of which units (and so see them, and those of the units below)."""

    model = CaseAccess
    menu_label = _("Case handlers")
    menu_icon = "group"
    add_to_settings_menu = True
    permission_helper_class = CaseAccessPermissionHelper
    index_view_class = StrictIndexView
    list_display = ("user_name", "unit")
    list_filter = ("unit",)
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__name")
    ordering = ["unit__path", "user__username"]
    panels = [FieldPanel("user"), FieldPanel("unit")]

    def register_indexing(self):
        """Not in Wagtail's reference index, like the cases."""

    @admin.display(description=_("user"), ordering="user__username")
    def user_name(self, obj):
        return person_name(obj.user)
