"""Models of wagtail-kvalitet, one module per concern."""

from .approval import ApprovalTask
from .base import KvalitetPage
from .governance import GoverningPage, ReviewStatus, add_months
from .legal_requirement_list import LegalRequirementListPage
from .legal_requirements import ComplianceStatus, LegalRequirement, LegalRequirementReview, Statute, StatuteKind
from .manual import ManualSectionPage, QualityManualPage
from .organisation import OrganisationUnit, UnitKind
from .organisation_page import OrganisationPage
from .processes import ProcessKind, ProcessPage, RoutinePage, process_map
from .quality_areas import QualityArea
from .reference_numbers import ReferenceSequence, next_reference
from .reminders import SentReminder
from .routine_index import RoutineIndexPage
from .sections import SectionPage

__all__ = [
    "ApprovalTask",
    "ComplianceStatus",
    "LegalRequirement",
    "LegalRequirementListPage",
    "LegalRequirementReview",
    "Statute",
    "StatuteKind",
    "GoverningPage",
    "KvalitetPage",
    "ManualSectionPage",
    "OrganisationPage",
    "OrganisationUnit",
    "ProcessKind",
    "ProcessPage",
    "QualityArea",
    "QualityManualPage",
    "ReferenceSequence",
    "ReviewStatus",
    "RoutineIndexPage",
    "RoutinePage",
    "SectionPage",
    "SentReminder",
    "UnitKind",
    "add_months",
    "next_reference",
    "process_map",
]
