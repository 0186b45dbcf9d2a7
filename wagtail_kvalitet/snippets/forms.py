"""The admin form for organisation units, with the parent that places a unit in the tree."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import OrganisationUnit


def user_label(user):
    """A person as editors know them: full name, with the username to tell namesakes apart."""
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class ParentUnitChoiceField(forms.ModelChoiceField):
    """A select of units shown as an indented tree, as Wagtail does for collections."""

    def label_from_instance(self, obj):
        return obj.get_indented_name()


class OrganisationUnitForm(WagtailAdminModelForm):
    """Adds ``parent`` so a unit can be placed and moved; treebeard's own fields stay hidden."""

    parent = ParentUnitChoiceField(
        queryset=OrganisationUnit.objects.order_by("path"),
        required=False,
        label=_("Belongs to"),
        empty_label=_("(Top level)"),
        help_text=_("The unit this one is part of. Leave empty for a unit at the top, usually a board."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["parent"] = getattr(self.instance.get_parent(), "pk", None)
        manager = self.fields.get("manager")
        if manager is not None:
            current = Q(pk=self.instance.manager_id) if self.instance.manager_id else Q(pk__in=[])
            manager.queryset = manager.queryset.filter(Q(is_active=True) | current).order_by(
                "first_name", "last_name"
            )
            manager.label_from_instance = user_label

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("parent")
        if "kind" in cleaned_data:
            self.instance.kind = cleaned_data["kind"]
        try:
            self.instance.validate_parent(parent)
        except ValidationError as error:
            self.add_error("kind" if error.code == "kind_order_children" else "parent", error)
        return cleaned_data

    @property
    def parent_changed(self):
        return "parent" in self.changed_data
