"""The board's compilation of cases (sammanställning till nämnden) per quarter or any period.

SOSFS 2011:9 asks that complaints and improvement ideas be compiled and analysed for trends; the
board is shown them quarterly. This admin report counts the cases of a period by unit, kind,
sender, quality area and channel beside the previous period, shows how well the deadlines were
kept and the measures taken, prints on A4 for the board's papers and downloads as a workbook.
It only ever counts the cases the user may see (``FeedbackCase.objects.visible_to``).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..exports.case_report import CaseReportExport
from ..log_actions import CASE_COMPILATION_RECORDED
from ..models.feedback import FeedbackCase
from ..models.self_assessment import CaseCompilation
from .case_statistics import MEASURES_LIMIT, CaseStatistics
from .charts import bar_chart
from .periods import CaseReportPeriodForm

#: Who may open the report: anyone who may view cases; what they see is then limited to their units.
REQUIRED_PERMISSION = "wagtail_kvalitet.view_feedbackcase"
#: The audit log action of a download; registered in ``log_actions``.
EXPORT_ACTION = "wagtail_kvalitet.cases_report_exported"
NAMESPACE = "wagtail_kvalitet_case_report"
#: Who may record that the compilation was presented (counted by the self-assessment).
RECORD_PERMISSION = "wagtail_kvalitet.add_casecompilation"
#: Breakdowns drawn as charts as well as tables.
CHARTED = ("kind", "unit", "area", "quality_area")


def can_view_report(user):
    return user.is_active and user.has_perm(REQUIRED_PERMISSION)


def can_record_compilation(user):
    return user.is_active and user.has_perm(RECORD_PERMISSION)


class CaseCompilationForm(forms.ModelForm):
    """When and to whom the report's period (and unit) was presented; the period comes from the report."""

    class Meta:
        model = CaseCompilation
        fields = ["presented_on", "presented_to"]
        widgets = {"presented_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presented_on"].initial = timezone.localdate
        self.fields["presented_on"].error_messages["invalid"] = gettext("Enter a date as YYYY-MM-DD.")

    def clean_presented_on(self):
        presented_on = self.cleaned_data["presented_on"]
        if presented_on > timezone.localdate():
            raise forms.ValidationError(
                _("A compilation cannot be recorded as presented on a date in the future."), code="future"
            )
        return presented_on


class CaseReportMixin:
    """The permission check, the period form and the figures, shared by the page and the download."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def form(self):
        return CaseReportPeriodForm(self.request.GET or None)

    @cached_property
    def statistics(self):
        cases = FeedbackCase.objects.visible_to(self.request.user)
        return CaseStatistics(cases, self.form.report_period, unit=self.form.report_unit, today=self.form.today)

    def query_string(self):
        """The report's choices, for the download link: only when valid, else the default period."""
        if self.form.is_bound and self.form.is_valid():
            return "?" + urlencode({name: value for name, value in self.request.GET.items() if value})
        return ""


class CaseReportView(CaseReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_kvalitet/reports/case_report.html"
    page_title = _("Compilation of cases")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_page_subtitle(self):
        return str(self.statistics.period)

    def get_context_data(self, **kwargs):
        statistics = self.statistics
        sections = []
        for breakdown in statistics.breakdowns():
            chart = None
            if breakdown.key in CHARTED:
                chart = bar_chart(
                    f"kvalitet-chart-{breakdown.key}",
                    breakdown.title,
                    [(line.label, line.current) for line in breakdown.lines],
                    description=gettext("Cases received in %(period)s. The table beside it compares with %(previous)s.")
                    % {"period": statistics.period, "previous": statistics.previous_period},
                )
            sections.append({"breakdown": breakdown, "chart": chart, "show_total": breakdown.key != "quality_area"})
        return super().get_context_data(
            form=self.form,
            statistics=statistics,
            period=statistics.period,
            previous_period=statistics.previous_period,
            unit=statistics.unit,
            sections=sections,
            handling=statistics.handling,
            ideas=statistics.ideas,
            ideas_by_status=statistics.ideas_by_status,
            measures=statistics.measures,
            measures_count=statistics.measures_count,
            measures_limit=MEASURES_LIMIT,
            export_url=reverse(f"{NAMESPACE}:export") + self.query_string(),
            compilations=self.compilations(),
            compilation_form=self.compilation_form if can_record_compilation(self.request.user) else None,
            record_url=reverse(f"{NAMESPACE}:record") + self.query_string(),
            **kwargs,
        )

    @cached_property
    def compilation_form(self):
        return CaseCompilationForm()

    def compilations(self):
        """The compilations already recorded as presented for this period, for any unit."""
        period = self.statistics.period
        return list(
            CaseCompilation.objects.filter(period_start=period.start, period_end=period.end)
            .select_related("unit")
            .order_by("-presented_on", "-pk")
        )


class CaseCompilationRecordView(CaseReportView):
    """Records the report's period and unit as presented; a refused form re-shows the report with its errors."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not can_record_compilation(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def compilation_form(self):
        return CaseCompilationForm(self.request.POST)

    def post(self, request, *args, **kwargs):
        form = self.compilation_form
        if not form.is_valid():
            messages.error(request, gettext("The compilation could not be recorded due to errors."))
            return self.render_to_response(self.get_context_data())
        statistics = self.statistics
        compilation = form.save(commit=False)
        compilation.period_start, compilation.period_end = statistics.period.start, statistics.period.end
        compilation.unit = statistics.unit
        compilation.recorded_by = request.user
        compilation.save()
        log(
            instance=compilation,
            action=CASE_COMPILATION_RECORDED,
            user=request.user,
            data={
                "start": compilation.period_start.isoformat(),
                "end": compilation.period_end.isoformat(),
                "unit": compilation.unit_id,
                "presented_on": compilation.presented_on.isoformat(),
            },
        )
        messages.success(
            request,
            gettext("The compilation for %(period)s was recorded as presented.") % {"period": statistics.period},
        )
        return redirect(reverse(f"{NAMESPACE}:index") + self.query_string())


class CaseReportExportView(CaseReportMixin, View):
    """The same report as a workbook; each download is written to the audit log."""

    def get(self, request):
        statistics = self.statistics
        period = statistics.period
        log(
            request.user,
            EXPORT_ACTION,
            user=request.user,
            title=gettext("Compilation of cases, %(period)s") % {"period": period.dates_label},
            data={
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "unit": statistics.unit.pk if statistics.unit else None,
            },
        )
        suffix = f"-{statistics.unit.code}" if statistics.unit else ""
        filename = f"sammanstallning-arenden-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}{suffix}"
        return CaseReportExport(statistics).response(filename)


class CaseReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


def case_report_urls():
    """For the ``register_admin_urls`` hook."""
    patterns = [
        path("", CaseReportView.as_view(), name="index"),
        path("export/", CaseReportExportView.as_view(), name="export"),
        path("record/", CaseCompilationRecordView.as_view(), name="record"),
    ]
    return [path("kvalitet/reports/cases/", include((patterns, NAMESPACE)))]


def case_report_menu_item():
    """For the ``register_reports_menu_item`` hook: after "Pages due for review"."""
    return CaseReportMenuItem(
        _("Compilation of cases"),
        reverse(f"{NAMESPACE}:index"),
        name="compilation-of-cases",
        icon_name="doc-full-inverse",
        order=1160,
    )


def register_case_report():
    """Register the report's admin URLs and menu item; called once from wagtail_hooks."""
    hooks.register("register_admin_urls", case_report_urls)
    hooks.register("register_reports_menu_item", case_report_menu_item)
