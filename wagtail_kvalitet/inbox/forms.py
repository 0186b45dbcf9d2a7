"""The forms of the case view: handling a case, and registering one that came by phone, letter or visit."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models.feedback import VIEW_ALL_CASES, CaseKind, Channel, ContactMethod, statuses_for
from ..models.processes import ProcessPage, RoutinePage
from .filters import units_for

#: The page types a case can be linked to: the process or routine it concerns.
LINKABLE_PAGE_TYPES = (ProcessPage, RoutinePage)

#: The case's own fields that a registration passes to ``receive_case``.
REGISTERED_FIELDS = (
    "unit",
    "description",
    "occurred_on",
    "received_at",
    "sender_type",
    "anonymous",
    "wants_answer",
    "contact_method",
    "name",
    "email",
    "phone",
    "postal_address",
)


def eligible_handlers(unit):
    """Users who may see a case of ``unit``: its handlers and those above it, and quality staff."""
    User = get_user_model()
    view_all = Permission.objects.filter(content_type__app_label="wagtail_kvalitet", codename=VIEW_ALL_CASES)
    condition = Q(is_superuser=True) | Q(user_permissions__in=view_all) | Q(groups__permissions__in=view_all)
    if unit is not None:
        above = [unit.path[:end] for end in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
        condition |= Q(case_access__unit__path__in=above)
    people = User.objects.filter(is_active=True).filter(condition).values("pk")
    return User.objects.filter(pk__in=people).order_by(User.USERNAME_FIELD)


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class CaseHandlingForm(WagtailAdminModelForm):
    """What a handler records; the sender's details and words are shown, never edited, here.

    The status offers only the statuses of the case's own flow, and moving it goes through
    ``FeedbackCase.set_status`` so the dates the board's report counts from are stamped.
    """

    receipt_sent = forms.BooleanField(
        label=_("Receipt sent to the sender"),
        required=False,
        help_text=_("Tick when the sender has been told that the case was received."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        self.initial_status = case.status
        self.initial_acknowledged_at = case.acknowledged_at
        if "status" in self.fields:
            self.fields["status"].choices = [(status.value, status.label) for status in statuses_for(case.kind)]
        if "handler" in self.fields:
            field = self.fields["handler"]
            self.fields["handler"] = HandlerChoiceField(
                queryset=eligible_handlers(case.unit),
                required=False,
                label=field.label,
                help_text=_("Only people who may see this unit's cases can handle it."),
                widget=forms.Select,
            )
        self.fields["receipt_sent"].initial = case.acknowledged_at is not None

    def clean_related_page(self):
        page = self.cleaned_data.get("related_page")
        if page is not None and not isinstance(page.specific_deferred, LINKABLE_PAGE_TYPES):
            raise forms.ValidationError(_("Choose a process or a routine."))
        return page

    def save(self, commit=True):
        case = self.instance
        new_status = case.status
        if new_status != self.initial_status:
            case.status = self.initial_status
            case.set_status(new_status)
        if self.cleaned_data.get("receipt_sent"):
            case.acknowledged_at = self.initial_acknowledged_at or case.acknowledged_at or timezone.now()
        elif self.initial_acknowledged_at is not None and "receipt_sent" in self.changed_data:
            case.acknowledged_at = None
        return super().save(commit=commit)


class CaseRegistrationForm(WagtailAdminModelForm):
    """A case that came by phone, letter, email or visit, written down by staff.

    The case is stored by ``feedback.intake.receive_case`` like every other, which gives it its
    reference number and deadlines; here staff may write the sender's details, since they are
    the ones taking them down.
    """

    kind = forms.ChoiceField(label=_("kind"), choices=CaseKind.choices)
    channel = forms.ChoiceField(
        label=_("received by"), choices=[choice for choice in Channel.choices if choice[0] != Channel.WEB]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "unit" in self.fields:
            self.fields["unit"].queryset = units_for(user)
            self.fields["unit"].label_from_instance = lambda unit: "\u2003" * (unit.depth - 1) + unit.name
            if not (user.is_superuser or user.has_perm(f"wagtail_kvalitet.{VIEW_ALL_CASES}")):
                self.fields["unit"].required = True
                self.fields["unit"].help_text = _("One of the units whose cases you handle.")
        if "received_at" in self.fields:
            self.fields["received_at"].initial = timezone.now

    def clean_received_at(self):
        received = self.cleaned_data.get("received_at")
        if received and received > timezone.now():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous"):
            for name in ("name", "email", "phone", "postal_address"):
                if cleaned.get(name):
                    self.add_error(name, _("An anonymous case has no name or contact details."))
            if cleaned.get("wants_answer"):
                self.add_error("wants_answer", _("An anonymous sender cannot be answered."))
        if cleaned.get("wants_answer") and not cleaned.get("anonymous"):
            method = cleaned.get("contact_method")
            needed = {
                ContactMethod.EMAIL: "email",
                ContactMethod.PHONE: "phone",
                ContactMethod.LETTER: "postal_address",
            }
            if not method:
                self.add_error("contact_method", _("Say how the sender wants the answer."))
            elif not cleaned.get(needed[method]):
                self.add_error(needed[method], _("Needed to send the answer the way the sender asked."))
        return cleaned

    def case_fields(self):
        """The cleaned values as ``receive_case`` takes them."""
        fields = {name: self.cleaned_data[name] for name in REGISTERED_FIELDS if name in self.cleaned_data}
        for name in ("name", "email", "phone", "postal_address", "sender_type", "contact_method"):
            fields[name] = fields.get(name) or ""
        return fields
