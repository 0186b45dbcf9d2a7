"""Snippet views for the organisation tree: saving goes through treebeard, not ``save()``.

A new node must be added with ``add_root``/``add_child`` and a moved one with ``move`` so the
materialised paths stay right; Wagtail's collections admin does the same.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import CreateView, EditView

from ..models import OrganisationUnit


class OrganisationUnitCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        parent = self.form.cleaned_data.get("parent")
        with transaction.atomic():
            if parent is None:
                instance = OrganisationUnit.add_root(instance=instance)
            else:
                instance = parent.add_child(instance=instance)
            # Wagtail's own save logs this; we bypass it, so log here to keep the unit's history.
            log(instance, "wagtail.create", user=self.request.user, content_changed=True)
        return instance


class OrganisationUnitEditView(EditView):
    def save_instance(self):
        with transaction.atomic():
            instance = self.form.save()
            if self.form.parent_changed:
                parent = self.form.cleaned_data.get("parent")
                if parent is None:
                    instance.move(OrganisationUnit.get_last_root_node(), "last-sibling")
                else:
                    instance.move(parent, "last-child")
                instance.refresh_from_db()
            log(instance, "wagtail.edit", user=self.request.user, content_changed=self.form.has_changed())
        return instance


class TreeTitleColumnMixin:
    """Shows units indented by depth in the chooser, in tree order."""

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = "tree_name"
        column.label = _("Name")
        return column

    def get_object_list(self):
        return OrganisationUnit.objects.for_listing()


class OrganisationUnitChooseView(TreeTitleColumnMixin, chooser.ChooseView):
    pass


class OrganisationUnitChooseResultsView(TreeTitleColumnMixin, chooser.ChooseResultsView):
    pass


class OrganisationUnitChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = OrganisationUnitChooseView
    choose_results_view_class = OrganisationUnitChooseResultsView


__all__ = [
    "OrganisationUnitChooserViewSet",
    "OrganisationUnitCreateView",
    "OrganisationUnitEditView",
]
