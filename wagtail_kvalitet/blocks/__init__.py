"""StreamField blocks of the governing pages: process roles, responsibility tables, steps and risks."""

from .content import DocumentBlock, HeadingBlock, LinkBlock, process_blocks, routine_blocks, section_blocks
from .feedback import FeedbackFormBlock
from .responsibilities import ResponsibilityTableBlock
from .risks import RiskBlock, risk_level, risk_matrix
from .roles import PROCESS_ROLES, ProcessRolesBlock, RoleBlock
from .steps import ProcessStepsBlock

__all__ = [
    "PROCESS_ROLES",
    "DocumentBlock",
    "FeedbackFormBlock",
    "HeadingBlock",
    "LinkBlock",
    "ProcessRolesBlock",
    "ProcessStepsBlock",
    "ResponsibilityTableBlock",
    "RiskBlock",
    "RoleBlock",
    "process_blocks",
    "risk_level",
    "risk_matrix",
    "routine_blocks",
    "section_blocks",
]
