"""The admin report of governing pages whose review is due soon or overdue.

SOSFS 2011:9 asks that governing documents be kept up to date; this report is where a quality
developer finds what needs reviewing next, and takes it to the document owners as a spreadsheet.
It is built on Wagtail's own report views, so it looks, filters and exports like the built-in ones.
"""

import datetime

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn, UserColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page, get_page_models
from wagtail.permissions import policy_registry

from ..conf import kvalitet_settings
from ..models.governance import GoverningPage, ReviewStatus
from ..models.organisation import OrganisationUnit

#: The statuses the report lists; current and unapproved pages have nothing to review yet.
REPORTED_STATUSES = [ReviewStatus.OVERDUE, ReviewStatus.DUE]

#: Who may see the report: anyone who can work on pages, as for Wagtail's "Aging pages".
PAGE_PERMISSIONS = ["add", "change", "publish"]


def review_window(today=None):
    """``(today, last day counted as due)``: the same limits as ``GoverningPage.review_status``."""
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=kvalitet_settings.REVIEW_DUE_SOON_DAYS)


def governing_content_types(request=None):
    """The page types under document control, for the type filter."""
    models = [model for model in get_page_models() if issubclass(model, GoverningPage) and model is not GoverningPage]
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return ContentType.objects.filter(pk__in=[content_type.pk for content_type in content_types.values()])


def document_owners(request=None):
    User = get_user_model()
    return User.objects.filter(owned_governing_pages__isnull=False).distinct().order_by(User.USERNAME_FIELD)


class UserChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class UnitChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """Indented names, as Wagtail shows collections, so the choices read as the organisation tree.

    Only the options are indented: the active-filter label uses the field's plain name.
    """

    def choice(self, obj):
        return (self.field.prepare_value(obj), obj.get_indented_name(html=True))


class UnitChoiceField(django_filters.fields.ModelChoiceField):
    iterator = UnitChoiceIterator


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit and every unit below it: an area manager answers for the documents of their units too."""

    field_class = UnitChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(responsible_unit__path__startswith=value.path)


class ReviewDueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in REPORTED_STATUSES],
        empty_label=_("Due or overdue"),
        method="filter_status",
    )
    document_owner = UserFilter(
        label=_("Document owner"),
        empty_label=_("Anyone"),
        queryset=document_owners,
    )
    responsible_unit = UnitFilter(
        label=_("Responsible unit"),
        empty_label=_("All units"),
        queryset=lambda request: OrganisationUnit.objects.order_by("path"),
    )
    content_type = ContentTypeFilter(label=_("Type"), queryset=governing_content_types)

    class Meta:
        model = GoverningPage
        fields = []

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == ReviewStatus.OVERDUE:
            return queryset.filter(review_by__lt=today)
        if value == ReviewStatus.DUE:
            return queryset.filter(review_by__gte=today)
        return queryset


def content_type_label(page):
    return get_content_type_label(page.content_type)


def content_type_label_or_blank(content_type):
    return get_content_type_label(content_type) if content_type else ""


def is_overdue(page):
    return page.report_status == ReviewStatus.OVERDUE


class ReviewDueView(ReportView):
    """Governing pages the user may edit whose review date has passed or falls within
    ``KVALITET_REVIEW_DUE_SOON_DAYS``, overdue first, then by review date.

    Pages that were never approved are left out: they have no review to be late with, and the
    approval workflow, not this report, is where they are followed up.
    """

    model = GoverningPage
    page_title = _("Pages due for review")
    header_icon = "calendar-check"
    index_url_name = "wagtail_kvalitet_reports:review_due"
    index_results_url_name = "wagtail_kvalitet_reports:review_due_results"
    filterset_class = ReviewDueFilterSet
    any_permission_required = PAGE_PERMISSIONS
    verbose_name_plural = _("pages due for review")

    columns = [
        TitleColumn("title", label=_("Title"), accessor="get_admin_display_title", url_name="wagtailadmin_pages:edit"),
        Column("content_type", label=_("Type"), accessor=content_type_label),
        UserColumn("document_owner", label=_("Document owner")),
        Column("responsible_unit", label=_("Responsible unit")),
        Column("approved_on", label=_("Approved on")),
        Column("review_by", label=_("Review by")),
        StatusTagColumn("status", label=_("Status"), accessor="report_status.label", primary=is_overdue),
    ]

    list_export = [
        "title",
        "content_type",
        "document_owner",
        "responsible_unit",
        "approved_on",
        "review_by",
        "report_status.label",
    ]
    export_headings = {
        "title": _("Title"),
        "content_type": _("Type"),
        "document_owner": _("Document owner"),
        "responsible_unit": _("Responsible unit"),
        "approved_on": _("Approved on"),
        "review_by": _("Review by"),
        "report_status.label": _("Status"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        as_label = {self.FORMAT_CSV: content_type_label_or_blank, self.FORMAT_XLSX: content_type_label_or_blank}
        as_name = {self.FORMAT_CSV: get_user_display_name, self.FORMAT_XLSX: get_user_display_name}
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "content_type": as_label,
            "document_owner": as_name,
        }

    @cached_property
    def permission_policy(self):
        # The report lists a page subclass, but page permissions are Wagtail's page policy's.
        return policy_registry.get_by_type(Page)

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_filename(self):
        return f"granskning-forfallna-sidor-{self.today:%Y-%m-%d}"

    def get_queryset(self):
        _today, last_due = review_window(self.today)
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        self.queryset = (
            GoverningPage.objects.filter(page_ptr__in=editable.values("pk"))
            .filter(approved_on__isnull=False, review_by__lte=last_due)
            .select_related("content_type", "document_owner__wagtail_userprofile", "responsible_unit")
            # Every overdue date lies before every due one, so this puts overdue pages first.
            .order_by("review_by", "path")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        # The listing and the export both read the status from here, counted from one "today".
        for page in object_list:
            page.report_status = page.review_status(self.today)
        return object_list


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, PAGE_PERMISSIONS)


def review_report_urls():
    """For the ``register_admin_urls`` hook."""
    patterns = [
        path("", ReviewDueView.as_view(), name="review_due"),
        path("results/", ReviewDueView.as_view(results_only=True), name="review_due_results"),
    ]
    return [path("kvalitet/reports/review-due/", include((patterns, "wagtail_kvalitet_reports")))]


def review_report_menu_item():
    """For the ``register_reports_menu_item`` hook: after Wagtail's "Aging pages"."""
    return ReviewDueMenuItem(
        _("Pages due for review"),
        reverse("wagtail_kvalitet_reports:review_due"),
        name="pages-due-for-review",
        icon_name="calendar-check",
        order=1150,
    )
