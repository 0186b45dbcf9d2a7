"""Importing the registers from Excel workbooks: read, plan (the dry run), then apply all or nothing."""

from .legal_requirements import (
    CHANGE,
    CREATE,
    INVALID,
    UNCHANGED,
    ImportNotApplied,
    ImportPlan,
    import_legal_requirements,
    plan_import,
)
from .sheets import MAX_FILE_BYTES, MAX_ROWS

__all__ = [
    "CHANGE",
    "CREATE",
    "INVALID",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "UNCHANGED",
    "ImportNotApplied",
    "ImportPlan",
    "import_legal_requirements",
    "plan_import",
]
