"""Reporting periods for the board's compilation of cases: calendar quarters, or any span of dates.

The board meets quarterly, so the report opens on the last full quarter; a period can also be any
two dates. Each period is compared with the one just before it: the previous quarter for a
quarter, else the same number of days immediately before.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models.organisation import OrganisationUnit

#: How many years back the quarter select reaches; older periods can still be chosen as dates.
QUARTER_CHOICE_YEARS = 3
#: The select's value for "use the dates below".
CUSTOM = "custom"


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day, months):
    """The first of the month ``months`` after ``day``'s month (``day`` is a first of the month)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """The dates from ``start`` to ``end``, both included, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def quarter(cls, year, number):
        start = datetime.date(year, 3 * (number - 1) + 1, 1)
        return cls(start, add_months(start, 3) - datetime.timedelta(days=1))

    @classmethod
    def quarter_containing(cls, day):
        start = quarter_start(day)
        return cls(start, add_months(start, 3) - datetime.timedelta(days=1))

    @classmethod
    def last_full_quarter(cls, today=None):
        today = today or timezone.localdate()
        return cls.quarter_containing(quarter_start(today) - datetime.timedelta(days=1))

    @property
    def is_quarter(self):
        return self == Period.quarter_containing(self.start)

    @property
    def quarter_number(self):
        return (self.start.month - 1) // 3 + 1

    @property
    def key(self):
        """The quarter's value in the select, e.g. ``2025-Q1``; only meaningful for a quarter."""
        return f"{self.start.year}-Q{self.quarter_number}"

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period to compare with: the quarter before a quarter, else as many days just before."""
        if self.is_quarter:
            return Period.quarter_containing(self.start - datetime.timedelta(days=1))
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def bounds(self):
        """``(first moment, first moment after)`` as aware datetimes at local midnight.

        A case received at 00:30 on 1 April in Stockholm belongs to the second quarter, although
        it was still 31 March in UTC.
        """
        return local_midnight(self.start), local_midnight(self.end + datetime.timedelta(days=1))

    def __str__(self):
        if self.is_quarter:
            return gettext("Quarter %(number)s %(year)s") % {"number": self.quarter_number, "year": self.start.year}
        return gettext("%(start)s – %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }

    @property
    def dates_label(self):
        """The period's first and last date, for headings that name a quarter too."""
        return gettext("%(start)s – %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recent_quarters(today=None, years=QUARTER_CHOICE_YEARS):
    """The quarters of the last ``years`` years, newest first, from the current (still running) one."""
    today = today or timezone.localdate()
    current = Period.quarter_containing(today)
    quarters = [current]
    for _index in range(4 * years - 1):
        quarters.append(quarters[-1].previous())
    return quarters


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by depth, so the choices read as the organisation tree."""

    def label_from_instance(self, obj):
        return obj.get_indented_name()


class CaseReportPeriodForm(forms.Form):
    """The report's choices, sent by GET: a quarter or two dates, and optionally a unit.

    An invalid choice never leaves the user with nothing: the view shows the errors beside the
    fields and the report of the default period.
    """

    period = forms.ChoiceField(label=_("Period"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        required=False,
        queryset=OrganisationUnit.objects.none(),
        empty_label=_("All units"),
        help_text=_("The unit and the units below it."),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        quarters = recent_quarters(self.today)
        # The running quarter is offered too, marked, for a look at how it is going.
        self.fields["period"].choices = [
            (quarters[0].key, gettext("%(quarter)s (in progress)") % {"quarter": quarters[0]}),
            *[(quarter.key, str(quarter)) for quarter in quarters[1:]],
            (CUSTOM, gettext("Choose dates")),
        ]
        self.initial.setdefault("period", self.default_period.key)
        self.fields["period"].help_text = gettext("For other dates, choose “%(custom)s” and fill in both dates.") % {
            "custom": gettext("Choose dates")
        }
        self.fields["unit"].queryset = OrganisationUnit.objects.order_by("path")
        self.fields["date_from"].error_messages["invalid"] = gettext("Enter a date as YYYY-MM-DD.")
        self.fields["date_to"].error_messages["invalid"] = gettext("Enter a date as YYYY-MM-DD.")

    @property
    def default_period(self):
        return Period.last_full_quarter(self.today)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period") or ""
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if choice == CUSTOM or (not choice and (date_from or date_to)):
            if "date_from" in self.errors or "date_to" in self.errors:
                return cleaned
            if not date_from:
                self.add_error("date_from", gettext("Enter the first date of the period."))
            if not date_to:
                self.add_error("date_to", gettext("Enter the last date of the period."))
            if date_from and date_to and date_from > date_to:
                self.add_error("date_to", gettext("The last date must not be before the first date."))
            if date_from and date_to and date_from <= date_to:
                cleaned["report_period"] = Period(date_from, date_to)
        elif choice:
            year, number = choice.split("-Q")
            cleaned["report_period"] = Period.quarter(int(year), int(number))
        return cleaned

    @property
    def report_period(self):
        """The chosen period, or the default one when the choice is missing or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("report_period") or self.default_period
        return self.default_period

    @property
    def report_unit(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("unit")
        return None
