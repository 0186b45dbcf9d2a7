"""Models of wagtail-kvalitet, one module per concern."""

from .annual_cycle import ActivityCompletion, AnnualActivity, AnnualCyclePage
from .approval import ApprovalTask
from .base import KvalitetPage
from .calendar_feeds import CalendarFeedToken
from .feedback import (
    CaseAccess,
    CaseKind,
    CaseStatus,
    Channel,
    ContactMethod,
    FeedbackCase,
    SenderType,
)
from .feedback_form import FeedbackFormPage, FormKind
from .goals import CouncilGoalBlock, GoalChainPage, GoalIndicator, GoalLevel, GoalPage
from .governance import GoverningPage, ReviewStatus, add_months
from .indicators import Indicator, Measurement
from .legal_requirement_list import LegalRequirementListPage
from .legal_requirements import ComplianceStatus, LegalRequirement, LegalRequirementReview, Statute, StatuteKind
from .manual import ManualSectionPage, QualityManualPage
from .organisation import OrganisationUnit, UnitKind
from .organisation_page import OrganisationPage
from .outbox import QueuedEmail
from .processes import ProcessKind, ProcessPage, RoutinePage, process_map
from .quality_areas import QualityArea
from .quality_report import QualityReportPage
from .reference_numbers import ReferenceSequence, next_reference
from .reminders import ReminderDigest, SentReminder
from .routine_index import RoutineIndexPage
from .sections import SectionPage
from .self_assessment import CaseCompilation, Judgement, PartAssessment, RegulationPart, SelfAssessment

__all__ = [
    "CaseCompilation",
    "Judgement",
    "PartAssessment",
    "QualityReportPage",
    "RegulationPart",
    "SelfAssessment",
    "ActivityCompletion",
    "AnnualActivity",
    "AnnualCyclePage",
    "CalendarFeedToken",
    "ReminderDigest",
    "CouncilGoalBlock",
    "GoalChainPage",
    "GoalIndicator",
    "GoalLevel",
    "GoalPage",
    "Indicator",
    "Measurement",
    "CaseAccess",
    "CaseKind",
    "CaseStatus",
    "Channel",
    "ContactMethod",
    "FeedbackCase",
    "FeedbackFormPage",
    "FormKind",
    "QueuedEmail",
    "SenderType",
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
