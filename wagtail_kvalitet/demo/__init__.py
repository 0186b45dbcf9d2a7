"""Demo content for a fictional municipality, Exempelvik, built by ``manage.py kvalitet_demo``.

Everything here is made up and marked as example. Building it twice changes nothing the second
time, and it only ever adds pages under the site's root, so it is safe on a staging copy of a
real site. Each feature adds its own module here and a call in :func:`build_demo`.
"""

from django.db import transaction
from wagtail.models import Site

from ..models import GoalChainPage
from .annual_cycle import build_annual_cycle
from .feedback import build_feedback
from .goals import build_goals
from .legal_requirements import build_legal_requirements
from .manual import build_manual
from .organisation import build_organisation, build_people
from .pages import build_pages, live_root
from .self_assessment import build_self_assessment

__all__ = ["build_demo"]


def build_demo(site=None):
    """Build (or complete) the demo under ``site``'s root page; return a summary of what was added."""
    site = site or Site.objects.get(is_default_site=True)
    with transaction.atomic():
        units, units_created = build_organisation()
        pages = build_pages(live_root(site), units["SN"])
        manual = build_manual(pages["intranet"], units)
        people = build_people()
        requirements_created, list_pages_created = build_legal_requirements(manual["manual"], units, people)
        cases_created, form_pages_created = build_feedback(pages["public"], pages["intranet"], units, people)
        goals_created = build_goals(pages["public"], units, people)
        annual_activities_created = build_annual_cycle(
            pages["public"], manual["manual"], units, people,
            goal_chain=pages["public"].get_children().type(GoalChainPage).first(),
        )
        assessments_created, compilations_created, report_pages_created = build_self_assessment(
            manual["manual"], units["SN"], people
        )
    return {
        "units_created": units_created,
        "pages_created": len(pages["created"]) + len(manual["created"]) + list_pages_created + form_pages_created
        + (goals_created + 1 if goals_created else 0)  # the goal pages and their chain page
        + (1 if annual_activities_created else 0)  # the annual cycle page
        + report_pages_created,
        "public": pages["public"],
        "intranet": pages["intranet"],
        "manual": manual["manual"],
        "requirements_created": requirements_created,
        "cases_created": cases_created,
        "goals_created": goals_created,
        "annual_activities_created": annual_activities_created,
        "assessments_created": assessments_created,
        "compilations_created": compilations_created,
    }
