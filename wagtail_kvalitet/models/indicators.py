"""Indicators (nyckeltal) and their measurements: data, not page content.

Entering a figure must not make a page revision or wait for an approval workflow, so figures live
in their own register; goal pages link to indicators and read the figures. An indicator is owned by
a unit and may be measured for several units (a figure names its unit), as Kolada reports a key
figure per municipality and per unit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..goals.periods import Frequency, Period

#: Digits and decimals a figure may have: large counts and shares with decimals alike.
VALUE_DIGITS = 14
VALUE_DECIMALS = 4


def value_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, **kwargs)


class Indicator(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short, stable identifier used by imports and exports, e.g. 'brukarnojdhet-hemtjanst'."),
        error_messages={"unique": _("Another indicator already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=200)
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=30, blank=True, help_text=_("E.g. %, number, days, kronor.")
    )
    higher_is_better = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Untick for indicators where a lower value is better.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.YEAR)
    unit = models.ForeignKey(
        "wagtail_kvalitet.OrganisationUnit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kvalitet_indicators",
        help_text=_("Reminded when a period's figure is due and missing."),
    )
    kolada_kpi = models.CharField(
        _("Kolada KPI"), max_length=20, blank=True, help_text=_("The key figure's id in Kolada, e.g. U21468.")
    )
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def period(self, key):
        """The period ``key`` names, checked against this indicator's frequency."""
        period = Period.parse(key)
        if period.frequency != self.frequency:
            raise ValueError(f"{key} is not a {self.frequency} period")
        return period


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    unit = models.ForeignKey(
        "wagtail_kvalitet.OrganisationUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    #: The period's key (``2026-Q1``); ``period_end`` orders figures in time and finds the latest.
    period = models.CharField(_("period"), max_length=7)
    period_end = models.DateField(_("period ends"), editable=False, db_index=True)
    value = value_field(_("value"), null=True, blank=True)
    value_women = value_field(_("value, women"), null=True, blank=True)
    value_men = value_field(_("value, men"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "unit", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="kvalitet_measurement_once"),
        ]
        indexes = [models.Index(fields=["indicator", "unit", "period_end"], name="kvalitet_measurement_latest")]

    def __str__(self):
        return f"{self.indicator} {self.unit} {self.period}: {self.value}"

    def save(self, *args, **kwargs):
        period = Period.parse(self.period)
        self.period = period.key
        self.period_end = period.end
        super().save(*args, **kwargs)

    def clean(self):
        try:
            period = Period.parse(self.period)
        except ValueError as error:
            raise ValidationError(
                {"period": _("Write the period as 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03.")}
            ) from error
        if self.indicator_id and period.frequency != self.indicator.frequency:
            raise ValidationError(
                {"period": _("This indicator is measured per %(frequency)s.") % {
                    "frequency": self.indicator.get_frequency_display().lower()}}
            )
        if self.value is None and self.value_women is None and self.value_men is None:
            raise ValidationError({"value": _("Enter a value.")})

    @classmethod
    def build(cls, indicator, unit, period, **fields):
        """An unsaved figure with its period's end filled in, for ``bulk_create`` (which skips ``save``)."""
        period = Period.parse(period) if isinstance(period, str) else period
        return cls(indicator=indicator, unit=unit, period=period.key, period_end=period.end, **fields)
