"""The chapters of the quality report draft, in the order the report presents them.

Each module's ``build(scope)`` returns the chapter's blocks (its heading first) as StreamField
data, from a fixed number of queries whatever the size of the organisation.
"""

from . import assessment, cases, goals, improvements, legal, risks

#: The chapters, in order.
CHAPTERS = [assessment, cases, risks, legal, goals, improvements]

__all__ = ["CHAPTERS"]
