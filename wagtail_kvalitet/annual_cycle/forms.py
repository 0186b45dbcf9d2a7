"""The mark-done form: when the occurrence was done and a note for the cycle's follow-up."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

NOTE_MAX_LENGTH = 4000


class MarkDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=AdminDateInput, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, or where the result is; for the follow-up of the cycle."),
    )

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("An activity cannot be marked done on a date in the future."), code="future")
        return done_on
