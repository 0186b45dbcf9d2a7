"""Template tags of the quality report's admin button."""

from django import template

from ..quality_report.permissions import can_draft_report

register = template.Library()


@register.simple_tag(takes_context=True)
def can_draft_quality_report(context, assessment):
    """Whether the request's user may write a quality report draft from ``assessment``."""
    request = context.get("request")
    return request is not None and can_draft_report(request.user, assessment)
