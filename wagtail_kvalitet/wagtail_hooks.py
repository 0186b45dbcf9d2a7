"""Wires the app into the Wagtail admin: menus, viewsets and hooks only."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .snippets.guards import refuse_deleting_units_with_children
from .snippets.viewsets import QualityRegistersGroup

register_snippet(QualityRegistersGroup)

hooks.register("before_delete_snippet", refuse_deleting_units_with_children)
