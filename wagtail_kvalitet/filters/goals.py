"""The reader's filters on a goal chain page: show the goals of one unit or one quality area."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models.goals import GoalPage
from ..models.organisation import OrganisationUnit
from ..models.quality_areas import QualityArea
from .routines import UnitFilter


class GoalChainFilterSet(django_filters.FilterSet):
    """Declares the form; the narrowing is done by ``chain_tree``, which keeps a matching goal's
    ancestors so the reader still sees where in the chain the goal sits."""

    unit = UnitFilter(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.order_by("path"),
        empty_label=_("All units"),
        method="keep",
    )
    quality_area = django_filters.ModelChoiceFilter(
        label=_("Quality area"),
        queryset=QualityArea.objects.all(),
        empty_label=_("All quality areas"),
        method="keep",
    )

    class Meta:
        model = GoalPage
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def choices(self):
        """The unit and quality area the reader chose (None for "all"); both None if the form is invalid."""
        if not self.is_bound or not self.form.is_valid():
            return {"unit": None, "quality_area": None}
        data = self.form.cleaned_data
        return {"unit": data.get("unit"), "quality_area": data.get("quality_area")}
