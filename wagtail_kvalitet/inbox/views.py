"""wagtail-modeladmin's views for cases, narrowed to the cases ``visible_to`` the user and audited.

modeladmin fetches a case by its pk from the whole table; every view of one case here fetches it
again through the inbox's queryset, so a case the user may not see is "not found", whatever view
is asked for. Reading and exporting are written to the audit log; every change is logged with
the fields it changed.
"""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail_modeladmin.templatetags.modeladmin_tags import results
from wagtail_modeladmin.views import CreateView, EditView, HistoryView, IndexView, InspectView

from ..exports.cases import CaseExport
from ..feedback.intake import receive_case
from ..log_actions import CASE_EDITED, CASE_REGISTERED, CASE_STATUS
from ..models.feedback import FeedbackCase
from .audit import export_filters, log_export, log_viewed
from .permissions import mark_visible

#: Fields whose old and new values the log keeps (ids, codes, flags and dates: never personal data).
LOGGED_VALUES = (
    "status",
    "handler",
    "related_page",
    "lex_sarah",
    "lex_maria",
    "acknowledged_at",
    "answered_at",
    "finished_at",
    "quality_areas",
)
#: Free text a handler writes; it may name people, so the log says only that it changed.
LOGGED_TEXTS = ("investigation", "measures", "answer")


def snapshot(case):
    """The logged fields' values, as JSON can hold them."""
    values = {}
    for name in LOGGED_VALUES:
        if name == "quality_areas":
            values[name] = sorted(case.quality_areas.values_list("code", flat=True)) if case.pk else []
            continue
        field = FeedbackCase._meta.get_field(name)
        value = getattr(case, field.attname)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    values.update({name: getattr(case, name) for name in LOGGED_TEXTS})
    return values


def changes(before, after):
    """The log data for a save: ``{"changed": {field: [old, new]}, "text_changed": [field, ...]}``."""
    data = {}
    changed = {name: [before[name], after[name]] for name in LOGGED_VALUES if before[name] != after[name]}
    texts = [name for name in LOGGED_TEXTS if before[name] != after[name]]
    if changed:
        data["changed"] = changed
    if texts:
        data["text_changed"] = texts
    return data


class StrictIndexView(IndexView):
    """modeladmin's listing, taking only the parameters its declared filters use.

    modeladmin (unlike Django's admin, which has ``lookup_allowed``) passes any other parameter
    straight to ``filter()``: ``?handler__password__startswith=…`` would let a user probe other
    users' password hashes, and ``?name__icontains=…`` would search the senders' names. Anything
    left over after the filters have taken theirs is refused with a message.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, _("The filters in the address could not be read, so all are shown."))
            return redirect(self.url_helper.index_url)

    def get_filters(self, request):
        filter_specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if remaining:
            raise IncorrectLookupParameters(f"Not a filter of this listing: {', '.join(sorted(remaining))}")
        return filter_specs, has_filters, remaining, use_distinct


class CaseIndexView(StrictIndexView):
    """The inbox listing, with the app's own workbook for its downloads."""

    def get_context_data(self, **kwargs):
        """modeladmin's context, with the table's headers and rows made here so the template can add a caption."""
        context = super().get_context_data(**kwargs)
        context["result_headers"] = list(result_headers(self))
        context["results"] = list(results(self, context["object_list"], self.request))
        return context

    def get_filename(self):
        return f"{_('cases')}-{timezone.localdate():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The listing's own filtered, searched cases; the export is logged in each case's history first."""
        log_export(
            queryset,
            self.request.user,
            filters=export_filters(self.request),
            file_format=spreadsheet_format,
        )
        export = CaseExport(queryset)
        if spreadsheet_format == self.FORMAT_CSV:
            return export.csv_response(self.get_filename())
        return export.response(self.get_filename())


class VisibleCaseMixin:
    """Fetch the case through the inbox's queryset: a case the user may not see is not found."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.instance = self.model_admin.get_queryset(request).get(pk=self.instance_pk)
        except (FeedbackCase.DoesNotExist, ValueError, ValidationError) as error:
            raise Http404 from error
        mark_visible(self.instance, request.user)
        return super().dispatch(request, *args, **kwargs)


class CaseInspectView(VisibleCaseMixin, InspectView):
    def get(self, request, *args, **kwargs):
        log_viewed(self.instance, request.user, "inspect")
        return super().get(request, *args, **kwargs)

    def get_field_display_value(self, field_name, field=None):
        value = getattr(self.instance, field_name, None)
        if field_name in ("handler", "registered_by"):
            return (
                (value.get_full_name() or value.get_username()) if value else self.model_admin.get_empty_value_display()
            )
        if field_name == "status":
            return self.instance.get_status_display()
        # modeladmin shows dates as stored (in UTC) and flags as "True"/"False"; a handler reads
        # local time in the site's format, and yes or no.
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.instance
        context.update(
            {
                "case": case,
                "receipt_overdue": case.is_receipt_overdue(),
                "answer_overdue": case.is_answer_overdue(),
                "history_url": self.url_helper.get_action_url("history", quote(case.pk)),
            }
        )
        return context


class CaseEditView(VisibleCaseMixin, EditView):
    """Handling a case: every save that changes something is one log entry naming what changed."""

    def dispatch(self, request, *args, **kwargs):
        self.before = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        log_viewed(self.instance, request.user, "edit")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Before the form writes its values into the instance.
        self.before = snapshot(self.instance)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return self.url_helper.get_action_url("edit", quote(self.instance.pk))

    def form_valid(self, form):
        with transaction.atomic():
            self.instance = form.save()
            data = changes(self.before, snapshot(self.instance))
            if data:
                action = CASE_STATUS if "status" in data.get("changed", {}) else CASE_EDITED
                log(instance=self.instance, action=action, user=self.request.user, data=data, content_changed=True)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())


class CaseCreateView(CreateView):
    """Registering a case that came another way than the web form; stored by ``receive_case`` like all cases."""

    def get_page_title(self):
        return _("Register case")

    def get_meta_title(self):
        return _("Register case")

    def get_edit_handler(self):
        return self.model_admin.registration_handler.bind_to_model(self.model_admin.model)

    def form_valid(self, form):
        with transaction.atomic():
            case = receive_case(
                kind=form.cleaned_data["kind"],
                channel=form.cleaned_data["channel"],
                registered_by=self.request.user,
                quality_areas=form.cleaned_data.get("quality_areas") or (),
                **form.case_fields(),
            )
            log(
                instance=case,
                action=CASE_REGISTERED,
                user=self.request.user,
                data={"kind": case.kind, "channel": case.channel, "unit": case.unit_id},
            )
        self.instance = case
        messages.success(self.request, _("Case %(reference)s registered.") % {"reference": case.reference})
        if self.permission_helper.user_can_edit_obj(self.request.user, case):
            return redirect(self.url_helper.get_action_url("edit", quote(case.pk)))
        return redirect(self.index_url)

    def get_error_message(self):
        return _("The case could not be registered. Correct the fields marked below; nothing you wrote is lost.")


class CaseHistoryView(VisibleCaseMixin, HistoryView):
    def check_action_permitted(self, user):
        helper = self.permission_helper
        return helper.user_can_inspect_obj(user, self.instance) or helper.user_can_edit_obj(user, self.instance)
