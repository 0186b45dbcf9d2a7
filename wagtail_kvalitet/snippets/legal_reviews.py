"""Reviewing legal requirements in the admin: "Mark reviewed" for one requirement, and as a bulk action.

A review is an act with its own history, not an edit of the date fields, so it has its own form
and view rather than the edit form. Both paths end in ``LegalRequirement.mark_reviewed``, and
both ask the register's permission policy for "change" on each requirement.
"""

import copy
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import BaseObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView

from ..models.legal_requirements import ComplianceStatus, LegalRequirement
from .panels import review_history

#: The name of the review view's URL within the register's namespace.
REVIEW_VIEW_NAME = "mark_reviewed"
#: Long enough for a paragraph of findings; the history is not the place for a report.
COMMENT_MAX_LENGTH = 2000
#: The bulk form's outcome that leaves each requirement's compliance as it is.
KEEP_STATUS = "keep"

TEMPLATES = "wagtail_kvalitet/admin/legal_requirements/"


def review_url(requirement, next_url=""):
    """The review page of ``requirement``, coming back to ``next_url`` when done."""
    url = reverse(requirement.snippet_viewset.get_url_name(REVIEW_VIEW_NAME), args=[quote(requirement.pk)])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def comment_field():
    return forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the review found or changed, for the review history."),
    )


