"""The legal requirement list (lagkravslista): statutes, and what each demands of the operation.

A municipality must know which laws and regulations govern each operation, who answers for each
requirement and how it is met, and show auditors that the list is reviewed. Requirements are
data, not prose, so they are snippets with revisions rather than pages.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.log_actions import log
from wagtail.models import RevisionMixin
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from ..conf import kvalitet_settings
from .aggregates import joined
from .governance import add_months
from .organisation import OrganisationUnit


class StatuteKind(models.TextChoices):
    LAW = "law", _("Law")
    ORDINANCE = "ordinance", _("Ordinance")
    REGULATION = "regulation", _("Regulation")
    GENERAL_ADVICE = "general-advice", _("General advice")


class Statute(index.Indexed, models.Model):
    """A law, ordinance, regulation or general advice, e.g. *Socialtjänstlag (2025:400)*."""

    title = models.CharField(_("title"), max_length=255, help_text=_("E.g. 'Socialtjänstlag'."))
    number = models.CharField(
        _("number"),
        max_length=100,
        help_text=_("The SFS or regulation number, e.g. '2025:400' or 'SOSFS 2011:9'."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StatuteKind.choices, default=StatuteKind.LAW)
    url = models.URLField(_("link to the official text"), blank=True)

    search_fields = [index.SearchField("title"), index.SearchField("number"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title", "number"]
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")
        constraints = [models.UniqueConstraint(fields=["title", "number"], name="kvalitet_statute_unique")]

    def __str__(self):
        return f"{self.title} ({self.number})" if self.number else self.title


class ComplianceStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly-met", _("Partly met")
    NOT_MET = "not-met", _("Not met")
    NOT_ASSESSED = "not-assessed", _("Not assessed")
    NOT_APPLICABLE = "not-applicable", _("Not applicable")


class LegalRequirementQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.filter(next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=days))

    def for_listing(self):
        return self.select_related("statute", "responsible_person").prefetch_related("units")

    def matching(self, query, *, partial_words=True):
        """The requirements of this queryset that match ``query``, in this queryset's order.

        Wagtail's search backends filter only on indexed fields, and the register's filters (the
        units above a unit, review dates) are not indexed ones, so searching inside a filtered list
        fails. The whole register is searched instead and this queryset narrowed to the hits; on the
        database backends the hits stay a subquery. The admin listing, its bulk actions, the export
        and the staff page all search here. ``partial_words`` matches the start of words, as the
        admin's search box does; without it every word must match whole, as on the staff page.
        """
        backend = get_search_backend()
        everything = self.model.objects.all()
        if partial_words:
            hits = backend.autocomplete(query, everything, order_by_relevance=False)
        else:
            hits = backend.search(query, everything, operator="and", order_by_relevance=False)
        if hasattr(hits, "get_queryset"):
            return self.filter(pk__in=hits.get_queryset().order_by().values("pk"))
        return self.filter(pk__in=[hit.pk for hit in hits])

    def for_export(self):
        """Each requirement as one dict of what the spreadsheet shows, its lists folded in by the database.

        An export streams thousands of rows: a prefetch would hold every related row in memory and
        a query per row would be slow, so units, routines and processes are correlated subqueries
        (split with ``aggregates.split_joined``), and plain values instead of model instances keep
        each row cheap. ``routine_url_path`` is the first published routine's, for the link. The
        responsible person comes as ``person_username`` and, where the user model has them,
        ``person_first_name`` and ``person_last_name``.
        """
        related = {name: self.model._meta.get_field(name).related_model for name in ("units", "routines", "processes")}
        first_routine = (
            related["routines"]
            .objects.filter(legal_requirements=models.OuterRef("pk"), live=True)
            .order_by("title", "pk")
            .values("url_path")[:1]
        )
        User = get_user_model()
        person = {"person_username": models.F(f"responsible_person__{User.USERNAME_FIELD}")}
        for name in ("first_name", "last_name"):
            if any(field.name == name for field in User._meta.get_fields()):
                person[f"person_{name}"] = models.F(f"responsible_person__{name}")
        return self.prefetch_related(None).values(
            "pk",
            "reference",
            "title",
            "demands",
            "responsible_function",
            "how_met",
            "status",
            "review_interval_months",
            "last_reviewed",
            "next_review_due",
            "notes",
            statute_title=models.F("statute__title"),
            statute_number=models.F("statute__number"),
            unit_names=joined(related["units"].objects.all(), "legal_requirements", "name"),
            routine_titles=joined(related["routines"].objects.all(), "legal_requirements", "title"),
            process_titles=joined(related["processes"].objects.all(), "legal_requirements", "title"),
            routine_url_path=models.Subquery(first_routine),
            **person,
        )


def default_review_interval():
    return kvalitet_settings.LEGAL_REVIEW_INTERVAL_MONTHS


class LegalRequirement(RevisionMixin, index.Indexed, ClusterableModel):
    """One requirement of a statute, in the operation's own words, with who answers for it."""

    statute = models.ForeignKey(
        Statute, verbose_name=_("statute"), on_delete=models.PROTECT, related_name="requirements"
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Chapter and section, e.g. '3 kap. 3 §'.")
    )
    title = models.CharField(_("short title"), max_length=255)
    demands = models.TextField(
        _("what it demands"), help_text=_("What the requirement means for us, in our own words, not the law's text.")
    )
    units = ParentalManyToManyField(
        OrganisationUnit,
        verbose_name=_("applies to units"),
        blank=True,
        related_name="legal_requirements",
        help_text=_("Leave empty if it applies everywhere. A unit includes the units below it."),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_requirements",
        help_text=_("Gets the review reminders."),
    )
    responsible_function = models.CharField(
        _("responsible function"), max_length=200, blank=True, help_text=_("E.g. 'Head of social services'.")
    )
    how_met = models.TextField(_("how it is met"), blank=True)
    routines = ParentalManyToManyField(
        "wagtail_kvalitet.RoutinePage",
        verbose_name=_("routines that meet it"),
        blank=True,
        related_name="legal_requirements",
    )
    processes = ParentalManyToManyField(
        "wagtail_kvalitet.ProcessPage",
        verbose_name=_("processes that meet it"),
        blank=True,
        related_name="legal_requirements",
    )
    status = models.CharField(
        _("compliance"), max_length=20, choices=ComplianceStatus.choices, default=ComplianceStatus.NOT_ASSESSED
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"), default=default_review_interval
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the interval from the last review."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = LegalRequirementQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("reference"),
        index.SearchField("demands"),
        index.SearchField("how_met"),
        index.SearchField("responsible_function"),
        index.RelatedFields("statute", [index.SearchField("title"), index.SearchField("number")]),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["statute__title", "reference", "title"]
        verbose_name = _("legal requirement")
        verbose_name_plural = _("legal requirements")
        indexes = [models.Index(fields=["next_review_due"], name="kvalitet_legal_due_idx")]

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    def save(self, *args, **kwargs):
        if self.next_review_due is None and self.last_reviewed is not None:
            self.next_review_due = add_months(self.last_reviewed, self.review_interval_months)
        super().save(*args, **kwargs)

    def mark_reviewed(self, user, outcome=None, comment="", on=None):
        """Record a review: who, when, the outcome and a comment, and move the next review on.

        A review is an act with its own history row, revision and log entry, not an edit of the
        date fields, so that auditors can see every review, not only the latest. ``outcome=None``
        keeps the compliance as read under the row lock, so a bulk review that keeps each status
        never overwrites one that someone changed a moment before.
        """
        on = on or timezone.localdate()
        with transaction.atomic():
            requirement = LegalRequirement.objects.select_for_update().get(pk=self.pk)
            outcome = outcome or requirement.status
            requirement.status = outcome
            requirement.last_reviewed = on
            requirement.next_review_due = add_months(on, requirement.review_interval_months)
            requirement.save(update_fields=["status", "last_reviewed", "next_review_due"])
            review = requirement.reviews.create(
                reviewed_by=user,
                reviewer_name=(user.get_full_name() or user.get_username()) if user else "",
                reviewed_on=on,
                outcome=outcome,
                comment=comment,
                next_review_due=requirement.next_review_due,
            )
            requirement.save_revision(user=user, log_action=False)
            log(
                requirement,
                "wagtail_kvalitet.mark_reviewed",
                user=user,
                data={"outcome": outcome, "comment": comment, "next_review_due": str(requirement.next_review_due)},
            )
        for field in ("status", "last_reviewed", "next_review_due", "latest_revision_id"):
            setattr(self, field, getattr(requirement, field))
        return review

    @property
    def is_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def overdue_marker(self):
        """The register's overdue marker, in words as well as colour."""
        return _("Overdue") if self.is_overdue else ""

    @property
    def responsible_name(self):
        person = self.responsible_person
        name = (person.get_full_name() or person.get_username()) if person else ""
        return ", ".join(part for part in (name, self.responsible_function) if part)


class LegalRequirementReview(models.Model):
    """One review of a requirement: the evidence auditors ask for that the list is kept current."""

    requirement = models.ForeignKey(
        LegalRequirement, verbose_name=_("legal requirement"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Kept as text so the history still says who reviewed after the account is removed.
    reviewer_name = models.CharField(_("reviewer"), max_length=255, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ComplianceStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-recorded_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.requirement} {self.reviewed_on}"
