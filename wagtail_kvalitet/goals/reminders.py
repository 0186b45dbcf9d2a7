"""Reminders to enter an indicator's figure for the period that has just ended, while it is missing.

A source for the one reminder engine (``wagtail_kvalitet.reminders``). A goal's status is only as
current as its figures, so each active indicator's figure for its most recent finished period
(the period before the one today falls in) is due ``KVALITET_MEASUREMENT_DUE_DAYS`` after that
period ends. While no figure for the indicator's own unit and that period exists, the engine
reminds at its usual stages (``KVALITET_REMINDER_DAYS`` before the due date, and once overdue).
Older periods are not chased: once the next period has ended, that one is the one that matters.

Who is reminded. The indicator's responsible person; without one (or if they have left), the
manager of the owning unit; with neither, nobody.

Each period's reminder is claimed in the ledger on its own (object id ``"<indicator>:<period>"``),
so a figure missing for Q1 and later for Q2 is reminded about twice, never the same one twice.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..conf import kvalitet_settings
from ..due.fields import person_fields, unit_fields
from ..models.indicators import Indicator, Measurement
from ..reminders import DueItem, ReminderSource
from ..snippets.measurement_grid import grid_url
from .periods import MONTHS, Period

TOPIC = "measurement-due"
LIST_URL_NAME = "wagtailsnippets_wagtail_kvalitet_measurement:list"


@dataclass(frozen=True)
class MissingFigure:
    """An indicator's figure for one period, not yet entered: what one reminder is about."""

    indicator: Indicator
    period: Period

    @property
    def pk(self):
        """The ledger's object id, one per indicator and period (the engine reads ``obj.pk``)."""
        return f"{self.indicator.pk}:{self.period.key}"

    @property
    def unit(self):
        return self.indicator.unit


def finished_period(today, frequency):
    """The most recent period of ``frequency`` that has ended before ``today``."""
    return Period.containing(today, frequency).previous()


def due_date(period):
    return period.end + datetime.timedelta(days=int(kvalitet_settings.MEASUREMENT_DUE_DAYS))


def indicator_recipient(indicator):
    """The responsible person, or the owning unit's manager if there is none or they have left."""
    if indicator.owner_id is not None and indicator.owner.is_active:
        return indicator.owner
    return indicator.unit.manager if indicator.unit.manager_id is not None else None


def missing_figures(today, horizon, scope=None, fields=None):
    """``(figure, due date)`` for each active indicator whose latest finished period lacks its figure.

    Two queries whatever the number of indicators: the indicators with their owners and units,
    and the figures already entered for the periods in question.
    """
    periods = {frequency: finished_period(today, frequency) for frequency in MONTHS}
    periods = {frequency: period for frequency, period in periods.items() if due_date(period) <= horizon}
    if not periods:
        return []
    indicators = (
        Indicator.objects.filter(active=True, frequency__in=list(periods))
        .filter(Q(owner__isnull=False) | Q(unit__manager__isnull=False))
        .filter(scope or Q())
        .select_related("owner", "unit__manager")
        .order_by("name", "pk")
    )
    indicators = list(indicators.only(*fields) if fields else indicators)
    if not indicators:
        return []
    entered = set(
        Measurement.objects.filter(
            indicator__active=True,
            period__in=[period.key for period in periods.values()],
            unit_id=F("indicator__unit_id"),
        ).values_list("indicator_id", "period")
    )
    return [
        (MissingFigure(indicator, periods[indicator.frequency]), due_date(periods[indicator.frequency]))
        for indicator in indicators
        if (indicator.pk, periods[indicator.frequency].key) not in entered
    ]


def measurement_list_url():
    try:
        return reverse(LIST_URL_NAME)
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


class MeasurementDueSource(ReminderSource):
    """Reminds an indicator's responsible person to enter the figure of the period that has ended."""

    topic = TOPIC
    label = _("Figures to enter")

    def get_due_items(self, today, horizon):
        for figure, due_on in missing_figures(today, horizon):
            yield DueItem(indicator_recipient(figure.indicator), figure, due_on)

    def get_items_for(self, user, unit_ids, today, horizon):
        owner_gone = Q(owner__isnull=True) | Q(owner__is_active=False)
        scope = (
            Q(owner=user, owner__is_active=True) | (owner_gone & Q(unit__manager=user)) | Q(unit_id__in=list(unit_ids))
        )
        fields = ("name", "frequency", *person_fields("owner"), *unit_fields("unit"))
        for figure, due_on in missing_figures(today, horizon, scope=scope, fields=fields):
            yield DueItem(indicator_recipient(figure.indicator), figure, due_on)

    def get_unit(self, obj):
        return obj.indicator.unit

    def describe(self, obj):
        return f"{obj.indicator.name}, {obj.unit.name}, {obj.period.label}"

    def get_url(self, obj):
        """The grid opened at the indicator's unit and the period, or the listing if it is not registered."""
        try:
            return grid_url(obj.unit, obj.period)
        except (NoReverseMatch, AttributeError):
            return measurement_list_url()

    def get_register_url(self, recipient):
        return measurement_list_url()


measurement_due_source = MeasurementDueSource()
