"""The admin home panel: "My quality work", everything due for the signed-in user in one place.

It replaced the panel of legal requirements only; the panel itself lives with the due list
(``due.panel``) so both read the same collection.
"""

from .due.panel import PANEL_LIMIT, MyWorkPanel, add_my_work_panel

__all__ = ["PANEL_LIMIT", "MyWorkPanel", "add_my_work_panel"]
