"""Who may write a quality report draft from a self-assessment: one rule for the view and its button."""

from ..models.quality_report import QualityReportPage
from ..self_assessment.views import can_view as can_view_self_assessments


def can_draft_report(user, assessment):
    """True when ``user`` may see self-assessments and add a report page under the assessment's manual."""
    if not (user and user.is_active and can_view_self_assessments(user)):
        return False
    manual = assessment.manual
    return manual.permissions_for_user(user).can_add_subpage() and QualityReportPage.can_create_at(manual)
