"""Cases: complaints, comments, praise and suggestions from the public, and improvement ideas from staff.

SOSFS 2011:9 asks a care provider to receive, investigate, compile and act on what people tell
it. A case is created by a feedback form (or registered by staff when it came by phone or letter)
and is then handled in the admin. It is a public record from the moment it is received, so it is
never deleted by the app: retention only anonymises the personal data and keeps the statistics.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: Longest text a sender may write in one free-text field; forms and the admin use the same limits.
DESCRIPTION_MAX_LENGTH = 5000
HANDLING_TEXT_MAX_LENGTH = 10000


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    COMMENT = "comment", pgettext_lazy("case kind", "Comment")
    PRAISE = "praise", _("Praise")
    SUGGESTION = "suggestion", _("Suggestion")
    IDEA = "idea", _("Improvement idea")

    @classmethod
    def public(cls):
        """The kinds the public form offers; ideas come from staff on the intranet."""
        return [cls.COMPLAINT, cls.COMMENT, cls.PRAISE, cls.SUGGESTION]


class SenderType(models.TextChoices):
    CARE_RECIPIENT = "care_recipient", _("Care recipient or client")
    RELATIVE = "relative", _("Relative or legal representative")
    STAFF = "staff", _("Staff")
    OTHER_PROVIDER = "other_provider", _("Other care provider")
    AUTHORITY = "authority", _("Authority")
    ORGANISATION = "organisation", _("Organisation or association")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")


class Channel(models.TextChoices):
    """How the case reached the municipality."""

    WEB = "web", _("Web form")
    PHONE = "phone", pgettext_lazy("channel", "Phone")
    LETTER = "letter", pgettext_lazy("channel", "Letter")
    EMAIL = "email", pgettext_lazy("channel", "Email")
    VISIT = "visit", _("Visit or meeting")


class CaseStatus(models.TextChoices):
    """One field for both flows: complaints and the like are *received → investigating → answered →
    closed*; ideas are *new → assessing → implementing → done / not pursued*."""

    RECEIVED = "received", _("Received")
    INVESTIGATING = "investigating", _("Investigating")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    NEW = "new", _("New")
    ASSESSING = "assessing", _("Assessing")
    IMPLEMENTING = "implementing", _("Implementing")
    DONE = "done", _("Done")
    NOT_PURSUED = "not_pursued", _("Not pursued")


CASE_FLOW = [CaseStatus.RECEIVED, CaseStatus.INVESTIGATING, CaseStatus.ANSWERED, CaseStatus.CLOSED]
IDEA_FLOW = [CaseStatus.NEW, CaseStatus.ASSESSING, CaseStatus.IMPLEMENTING, CaseStatus.DONE, CaseStatus.NOT_PURSUED]
#: Statuses in which nothing more is expected of the handler: no deadlines, ready for retention.
FINISHED_STATUSES = [CaseStatus.CLOSED, CaseStatus.DONE, CaseStatus.NOT_PURSUED]
#: Statuses in which the sender has had their answer (or, for ideas, a decision).
ANSWERED_STATUSES = [
    CaseStatus.ANSWERED,
    CaseStatus.CLOSED,
    CaseStatus.IMPLEMENTING,
    CaseStatus.DONE,
    CaseStatus.NOT_PURSUED,
]


def statuses_for(kind):
    return IDEA_FLOW if kind == CaseKind.IDEA else CASE_FLOW


def initial_status(kind):
    return statuses_for(kind)[0]


#: Permission codename that lets quality staff see the cases of every unit.
VIEW_ALL_CASES = "view_all_feedbackcases"


class FeedbackCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases ``user`` may see: those of the units they handle and the units below them.

        Quality staff with the ``view_all_feedbackcases`` permission see every case; so do
        superusers. A case whose unit is unknown ("don't know") is for them only.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser or user.has_perm(f"wagtail_kvalitet.{VIEW_ALL_CASES}"):
            return self
        from .organisation import OrganisationUnit

        paths = list(CaseAccess.objects.filter(user=user).values_list("unit__path", flat=True))
        if not paths:
            return self.none()
        condition = models.Q()
        for path in paths:
            condition |= models.Q(path__startswith=path)
        return self.filter(unit__in=OrganisationUnit.objects.filter(condition).values("pk"))

    def open(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def ideas(self):
        return self.filter(kind=CaseKind.IDEA)

    def not_ideas(self):
        return self.exclude(kind=CaseKind.IDEA)

    def receipt_overdue(self, today=None):
        """Received, not yet acknowledged to the sender, and past the receipt deadline."""
        today = today or timezone.localdate()
        return self.open().filter(acknowledged_at__isnull=True, receipt_due_on__lt=today)

    def answer_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().exclude(status__in=ANSWERED_STATUSES).filter(answer_due_on__lt=today)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            models.Q(pk__in=self.receipt_overdue(today).values("pk"))
            | models.Q(pk__in=self.answer_overdue(today).values("pk"))
        )

    def due_for_anonymisation(self, before):
        """Finished before ``before`` and still holding personal data."""
        return self.filter(status__in=FINISHED_STATUSES, finished_at__lt=before, anonymised_at__isnull=True)


class FeedbackCase(models.Model):
    """One complaint, comment, praise, suggestion or improvement idea, from receipt to closing.

    The sender's personal data (name and contact details) sits in its own fields so retention can
    blank exactly those; the description may hold personal data too and is replaced by a note.
    """

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, db_index=True)
    channel = models.CharField(_("received by"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    unit = models.ForeignKey(
        "wagtail_kvalitet.OrganisationUnit",
        verbose_name=_("unit concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_cases",
        help_text=_("Empty when the sender did not know which unit it concerns."),
    )
    description = models.TextField(_("what happened"), max_length=DESCRIPTION_MAX_LENGTH)
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    sender_type = models.CharField(_("sender"), max_length=20, choices=SenderType.choices, blank=True, db_index=True)

    # The sender's personal data; blanked by retention.
    anonymous = models.BooleanField(_("sent anonymously"), default=False)
    wants_answer = models.BooleanField(_("wants an answer"), default=False)
    contact_method = models.CharField(_("answer by"), max_length=10, choices=ContactMethod.choices, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)

    # Dates and deadlines. Deadlines are counted in working days when the case is received.
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    receipt_due_on = models.DateField(_("receipt due"), null=True, blank=True)
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    finished_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)

    # Handling.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_feedback_cases",
    )
    quality_areas = models.ManyToManyField(
        "wagtail_kvalitet.QualityArea", verbose_name=_("quality areas"), blank=True, related_name="feedback_cases"
    )
    investigation = models.TextField(_("investigation"), max_length=HANDLING_TEXT_MAX_LENGTH, blank=True)
    measures = models.TextField(_("measures taken"), max_length=HANDLING_TEXT_MAX_LENGTH, blank=True)
    answer = models.TextField(_("answer given"), max_length=HANDLING_TEXT_MAX_LENGTH, blank=True)
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("process or routine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The process or routine the case concerns."),
    )
    lex_sarah = models.BooleanField(
        _("assess under lex Sarah"), default=False, help_text=_("Possible misconduct in social services (SoL/LSS).")
    )
    lex_maria = models.BooleanField(
        _("assess under lex Maria"), default=False, help_text=_("Possible care injury in health care (PSL).")
    )

    # Where it came from.
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("form page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FeedbackCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-pk"]
        permissions = [(VIEW_ALL_CASES, _("Can see the cases of every unit"))]
        indexes = [models.Index(fields=["kind", "received_at"], name="kvalitet_case_kind_received")]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display().lower()})"

    @property
    def is_idea(self):
        return self.kind == CaseKind.IDEA

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def status_choices(self):
        return [(status.value, status.label) for status in statuses_for(self.kind)]

    def is_receipt_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            not self.is_finished
            and self.acknowledged_at is None
            and self.receipt_due_on is not None
            and self.receipt_due_on < today
        )

    def is_answer_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            not self.is_finished
            and self.status not in ANSWERED_STATUSES
            and self.answer_due_on is not None
            and self.answer_due_on < today
        )

    def is_overdue(self, today=None):
        return self.is_receipt_overdue(today) or self.is_answer_overdue(today)

    def set_status(self, status, now=None):
        """Move to ``status`` and stamp the dates the report counts handling times from."""
        if status not in statuses_for(self.kind):
            raise ValueError(f"{status!r} is not a status of a {self.kind}")
        now = now or timezone.now()
        self.status = status
        if status in ANSWERED_STATUSES and self.answered_at is None:
            self.answered_at = now
        if status != statuses_for(self.kind)[0] and self.acknowledged_at is None:
            self.acknowledged_at = now
        if status in FINISHED_STATUSES:
            self.finished_at = self.finished_at or now
        else:
            self.finished_at = None


class CaseAccess(models.Model):
    """A user who handles the cases of a unit, and so sees them and those of the units below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="case_access"
    )
    unit = models.ForeignKey(
        "wagtail_kvalitet.OrganisationUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="case_access",
    )

    class Meta:
        verbose_name = _("case handler")
        verbose_name_plural = _("case handlers")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="kvalitet_case_access_once")]

    def __str__(self):
        return f"{self.user} – {self.unit}"


def check_can_view(user, case):
    """Raise PermissionDenied unless ``user`` may see ``case``; one query."""
    if not FeedbackCase.objects.visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied
