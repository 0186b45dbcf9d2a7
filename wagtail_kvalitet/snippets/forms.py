"""The admin form for organisation units, with the parent that places a unit in the tree."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import OrganisationUnit


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
        help_text=_("The unit this one is part of. Leave empty for a board at the top."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["parent"] = getattr(self.instance.get_parent(), "pk", None)

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("parent")
        if "kind" in cleaned_data:
            self.instance.kind = cleaned_data["kind"]
        try:
            self.instance.validate_parent(parent)
        except ValidationError as error:
            self.add_error("parent", error)
        return cleaned_data

    @property
    def parent_changed(self):
        return "parent" in self.changed_data
