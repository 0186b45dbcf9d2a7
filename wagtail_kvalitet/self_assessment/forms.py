"""The self-assessment's forms: starting one for a management system and year, and judging its parts."""

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models.manual import QualityManualPage
from ..models.self_assessment import Judgement, PartAssessment, RegulationPart, SelfAssessment

#: As the model allows; the form says so before the database would.
TEXT_MAX_LENGTH = 4000
DUPLICATE = "duplicate"


class NewAssessmentForm(forms.Form):
    """A management system and a year; one assessment per pair, so a second one is refused with a message."""

    manual = forms.ModelChoiceField(
        label=_("Management system"),
        queryset=QualityManualPage.objects.none(),
        empty_label=None,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manual"].queryset = QualityManualPage.objects.order_by("title")
        self.fields["manual"].label_from_instance = lambda manual: manual.title
        self.fields["year"].initial = (today or timezone.localdate()).year
        self.existing = None

    def clean(self):
        cleaned = super().clean()
        manual, year = cleaned.get("manual"), cleaned.get("year")
        if manual is not None and year is not None:
            self.existing = SelfAssessment.objects.filter(manual=manual, year=year).first()
            if self.existing is not None:
                raise forms.ValidationError(
                    gettext("%(manual)s already has a self-assessment for %(year)s; open it from the list.")
                    % {"manual": manual.title, "year": year},
                    code=DUPLICATE,
                )
        return cleaned

    def save(self, user=None):
        """The new assessment with a row per part, all not judged yet; None if another was created meanwhile."""
        try:
            with transaction.atomic():
                assessment = SelfAssessment.objects.create(
                    manual=self.cleaned_data["manual"], year=self.cleaned_data["year"], updated_by=user
                )
        except IntegrityError:
            self.existing = SelfAssessment.objects.filter(
                manual=self.cleaned_data["manual"], year=self.cleaned_data["year"]
            ).first()
            return None
        PartAssessment.objects.bulk_create(
            PartAssessment(assessment=assessment, part_id=pk)
            for pk in RegulationPart.objects.values_list("pk", flat=True)
        )
        return assessment


class PartJudgementForm(forms.Form):
    """The judgement of one part; ``part`` ties the form to its part whatever order the parts are in."""

    part = forms.IntegerField(widget=forms.HiddenInput)
    judgement = forms.ChoiceField(label=_("Judgement"), choices=Judgement.choices, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the judgement rests on: the figures, and what they do not show."),
    )
    planned_actions = forms.CharField(
        label=_("Planned actions"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done, by whom and when, where the part is not fully met."),
    )


class BasePartJudgementFormSet(forms.BaseFormSet):
    """One form per part of the assessment; a part unknown to it, or given twice, is refused."""

    def __init__(self, *args, part_ids=(), **kwargs):
        self.part_ids = set(part_ids)
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            part = form.cleaned_data.get("part")
            if part not in self.part_ids or part in seen:
                raise forms.ValidationError(
                    gettext("The parts of the regulation have changed; reload the page and try again."),
                    code="unknown_part",
                )
            seen.add(part)

    def judgements(self):
        """``{part id: cleaned data}`` of a valid formset."""
        return {form.cleaned_data["part"]: form.cleaned_data for form in self.forms}


PartJudgementFormSet = forms.formset_factory(
    PartJudgementForm, formset=BasePartJudgementFormSet, extra=0, max_num=1000, absolute_max=1000
)


def judgement_initial(rows):
    return [
        {
            "part": row.part.pk,
            "judgement": row.judgement.judgement,
            "comment": row.judgement.comment,
            "planned_actions": row.judgement.planned_actions,
        }
        for row in rows
    ]


class SummaryForm(forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"summary": _("The overall picture: what works, what does not, and what comes first.")}
