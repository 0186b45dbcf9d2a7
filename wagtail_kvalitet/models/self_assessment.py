"""The self-assessment against SOSFS 2011:9: the regulation's parts, and each year's judgement of them.

The parts are data, shipped by a data migration from ``fixtures/sosfs_2011_9.json``, so a
municipality can reword them or add requirements of its own. What the system can count about each
part (its *evidence*) is computed by :mod:`wagtail_kvalitet.self_assessment.evidence`; a part names
the figures it shows by their keys. The judgement (met, partly met, not met) stays a person's.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationPart(models.Model):
    """One part of the regulation, or a requirement the municipality adds, in its own words."""

    key = models.SlugField(
        _("key"),
        max_length=60,
        unique=True,
        help_text=_("A stable identifier, used by the shipped parts and by exports."),
        error_messages={"unique": _("Another part already uses this key.")},
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Chapter and section, e.g. '4 kap. 5 §'.")
    )
    title = models.CharField(_("title"), max_length=200)
    asks = models.TextField(_("what it asks"), help_text=_("What the part asks of the operation, in our own words."))
    evidence = models.JSONField(
        _("evidence"),
        default=list,
        blank=True,
        help_text=_("The figures from the system shown beside this part."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("regulation part")
        verbose_name_plural = _("regulation parts")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    def save(self, *args, **kwargs):
        # A new part goes last, as a new quality area does.
        if self._state.adding and not self.sort_order:
            last = RegulationPart.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = (last or 0) + 1
        super().save(*args, **kwargs)


class Judgement(models.TextChoices):
    NOT_JUDGED = "", _("Not judged yet")
    MET = "met", _("Met")
    PARTLY_MET = "partly-met", _("Partly met")
    NOT_MET = "not-met", _("Not met")


class SelfAssessment(models.Model):
    """One management system's self-assessment for one year.

    ``evidence`` keeps the figures as they stood when the assessment was last saved, so next
    year's comparison shows what the judgement was made on, not figures recomputed later.
    """

    manual = models.ForeignKey(
        "wagtail_kvalitet.QualityManualPage",
        verbose_name=_("management system"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    summary = models.TextField(_("overall assessment"), blank=True)
    evidence = models.JSONField(_("figures when saved"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year", "manual__title"]
        constraints = [
            models.UniqueConstraint(fields=["manual", "year"], name="kvalitet_self_assessment_unique_year")
        ]

    def __str__(self):
        return _("Self-assessment %(year)s") % {"year": self.year}


class PartAssessment(models.Model):
    """The judgement of one part in one self-assessment."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="parts")
    part = models.ForeignKey(
        RegulationPart, verbose_name=_("part"), on_delete=models.CASCADE, related_name="assessments"
    )
    judgement = models.CharField(
        _("judgement"), max_length=20, choices=Judgement.choices, blank=True, default=Judgement.NOT_JUDGED
    )
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    planned_actions = models.TextField(_("planned actions"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("judgement of a part")
        verbose_name_plural = _("judgements of parts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "part"], name="kvalitet_part_assessment_unique")
        ]

    def __str__(self):
        return str(self.part)


class CaseCompilation(models.Model):
    """A record that the compilation of cases for a period was presented, e.g. to the board.

    SOSFS 2011:9 asks that complaints be compiled and analysed; the self-assessment counts the
    quarters of a year that a recorded compilation covers.
    """

    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    unit = models.ForeignKey(
        "wagtail_kvalitet.OrganisationUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_compilations",
        help_text=_("Empty when the compilation covers every unit."),
    )
    presented_on = models.DateField(_("presented on"))
    presented_to = models.CharField(
        _("presented to"), max_length=200, blank=True, help_text=_("E.g. 'Social services board'.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("presented compilation of cases")
        verbose_name_plural = _("presented compilations of cases")
        ordering = ["-period_start", "-presented_on"]

    def __str__(self):
        return f"{self.period_start}–{self.period_end}"
