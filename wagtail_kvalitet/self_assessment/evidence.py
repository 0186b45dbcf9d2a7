"""What the system can count about each part of SOSFS 2011:9, for one management system and one year.

Every figure is computed in the database from what the app already holds (pages under document
control, risks, legal requirements and their reviews, cases, ideas, goals and figures, the annual
cycle), as it stood on the last day of the year, or today for the current year. ``compute`` runs a
fixed number of queries however large the organisation is.

A figure is a count, optionally "of" a total (12 of 15 processes have an owner). Regulation parts
name the figures they show by key; the keys are stable because fixtures and saved assessments use
them.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

from .sources import cases, cycle, documents, goals, legal
from .sources.scope import Scope

#: The modules that count the figures; each returns ``{key: (value, total)}``.
SOURCES = [documents, legal, cases, goals, cycle]

# key → label, in the order they are listed when a part is edited.
EVIDENCE = {
    "manual_current": _("Quality manual approved and not past its review date"),
    "processes": _("Processes identified"),
    "processes_with_owner": _("Processes with a process owner"),
    "processes_approved": _("Processes approved"),
    "processes_reviewed_on_time": _("Processes not past their review date"),
    "routines": _("Routines"),
    "routines_approved": _("Routines approved"),
    "routines_past_review": _("Routines past their review date"),
    "collaboration_documents": _("Processes and routines classified under holistic view and coordination"),
    "risks": _("Risks recorded in processes and routines"),
    "risks_with_action": _("Risks with an action"),
    "risks_high": _("High and very high risks"),
    "legal_requirements": _("Legal requirements in the list"),
    "legal_reviewed_in_interval": _("Legal requirements reviewed within their interval"),
    "legal_reviews": _("Reviews of legal requirements during the year"),
    "feedback_received": _("Complaints, comments, praise and suggestions received"),
    "complaints_received": _("Complaints received"),
    "complaints_answered_in_time": _("Complaints answered within the deadline"),
    "quarters_compiled": _("Quarters whose compilation of cases was presented"),
    "lex_reports": _("Cases flagged for lex Sarah or lex Maria"),
    "cases_with_measures": _("Closed cases with measures taken"),
    "ideas_received": _("Improvement ideas from staff"),
    "ideas_implemented": _("Improvement ideas implemented"),
    "goals": _("Goals in the goal chain"),
    "goals_with_indicators": _("Goals with indicators"),
    "indicators_with_figures": _("Indicators with figures for the year"),
    "activities_done_on_time": _("Annual-cycle activities done on time"),
    "documents_revised": _("Processes and routines approved during the year"),
}


def evidence_choices():
    return list(EVIDENCE.items())


@dataclasses.dataclass
class Figure:
    """One computed figure: ``value``, and ``total`` when it is a share ("12 of 15")."""

    key: str
    value: int
    total: int | None = None

    @property
    def label(self):
        return EVIDENCE[self.key]

    def as_json(self):
        return {"value": self.value, "total": self.total}

    @classmethod
    def from_json(cls, key, data):
        return cls(key=key, value=data["value"], total=data.get("total"))


def compute(manual, year, today=None):
    """``{key: Figure}`` for every key in ``EVIDENCE``, for ``manual``'s management system in ``year``.

    ``today`` (the site's date when not given) decides the *as of* date: 31 December of ``year``,
    or ``today`` when that is earlier. What each figure counts is described in the source modules
    (:mod:`.sources.documents`, ``legal``, ``cases``, ``goals``, ``cycle``). About a dozen queries
    in all, the same number for ten cases or twenty thousand.
    """
    scope = Scope.build(manual, year, today)
    found = {}
    for source in SOURCES:
        found.update(source.figures(scope))
    return {key: Figure(key, *found[key]) for key in EVIDENCE}
