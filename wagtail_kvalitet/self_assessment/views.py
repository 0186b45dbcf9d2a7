"""The self-assessment's admin pages: the list of assessments, starting one, and judging its parts.

Viewing needs the view (or change) permission on self-assessments, saving needs change and
starting one needs add; a refusal goes through Wagtail's permission-denied handling. Each save
keeps the figures it was made on and is written to the audit log, as is each download.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from ..exports.self_assessment import SelfAssessmentExport
from ..log_actions import SELF_ASSESSMENT_CREATED, SELF_ASSESSMENT_EXPORTED, SELF_ASSESSMENT_SAVED
from ..models.self_assessment import Judgement, PartAssessment, RegulationPart, SelfAssessment
from .comparison import AssessmentComparison
from .forms import NewAssessmentForm, PartJudgementFormSet, SummaryForm, judgement_initial

TEMPLATES = "wagtail_kvalitet/admin/self_assessment/"
INDEX_URL_NAME = "wagtail_kvalitet_self_assessments"
CREATE_URL_NAME = "wagtail_kvalitet_self_assessment_create"
EDIT_URL_NAME = "wagtail_kvalitet_self_assessment_edit"
#: The formset's prefix in the edit form.
PARTS_PREFIX = "parts"
JUDGED_FIELDS = ["judgement", "comment", "planned_actions"]

permission_policy = ModelPermissionPolicy(SelfAssessment)


def can_view(user):
    return permission_policy.user_has_any_permission(user, ["view", "change"])


def can_change(user):
    return permission_policy.user_has_permission(user, "change")


def can_add(user):
    return permission_policy.user_has_permission(user, "add")


def form_part(form):
    """The part a form judges: from what was sent when bound, so a re-shown form keeps its part."""
    try:
        return int(form["part"].value())
    except (TypeError, ValueError):
        return None


def edit_url(assessment):
    return reverse(EDIT_URL_NAME, args=[assessment.pk])


class IndexView(WagtailAdminTemplateMixin, TemplateView):
    """The assessments per management system and year, with how their parts were judged."""

    template_name = TEMPLATES + "index.html"
    page_title = _("Self-assessment (SOSFS 2011:9)")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    @cached_property
    def new_form(self):
        return NewAssessmentForm()

    def assessments(self):
        judged = {
            name: Count("parts", filter=Q(parts__judgement=value))
            for name, value in (
                ("met", Judgement.MET),
                ("partly_met", Judgement.PARTLY_MET),
                ("not_met", Judgement.NOT_MET),
            )
        }
        parts = RegulationPart.objects.count()
        assessments = list(
            SelfAssessment.objects.select_related("manual").annotate(**judged).order_by("-year", "manual__title")
        )
        for assessment in assessments:
            # Parts added since it was created have no row yet: they are not judged either.
            assessment.not_judged = max(parts - assessment.met - assessment.partly_met - assessment.not_met, 0)
            assessment.edit_url = edit_url(assessment)
        return assessments

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessments=self.assessments(),
            new_form=self.new_form if can_add(self.request.user) else None,
            create_url=reverse(CREATE_URL_NAME),
            **kwargs,
        )


class CreateView(IndexView):
    """Starts an assessment with every part not judged yet; a refused form re-shows the list with its errors."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not can_add(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def new_form(self):
        return NewAssessmentForm(self.request.POST or None)

    def get(self, request, *args, **kwargs):
        return redirect(INDEX_URL_NAME)

    def post(self, request, *args, **kwargs):
        form = self.new_form
        if form.is_valid():
            assessment = form.save(user=request.user)
            if assessment is not None:
                log(
                    instance=assessment,
                    action=SELF_ASSESSMENT_CREATED,
                    user=request.user,
                    data={"manual": assessment.manual_id, "year": assessment.year},
                )
                messages.success(
                    request,
                    gettext("Self-assessment %(year)s started for %(manual)s.")
                    % {"year": assessment.year, "manual": assessment.manual.title},
                )
                return redirect(edit_url(assessment))
            form.add_error(
                None, gettext("Someone else has just started the same self-assessment; open it from the list.")
            )
        messages.error(request, gettext("The self-assessment could not be started."))
        return self.render_to_response(self.get_context_data())


class EditView(WagtailAdminTemplateMixin, TemplateView):
    """Each part with its figures beside last year's, and the judgement, comment and planned actions."""

    template_name = TEMPLATES + "edit.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assessment = get_object_or_404(
            SelfAssessment.objects.select_related("manual", "updated_by"), pk=kwargs["pk"]
        )
        self.comparison = AssessmentComparison(self.assessment)

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Self-assessment %(year)s") % {"year": self.assessment.year}

    def get_page_subtitle(self):
        return self.assessment.manual.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL_NAME), "label": gettext("Self-assessment (SOSFS 2011:9)")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def may_change(self):
        return can_change(self.request.user)

    def build_forms(self, data=None):
        rows = self.comparison.rows
        formset = PartJudgementFormSet(
            data,
            initial=judgement_initial(rows),
            prefix=PARTS_PREFIX,
            part_ids=[row.part.pk for row in rows],
        )
        summary = SummaryForm(data, instance=self.assessment)
        if not self.may_change:
            for form in [*formset.forms, summary]:
                for field in form.fields.values():
                    field.disabled = True
        return formset, summary

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        formset, summary = self.build_forms()
        return self.render_to_response(self.get_context_data(formset=formset, summary_form=summary))

    def post(self, request, *args, **kwargs):
        if not self.may_change:
            raise PermissionDenied
        formset, summary = self.build_forms(request.POST)
        if formset.is_valid() and summary.is_valid():
            self.save(formset, summary)
            messages.success(
                request,
                gettext("Self-assessment %(year)s for %(manual)s saved.")
                % {"year": self.assessment.year, "manual": self.assessment.manual.title},
            )
            return redirect(edit_url(self.assessment))
        messages.error(request, gettext("The self-assessment could not be saved due to errors."))
        return self.render_to_response(self.get_context_data(formset=formset, summary_form=summary))

    def save(self, formset, summary):
        """Judgements in two queries whatever the number of parts, the figures kept, one audit log entry."""
        judgements = formset.judgements()
        new, changed = [], []
        for row in self.comparison.rows:
            data = judgements.get(row.part.pk)
            if data is None:  # a part added after the page was opened keeps its row as it is
                continue
            for name in JUDGED_FIELDS:
                setattr(row.judgement, name, data[name])
            (new if row.judgement.pk is None else changed).append(row.judgement)
        with transaction.atomic():
            if new:
                PartAssessment.objects.bulk_create(
                    new, update_conflicts=True, unique_fields=["assessment", "part"], update_fields=JUDGED_FIELDS
                )
            if changed:
                PartAssessment.objects.bulk_update(changed, JUDGED_FIELDS)
            assessment = summary.save(commit=False)
            assessment.evidence = self.comparison.snapshot()
            assessment.updated_by = self.request.user
            assessment.save()
            log(
                instance=assessment,
                action=SELF_ASSESSMENT_SAVED,
                user=self.request.user,
                data={
                    "manual": assessment.manual_id,
                    "year": assessment.year,
                    "judgements": {row.part.key: row.judgement.judgement for row in self.comparison.rows},
                },
            )

    def export(self):
        assessment = self.assessment
        log(
            instance=assessment,
            action=SELF_ASSESSMENT_EXPORTED,
            user=self.request.user,
            data={"manual": assessment.manual_id, "year": assessment.year},
        )
        filename = f"sjalvvardering-{assessment.year}-{assessment.manual.slug}"
        return SelfAssessmentExport(self.comparison).response(filename)

    def get_context_data(self, formset, summary_form, **kwargs):
        rows = self.comparison.rows
        forms = {form_part(form): form for form in formset.forms}
        for row in rows:
            row.form = forms.get(row.part.pk)
        return super().get_context_data(
            assessment=self.assessment,
            comparison=self.comparison,
            rows=rows,
            formset=formset,
            summary_form=summary_form,
            may_change=self.may_change,
            export_url=f"{edit_url(self.assessment)}?export=xlsx",
            index_url=reverse(INDEX_URL_NAME),
            **kwargs,
        )
