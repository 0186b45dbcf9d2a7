"""Process roles: one structured block per role, with the role's standard mandate pre-filled.

The six roles and what each does follow the way Swedish municipalities organise process work
(processägare, styrgrupp, processledare, processutvecklingsgrupp, processgrupp, resursägare).
An editor adds the roles a process has and adjusts the mandate text where it differs.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

# (block name, label, standard mandate). The order is the order the roles are offered and shown.
PROCESS_ROLES = [
    (
        "process_owner",
        _("Process owner"),
        _(
            "Has the mandate and the resources that make it possible to run and develop the process. "
            "Appoints the process lead, the development group and the process group, and sits on the "
            "steering group."
        ),
    ),
    (
        "steering_group",
        _("Steering group"),
        _(
            "Makes sure that the process is in line with the municipality's goals, and decides on the "
            "changes that the development group proposes."
        ),
    ),
    (
        "process_lead",
        _("Process lead"),
        _(
            "Appointed by the process owner to run and develop the process day to day. Represents the "
            "process towards management, answers for the process being fit for purpose and efficient "
            "as a whole, and calls the process group together."
        ),
    ),
    (
        "development_group",
        _("Development group"),
        _(
            "Appointed by the process owner. A group from across the organisation that represents the "
            "parts of the process and takes part in developing it; its members anchor new ways of "
            "working in their own units."
        ),
    ),
    (
        "process_group",
        _("Process group"),
        _(
            "Appointed by the process owner. Works according to the process, safeguards its purpose and "
            "looks for ways to improve it; its members anchor new ways of working in their own units."
        ),
    ),
    (
        "resource_owner",
        _("Resource owner"),
        _(
            "The line manager of the group members. Makes it possible for staff to take part in the "
            "process groups and gives them a forum for process questions in the line organisation."
        ),
    ),
]

ROLE_LABELS = {name: label for name, label, _mandate in PROCESS_ROLES}


class RoleBlock(blocks.StructBlock):
    """One role in a process: who holds it, in which unit, and with what mandate."""

    holder = blocks.CharBlock(
        label=_("Person or function"),
        max_length=200,
        help_text=_("A name or, better, a function that outlives staff changes, e.g. 'Head of elderly care'."),
    )
    unit = SnippetChooserBlock("wagtail_kvalitet.OrganisationUnit", label=_("Unit"), required=False)
    mandate = blocks.TextBlock(
        label=_("Mandate"),
        help_text=_("What the role decides and does. The standard text is filled in; change it where it differs."),
    )

    def get_searchable_content(self, value):
        # The role's name is the block's label, not a value, so index it explicitly: staff search
        # for "processägare" and expect the processes and routines that name one.
        return [str(self.meta.label), *super().get_searchable_content(value)]

    class Meta:
        icon = "user"
        template = "wagtail_kvalitet/blocks/role.html"


def role_block(label, mandate):
    """A :class:`RoleBlock` for one role, its mandate pre-filled with the standard text."""
    return RoleBlock(
        [
            (
                "mandate",
                blocks.TextBlock(
                    label=_("Mandate"),
                    default=mandate,
                    help_text=_(
                        "What the role decides and does. The standard text is filled in; change it where it differs."
                    ),
                ),
            )
        ],
        label=label,
    )


class ProcessRolesBlock(blocks.StreamBlock):
    """The roles of a process, shown together as one list."""

    def __init__(self, local_blocks=None, **kwargs):
        if local_blocks is None:
            local_blocks = [(name, role_block(label, mandate)) for name, label, mandate in PROCESS_ROLES]
        super().__init__(local_blocks, **kwargs)

    class Meta:
        icon = "group"
        label = _("Process roles")
        template = "wagtail_kvalitet/blocks/process_roles.html"
