"""The admin view that writes a quality report draft from a self-assessment and opens it in the page editor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ..models.self_assessment import SelfAssessment
from .draft import build_draft
from .permissions import can_draft_report


@require_POST
def create_draft(request, pk):
    assessment = get_object_or_404(SelfAssessment.objects.select_related("manual"), pk=pk)
    if not can_draft_report(request.user, assessment):
        raise PermissionDenied
    page = build_draft(assessment.manual, assessment.year, request.user, assessment=assessment)
    messages.success(
        request,
        gettext("A draft of '%(title)s' was written. Check the figures, write the analysis, then publish it.")
        % {"title": page.title},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