class ReviewForm(forms.Form):
    """One review of one requirement; its date may not be in the future or before the last review."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplianceStatus.choices)
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=AdminDateInput, initial=timezone.localdate)
    comment = comment_field()

    def __init__(self, *args, requirement, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.fields["outcome"].initial = requirement.status
        self.fields["outcome"].help_text = _("The compliance found by this review.")

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise forms.ValidationError(_("A review cannot be dated in the future."), code="future")
        last = self.requirement.last_reviewed
        if last and reviewed_on < last:
            raise forms.ValidationError(
                _("The last review was on %(date)s; a new review cannot be dated before it."),
                code="before_last_review",
                params={"date": date_format(last, "SHORT_DATE_FORMAT")},
            )
        return reviewed_on


class MarkReviewedView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """The review page: the requirement's key facts, its history, and the form to record a review."""

    model = LegalRequirement
    permission_required = "change"
    form_class = ReviewForm
    template_name = TEMPLATES + "mark_reviewed.html"
    page_title = _("Mark reviewed")
    header_icon = "calendar-check"
    index_url_name = None
    edit_url_name = None
    #: The facts shown above the form, by field or attribute name.
    fact_names = [
        "statute", "reference", "title", "demands", "units", "responsible_name", "how_met", "status",
        "review_interval_months", "last_reviewed", "next_review_due",
    ]

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_object_queryset(self):
        return LegalRequirement.objects.for_listing()

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": reverse(self.edit_url_name, args=[quote(self.object.pk)]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "requirement": self.object}

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(self.index_url_name)

    def get_facts(self):
        """``(label, value)`` pairs, labelled with the model's own field names."""
        requirement = self.object
        facts = []
        for name in self.fact_names:
            if name == "responsible_name":
                facts.append((_("Responsible"), requirement.responsible_name))
                continue
            label = capfirst(LegalRequirement._meta.get_field(name).verbose_name)
            if name == "units":
                value = ", ".join(unit.name for unit in requirement.units.all()) or _("All units")
            elif name == "status":
                value = requirement.get_status_display()
            else:
                value = getattr(requirement, name)
            if hasattr(value, "isoformat"):
                value = date_format(value, "SHORT_DATE_FORMAT")
                if name == "next_review_due" and requirement.is_overdue:
                    value = f"{value} ({requirement.overdue_marker})"
            facts.append((label, value))
        return facts

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            facts=self.get_facts(),
            reviews=review_history(self.object),
            action_url=self.request.get_full_path(),
            submit_button_label=_("Mark reviewed"),
            submit_button_active_label=_("Saving…"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        self.object.mark_reviewed(self.request.user, data["outcome"], comment=data["comment"], on=data["reviewed_on"])
        messages.success(
            self.request,
            gettext("'%(requirement)s' marked reviewed. The next review is due on %(date)s.")
            % {"requirement": self.object, "date": date_format(self.object.next_review_due, "SHORT_DATE_FORMAT")},
            buttons=[messages.button(reverse(self.edit_url_name, args=[quote(self.object.pk)]), gettext("Edit"))],
        )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.validation_error(self.request, gettext("The review could not be recorded due to errors."), form)
        return super().form_invalid(form)


def review_urlpatterns(viewset):
    """The review view's URL, added to the register's viewset."""
    view = viewset.construct_view(MarkReviewedView, **viewset.get_common_view_kwargs())
    return [path(f"review/<{viewset.pk_path_converter}:pk>/", view, name=REVIEW_VIEW_NAME)]


def review_list_buttons(index_view, requirement):
    """The listing row's "Mark reviewed", coming back to the listing with its filters and page."""
    if not index_view.user_has_permission_for_instance("change", requirement):
        return []
    listing = reverse(index_view.index_url_name)
    query = index_view.request.GET.urlencode()
    next_url = f"{listing}?{query}" if query else listing
    return [MenuItem(_("Mark reviewed"), review_url(requirement, next_url), icon_name="calendar-check", priority=15)]


def with_row_buttons(index_view, columns):
    """``columns`` with the register's own title column given the row buttons (Edit, Mark reviewed, Delete).

    Wagtail adds row buttons only to a title column it builds itself; the register declares its
    own to label it "Requirement", so this gives a copy of it the view's buttons, built with the
    same ``_get_title_column_class`` that Wagtail's user listing uses for its own title column.
    """
    result = []
    for column in columns:
        if isinstance(column, TitleColumn) and not isinstance(column, ButtonsColumnMixin):
            column = copy.copy(column)
            column.__class__ = index_view._get_title_column_class(type(column))
        result.append(column)
    return result


class LegalRequirementEditView(EditView):
    """Wagtail's snippet edit view, with "Mark reviewed" in the header beside the history panel."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission_for_instance("change", self.object):
            edit_url = reverse(self.edit_url_name, args=[quote(self.object.pk)])
            buttons.append(
                HeaderButton(_("Mark reviewed"), url=review_url(self.object, edit_url), icon_name="calendar-check")
            )
        return buttons


class BulkReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(KEEP_STATUS, _("Keep each requirement's current compliance")), *ComplianceStatus.choices],
        initial=KEEP_STATUS,
    )
    comment = comment_field()


class MarkReviewedBulkAction(SnippetBulkAction):
    """Reviews the selected requirements today with one comment, e.g. after a yearly walk-through.

    Only the legal requirement listing offers it. Requirements the user may not change are
    listed and left alone; a user who may change none is refused outright.
    """

    display_name = _("Mark reviewed")
    action_type = "mark_reviewed"
    aria_label = _("Mark the selected legal requirements reviewed")
    template_name = TEMPLATES + "confirm_bulk_review.html"
    action_priority = 10
    form_class = BulkReviewForm
    models = [LegalRequirement]
    refused = ()

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, requirement):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", requirement)

    def get_all_objects_in_listing_query(self, parent_id):
        """What the listing shows, when "select all" is used with its filters and search.

        The listing sends its own query string along; Wagtail's snippet bulk actions would take
        every requirement, so that "all overdue" would review the whole register. A filter that
        does not validate selects nothing rather than everything.
        """
        filterset = self.model.snippet_viewset.filterset_class(
            self.request.GET, queryset=self.model.objects.all(), request=self.request
        )
        if not filterset.is_valid():
            return []
        queryset = filterset.qs
        if query := self.request.GET.get("q", "").strip():
            queryset = queryset.matching(query)
        return list(queryset.values_list("pk", flat=True))

    def object_context(self, requirement):
        return {
            **super().object_context(requirement),
            "compliance": requirement.get_status_display(),
            "next_review_due": requirement.next_review_due,
            "overdue_marker": requirement.overdue_marker,
        }

    def prepare_action(self, objects, objects_without_access):
        self.refused = objects_without_access["items_with_no_access"]
        if not objects:
            messages.error(self.request, gettext("You may not review any of the selected legal requirements."))
            return redirect(self.next_url)

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        outcome = None if data["outcome"] == KEEP_STATUS else data["outcome"]
        return {**super().get_execution_context(), "user": self.request.user, "outcome": outcome,
                "comment": data["comment"]}

    @classmethod
    def execute_action(cls, objects, user=None, outcome=None, comment="", **kwargs):
        for requirement in objects:
            requirement.mark_reviewed(user, outcome, comment=comment)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d legal requirement marked reviewed.",
            "%(count)d legal requirements marked reviewed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.refused and response.status_code == 302 and self.actionable_objects:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d legal requirement was not reviewed: you may not change it.",
                    "%(count)d legal requirements were not reviewed: you may not change them.",
                    len(self.refused),
                ) % {"count": len(self.refused)},
            )
        return response
