"""Figures about the annual cycle: how many of the year's activities were done on time.

The activities counted are those of published cycle pages whose responsible unit is at or below
the board (all when there is no board). Their occurrences from 1 January to the *as of* date come
from the same recurrence rules the cycle page reads; an occurrence is done on time when it was
marked done on or before its date. Two queries: the activities and their completions on time.
"""

from types import SimpleNamespace

from django.db.models import F

from ...annual_cycle import recurrence
from ...models.annual_cycle import ActivityCompletion, AnnualActivity

RULE_FIELDS = ("pk", "frequency", "rule", "month", "day", "days_after")


def figures(scope):
    activities = AnnualActivity.objects.filter(scope.in_board("unit"), page__live=True).order_by()
    rules = [SimpleNamespace(**row) for row in activities.values(*RULE_FIELDS)]
    on_time = set(
        ActivityCompletion.objects.filter(
            activity__in=activities.values("pk"),
            occurs_on__gte=scope.start,
            occurs_on__lte=scope.as_of,
            done_on__lte=F("occurs_on"),
        )
        .order_by()
        .values_list("activity_id", "occurs_on")
    )
    occurrences = [(rule.pk, date) for rule in rules for date in recurrence.occurrences(rule, scope.start, scope.as_of)]
    return {
        "activities_done_on_time": (sum(1 for occurrence in occurrences if occurrence in on_time), len(occurrences)),
    }
