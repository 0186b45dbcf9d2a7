"""The annual cycle (årshjul): when each planning, follow-up and reporting step of the year happens.

The cycle is a page, so communicators edit it like the rest of the manual and publish it through
the same workflow. Its activities are the page's inline rows (content: what happens and when).
Whether an occurrence was done is data, not content: marking it done makes no page revision, so
``ActivityCompletion`` rows live beside the page and survive its edits.

A rule is always "day D of each of these months", which is what municipal cycles say ("1 March",
"15 days after each quarter ends", "the 10th of each month") and what an iCalendar ``RRULE``
(``FREQ=YEARLY;BYMONTH=…;BYMONTHDAY=…``) states exactly, so the page, the reminders and the
calendar feeds can never disagree on a date. ``annual_cycle.recurrence`` reads the rule.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from .base import KvalitetPage
from .organisation import OrganisationUnit

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Frequency(models.TextChoices):
    """How often an activity comes round in a year."""

    YEARLY = "yearly", _("Once a year")
    HALF_YEARLY = "half_yearly", _("Every half-year")
    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")


class RuleKind(models.TextChoices):
    """How the day is given: a date, or days after each period of the frequency ends."""

    ON_DATE = "on_date", _("On a date")
    AFTER_PERIOD = "after_period", _("Days after each period ends")


class AnnualCyclePage(RoutablePageMixin, KvalitetPage):
    """The year's quality work as a wheel and a month-by-month list, with a calendar feed.

    The feed is a route of the page (``kalender/``: Wagtail's page paths take no dots), so it is
    exactly as public as the page: Wagtail checks the page's view restrictions before it routes.
    """

    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = KvalitetPage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("activities", heading=_("Activities"), label=_("Activity")),
    ]
    search_fields = KvalitetPage.search_fields + [index.SearchField("intro")]
    subpage_types = []
    template = "wagtail_kvalitet/pages/annual_cycle_page.html"

    class Meta:
        verbose_name = _("annual cycle page")
        verbose_name_plural = _("annual cycle pages")

    def get_context(self, request, *args, **kwargs):
        from ..annual_cycle.page import cycle_context

        context = super().get_context(request, *args, **kwargs)
        context.update(cycle_context(self, request))
        return context

    @path("kalender/", name="calendar_feed")
    def calendar_feed_route(self, request):
        from ..feeds.views import cycle_feed

        return cycle_feed(request, self)


class AnnualActivity(Orderable):
    """One recurring activity of the cycle, e.g. the quarterly compilation of complaints to the board."""

    page = ParentalKey(AnnualCyclePage, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("what it is for"), max_length=2000, blank=True)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)
    rule = models.CharField(_("when"), max_length=20, choices=RuleKind.choices, default=RuleKind.ON_DATE)
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("On a date: the month of the first time in the year (1 for January)."),
    )
    day = models.PositiveSmallIntegerField(
        _("day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("On a date: the day of the month."),
    )
    days_after = models.PositiveSmallIntegerField(
        _("days after the period ends"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("E.g. 15 for '15 days after each quarter ends'. At most 28."),
    )
    responsible_function = models.CharField(
        _("responsible function"), max_length=200, blank=True, help_text=_("E.g. 'Quality developer'.")
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="annual_activities",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_activities",
        help_text=_("Gets the reminders. Leave empty and the unit's manager gets them."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("routine or report page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("frequency"), FieldPanel("rule")]),
                FieldRowPanel([FieldPanel("month"), FieldPanel("day"), FieldPanel("days_after")]),
            ],
            heading=_("When"),
        ),
        FieldRowPanel([FieldPanel("responsible_function"), FieldPanel("unit")]),
        FieldPanel("responsible_person"),
        PageChooserPanel("link_page"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("annual cycle activity")
        verbose_name_plural = _("annual cycle activities")

    def __str__(self):
        return self.name

    def clean(self):
        from ..annual_cycle.recurrence import rule_errors

        super().clean()
        errors = rule_errors(self)
        if errors:
            raise ValidationError(errors)


class ActivityCompletion(models.Model):
    """One occurrence of an activity marked done, with a note: the cycle's follow-up record."""

    activity = models.ForeignKey(
        AnnualActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="completions"
    )
    #: The date the occurrence was due, as the rule gives it; with the activity, the occurrence's key.
    occurs_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), default=timezone.localdate)
    note = models.TextField(_("note"), max_length=4000, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("completed activity")
        verbose_name_plural = _("completed activities")
        ordering = ["occurs_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "occurs_on"], name="kvalitet_activity_done_once"),
        ]

    def __str__(self):
        return f"{self.activity} {self.occurs_on}"

    @property
    def on_time(self):
        return self.done_on <= self.occurs_on
