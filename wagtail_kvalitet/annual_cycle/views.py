"""Marking an occurrence of an annual-cycle activity done, or undoing a mistaken mark.

A completion is follow-up data, not page content, so marking makes no page revision; it is logged
in Wagtail's audit log on the cycle page, so the page's history shows who marked what and when.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..log_actions import ACTIVITY_DONE
from ..models.annual_cycle import ActivityCompletion, AnnualActivity
from . import recurrence
from .forms import MarkDoneForm
from .occurrences import MarkPermission

UNDO = "undo"


class MarkDoneView(WagtailAdminTemplateMixin, FormView):
    form_class = MarkDoneForm
    template_name = "wagtail_kvalitet/admin/annual_cycle/mark_done.html"
    page_title = _("Mark done")
    header_icon = "calendar-check"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.activity = get_object_or_404(AnnualActivity.objects.select_related("page", "unit"), pk=kwargs["pk"])
        try:
            self.occurs_on = datetime.date.fromisoformat(kwargs["date"])
        except ValueError:
            raise Http404 from None
        if self.occurs_on not in recurrence.occurrences_in_year(self.activity, self.occurs_on.year):
            raise Http404
        self.page = self.activity.page

    def dispatch(self, request, *args, **kwargs):
        if not MarkPermission(request.user, self.page).allows(self.activity):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def completion(self):
        return ActivityCompletion.objects.filter(activity=self.activity, occurs_on=self.occurs_on).first()

    def get_page_subtitle(self):
        return f"{self.activity.name}, {date_format(self.occurs_on)}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_initial(self):
        if self.completion is not None:
            return {"done_on": self.completion.done_on, "note": self.completion.note}
        return super().get_initial()

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activity=self.activity,
            occurs_on=self.occurs_on,
            rule_text=recurrence.describe(self.activity),
            completion=self.completion,
            cycle_page=self.page,
            action_url=self.request.get_full_path(),
            next_url=get_valid_next_url_from_request(self.request),
            submit_button_label=_("Save") if self.completion else _("Mark done"),
            submit_button_active_label=_("Saving…"),
            undo_name=UNDO,
            **kwargs,
        )

    def _log(self, data):
        log(
            instance=self.page,
            action=ACTIVITY_DONE,
            user=self.request.user,
            data={"activity": self.activity.pk, "name": self.activity.name, "occurs_on": self.occurs_on.isoformat(),
                  **data},
        )

    def post(self, request, *args, **kwargs):
        if UNDO in request.POST:
            if self.completion is not None:
                self.completion.delete()
                self._log({"undone": True})
                messages.success(
                    request,
                    gettext("'%(name)s' on %(date)s is no longer marked done.")
                    % {"name": self.activity.name, "date": date_format(self.occurs_on)},
                )
            return redirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        completion, _created = ActivityCompletion.objects.update_or_create(
            activity=self.activity,
            occurs_on=self.occurs_on,
            defaults={"done_on": data["done_on"], "note": data["note"], "done_by": self.request.user},
        )
        self._log({"done_on": completion.done_on.isoformat(), "on_time": completion.on_time})
        messages.success(
            self.request,
            gettext("'%(name)s' on %(date)s marked done.")
            % {"name": self.activity.name, "date": date_format(self.occurs_on)},
        )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.validation_error(self.request, gettext("The activity could not be marked done due to errors."), form)
        return super().form_invalid(form)
