"""Guards that stop admin actions which would lose data in the registers."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..models import OrganisationUnit


def refuse_deleting_units_with_children(request, instances):
    """Deleting a treebeard node deletes its whole branch, so only leaves may be deleted."""
    units = [obj for obj in instances if isinstance(obj, OrganisationUnit)]
    parents = [unit for unit in units if unit.get_children_count()]
    if not parents:
        return None
    messages.error(
        request,
        _("“%(name)s” has units below it. Move or delete those units first.")
        % {"name": parents[0].name},
    )
    return redirect(OrganisationUnit.snippet_viewset.get_url_name("list"))
