"""The questions of the feedback forms: complaints and comments from the public, improvement ideas from staff.

The forms ask only what a case needs and clean the answers to what may be stored: contact
details are kept only from someone who wants an answer and is not anonymous, so nothing personal
is stored "just in case" (GDPR's data minimisation). They work without JavaScript: every field is
shown, and the rules between them are checked here, on the server, with a message next to the
field that has to change.
"""

import time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import antispam
from ..conf import kvalitet_settings
from ..models.feedback import DESCRIPTION_MAX_LENGTH, CaseKind, ContactMethod, FeedbackCase, SenderType
from ..models.feedback_form import FormKind
from ..models.organisation import OrganisationUnit

#: The contact details a sender may give, all dropped unless they want an answer.
CONTACT_FIELDS = ("name", "email", "phone", "postal_address")
#: Which contact detail each way of answering needs.
REQUIRED_FOR_METHOD = {
    ContactMethod.EMAIL: "email",
    ContactMethod.PHONE: "phone",
    ContactMethod.LETTER: "postal_address",
}
YES, NO = "yes", "no"


def model_max_length(name):
    return FeedbackCase._meta.get_field(name).max_length


class PlainTextField(forms.CharField):
    """Free text whose line breaks count as one character, as the browser's ``maxlength`` counts them.

    Browsers send a line break as CR LF; without this, a text that fits in the textarea could be
    refused as too long.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class UnitChoiceField(forms.ModelChoiceField):
    """The organisation tree as one ``<select>``, indented by level, loaded in one query.

    The first option, "I don't know", is the empty choice: a sender should never have to guess
    which unit handles what, and the registry places such cases.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", OrganisationUnit.objects.only("pk", "name", "depth", "path").order_by("path"))
        kwargs.setdefault("empty_label", _("I don't know"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        # Non-breaking spaces, because browsers collapse ordinary spaces inside <option>.
        return "\u00a0" * 4 * max(obj.depth - 1, 0) + obj.name


class CaseForm(forms.Form):
    """What both forms share: the unit, the description, anonymity, and turning the answers into a case.

    ``case_fields()`` is what the page hands to ``receive_case``; subclasses decide the kind and
    which contact details survive.
    """

    unit = UnitChoiceField(
        label=_("Which unit does it concern?"),
        help_text=_("Choose the unit, home or service it concerns. If you are not sure, choose “I don't know”."),
    )
    description = PlainTextField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe what happened or what you think. You do not need to give anyone's personal identity number."
        ),
        error_messages={"required": _("Describe what happened or what you think.")},
    )
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_("We then store no name or contact details, and so cannot answer you."),
    )

    #: How the template groups the questions: (legend, hint, field names); a group without a
    #: legend is not a fieldset. Radio groups are fieldsets of their own in any case.
    layout = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def field_groups(self):
        """The ``layout`` with bound fields, and ids for the hints that are unique on the page."""
        groups = []
        for number, (legend, hint, names) in enumerate(self.layout, start=1):
            hint_id = (self.auto_id % f"group_{number}_hint") if (hint and self.auto_id) else ""
            groups.append({"legend": legend, "hint": hint, "hint_id": hint_id, "fields": [self[n] for n in names]})
        return groups

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(self.fields["description"].error_messages["required"], code="required")
        return description

    def case_kind(self):
        """The kind of case the answers make; each form (public, ideas) says which."""
        raise NotImplementedError

    def case_fields(self):
        """The cleaned answers as ``FeedbackCase`` fields, for ``receive_case(kind=..., **fields)``."""
        data = self.cleaned_data
        return {
            "kind": self.case_kind(),
            "unit": data.get("unit"),
            "description": data["description"],
            "occurred_on": data.get("occurred_on"),
            "sender_type": data.get("sender_type", ""),
            "anonymous": data.get("anonymous", False),
            "wants_answer": data.get("wants_answer", False),
            "contact_method": data.get("contact_method", ""),
            **{name: data.get(name, "") for name in CONTACT_FIELDS},
        }

    def drop_contact_details(self):
        """Forget the contact details, and any complaint about how they were typed: they are not stored."""
        for name in (*CONTACT_FIELDS, "contact_method"):
            self.cleaned_data[name] = ""
            if name in self._errors:
                del self._errors[name]
        self.cleaned_data["wants_answer"] = False


def contact_name_field(**kwargs):
    return forms.CharField(
        max_length=model_max_length("name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        **kwargs,
    )


def contact_email_field(**kwargs):
    return forms.EmailField(
        max_length=model_max_length("email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an email address in the right format, like name@example.com.")},
        **kwargs,
    )


