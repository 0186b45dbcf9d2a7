"""What the annual cycle page shows: the year's occurrences by month, the wheel, and the unit filter.

The number of queries does not depend on the number of activities or completions: the activities
come with their units, people and linked pages in one query, the year's completions in one more.
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ..filters.routines import UnitFilterField
from ..models.organisation import OrganisationUnit
from . import recurrence
from .occurrences import SYMBOLS, MarkPermission, State, units_concerning, year_occurrences
from .wheel import wheel

#: The years a reader may ask for; outside them the page shows the current year.
YEAR_RANGE = (1900, 2200)
MARK_DONE_URL_NAME = "wagtail_kvalitet_activity_done"


class CycleFilterForm(forms.Form):
    unit = UnitFilterField(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.order_by("path"),
        empty_label=_("All units"),
        required=False,
        help_text=_("Shows the unit's activities and those of the units above and below it."),
    )


def chosen_year(request, today):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else today.year


def mark_done_url(occurrence, next_url):
    url = reverse(MARK_DONE_URL_NAME, args=[occurrence.activity.pk, occurrence.occurs_on.isoformat()])
    return f"{url}?{urlencode({'next': next_url})}"


def _query(**params):
    return "?" + urlencode({name: value for name, value in params.items() if value not in (None, "")})


def cycle_context(page, request):
    today = timezone.localdate()
    year = chosen_year(request, today)
    form = CycleFilterForm(request.GET if "unit" in request.GET else None)
    unit = form.cleaned_data["unit"] if form.is_bound and form.is_valid() else None

    activities = list(
        page.activities.all().select_related("unit", "responsible_person", "link_page").order_by("sort_order")
    )
    if unit is not None:
        activities = units_concerning(unit, activities)
    occurrences = year_occurrences(activities, year, today)

    page_url = page.get_url(request) or page.url or ""
    permission = MarkPermission(getattr(request, "user", None), page)
    next_url = page_url + _query(year=year, unit=unit.pk if unit else None)
    descriptions = {activity.pk: recurrence.describe(activity) for activity in activities}
    for occurrence in occurrences:
        occurrence.rule_text = descriptions[occurrence.activity.pk]
        link_page = occurrence.activity.link_page
        occurrence.link_url = link_page.get_url(request) if link_page is not None and link_page.live else None
        occurrence.mark_url = (
            mark_done_url(occurrence, next_url)
            if permission.anyone and occurrence.is_markable and permission.allows(occurrence.activity)
            else None
        )

    by_month = {month: [] for month in range(1, 13)}
    for occurrence in occurrences:
        by_month[occurrence.occurs_on.month].append(occurrence)
    months = [{"number": month, "name": str(MONTHS[month]), "occurrences": rows} for month, rows in by_month.items()]
    unit_pk = unit.pk if unit else None
    return {
        "year": year,
        "today": today,
        "filter_form": form,
        "chosen_unit": unit,
        "is_filtered": unit is not None,
        "months": months,
        "occurrences": occurrences,
        "wheel": wheel(occurrences, year, today),
        "states": [{"value": state.value, "label": state.label, "symbol": SYMBOLS[state]} for state in State],
        "previous_year_query": _query(year=year - 1, unit=unit_pk),
        "next_year_query": _query(year=year + 1, unit=unit_pk),
        "this_year_query": _query(unit=unit_pk) if year != today.year else None,
        "calendar_feed_url": page_url + page.reverse_subpage("calendar_feed"),
    }