class PublicFeedbackForm(CaseForm):
    """Complaints, comments, praise and suggestions from anyone: care recipients, relatives, others."""

    kind = forms.ChoiceField(
        label=_("What do you want to tell us?"),
        choices=[(kind.value, kind.label) for kind in CaseKind.public()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to tell us.")},
    )
    occurred_on = forms.DateField(
        label=_("When did it happen? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if it is not about a particular day."),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-27.")},
    )
    sender_type = forms.ChoiceField(
        label=_("Who are you?"),
        choices=SenderType.choices,
        widget=forms.RadioSelect,
        help_text=_("We use this only to compile statistics."),
        error_messages={"required": _("Choose who you are, or “Other”.")},
    )
    wants_answer = forms.ChoiceField(
        label=_("Do you want an answer?"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        initial=NO,
        error_messages={"required": _("Choose whether you want an answer.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How do you want your answer?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only if you want an answer."),
    )
    name = contact_name_field(label=_("Name"))
    email = contact_email_field(label=_("Email address"))
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=model_max_length("phone"),
        required=False,
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )
    postal_address = PlainTextField(
        label=_("Postal address"),
        max_length=model_max_length("postal_address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )

    layout = (
        (None, None, ("kind", "unit", "description", "occurred_on")),
        (_("About you"), None, ("sender_type", "anonymous")),
        (None, None, ("wants_answer", "contact_method")),
        (
            _("Your contact details"),
            _("Only needed if you want an answer. If you do not want one, we do not store them."),
            CONTACT_FIELDS,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def case_kind(self):
        return self.cleaned_data["kind"]

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data.get("occurred_on")
        if occurred_on and occurred_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return occurred_on

    def clean_wants_answer(self):
        return self.cleaned_data.get("wants_answer") == YES

    def clean(self):
        """Keep contact details only from someone who wants an answer, and ask for the one they need."""
        data = super().clean()
        if data.get("anonymous"):
            if data.get("wants_answer"):
                self.add_error(
                    "wants_answer",
                    forms.ValidationError(
                        _(
                            "You cannot both send anonymously and get an answer, because we would not know "
                            "who to answer. Choose “No” here, or untick “Send anonymously”."
                        ),
                        code="anonymous_answer",
                    ),
                )
            self.drop_contact_details()
            return data
        if not data.get("wants_answer"):
            # Given without wanting an answer: not needed, so not stored.
            self.drop_contact_details()
            return data
        method = data.get("contact_method")
        if not method:
            if "contact_method" not in self.errors:
                self.add_error(
                    "contact_method",
                    forms.ValidationError(_("Choose how you want your answer."), code="required"),
                )
            return data
        needed = REQUIRED_FOR_METHOD[method]
        if not data.get(needed) and needed not in self.errors:
            self.add_error(needed, forms.ValidationError(self.missing_contact_message(method), code="required"))
        return data

    @staticmethod
    def missing_contact_message(method):
        return {
            ContactMethod.EMAIL: _("Enter your email address, so that we can answer you by email."),
            ContactMethod.PHONE: _("Enter your phone number, so that we can call you with our answer."),
            ContactMethod.LETTER: _("Enter your postal address, so that we can send you our answer by letter."),
        }[method]


class IdeaForm(CaseForm):
    """An improvement idea from staff: where, what the problem or opportunity is, and the idea.

    The name is optional and credits the idea; an email address means "answer me", by email.
    """

    name = contact_name_field(
        label=_("Your name (optional)"),
        help_text=_("So that we know whose idea it is. Leave empty, or tick “Send anonymously”, to stay anonymous."),
    )
    email = contact_email_field(
        label=_("Your email address (optional)"),
        help_text=_("If you want to hear what happens to your idea."),
    )

    layout = (
        (None, None, ("unit", "description")),
        (_("About you"), _("Both are optional."), ("name", "email", "anonymous")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = _("Which unit does your idea concern?")
        self.fields["description"].label = _("What is the problem or opportunity, and what is your idea?")
        self.fields["description"].help_text = _("Describe how things work today and what could be done better.")
        self.fields["description"].error_messages["required"] = _("Describe your idea.")

    def case_kind(self):
        return CaseKind.IDEA

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            gave_email = bool(data.get("email"))
            self.drop_contact_details()
            if gave_email:
                self.add_error(
                    "email",
                    forms.ValidationError(
                        _(
                            "You cannot both send anonymously and get an answer, because we would not know "
                            "who to answer. Remove your email address, or untick “Send anonymously”."
                        ),
                        code="anonymous_answer",
                    ),
                )
            return data
        data["sender_type"] = SenderType.STAFF
        data["wants_answer"] = bool(data.get("email"))
        data["contact_method"] = ContactMethod.EMAIL if data.get("email") else ""
        return data

    def case_fields(self):
        fields = super().case_fields()
        fields["sender_type"] = SenderType.STAFF
        return fields


FORM_CLASSES = {FormKind.PUBLIC: PublicFeedbackForm, FormKind.IDEAS: IdeaForm}


def form_class_for(form_kind):
    return FORM_CLASSES.get(form_kind, PublicFeedbackForm)


def antispam_context(after_submission=False, auto_id="id_%s"):
    """The hidden fields every rendering of a form needs: the honeypot's name and a fresh token.

    A form shown again after a submission that passed the spam checks gets a token dated back by
    the minimum time: the person has already spent that time on it, and correcting one field can
    take less.
    """
    now = time.time()
    if after_submission:
        now -= kvalitet_settings.FEEDBACK_MIN_SECONDS
    return {
        "honeypot_name": antispam.HONEYPOT_FIELD,
        "honeypot_id": auto_id % antispam.HONEYPOT_FIELD,
        "token_name": antispam.TOKEN_FIELD,
        "token": antispam.issue_token(now=now),
    }
