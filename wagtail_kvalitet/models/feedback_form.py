"""The page that hosts a feedback form: complaints and comments on the public site, ideas on the intranet."""

import logging
from http import HTTPMethod

from django.core import signing
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from .base import KvalitetPage

logger = logging.getLogger(__name__)

#: How long the thank-you address of a case works: long enough to reload or come back to it the
#: same day; the reference number is also in the receipt email. A module constant, not a setting,
#: because no site should need to change it.
THANK_YOU_MAX_AGE = 24 * 60 * 60
THANK_YOU_SALT = "wagtail_kvalitet.feedback.thank-you"

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FormKind(models.TextChoices):
    PUBLIC = "public", _("Complaints and comments (public)")
    IDEAS = "ideas", _("Improvement ideas (staff)")


class FeedbackFormPage(RoutablePageMixin, KvalitetPage):
    """A form that creates a case, and the thank-you page that shows its reference number.

    The texts a municipality words for itself (introduction, how personal data is handled, what
    happens next) are fields; the questions are fixed so every case can be compiled the same way.
    The form can also be embedded in any page with the feedback form block, which posts here;
    errors are then shown on this page.

    The public form belongs on the public site, e.g. under its section page. The ideas form is for
    staff: put it on the intranet, below a page with a login restriction in Wagtail's privacy
    settings, so only staff can send ideas.
    """

    #: Each showing of the form carries a single-use token, so it is never served from the page cache.
    kvalitet_page_cache = False

    form_kind = models.CharField(_("form"), max_length=10, choices=FormKind.choices, default=FormKind.PUBLIC)
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    consent_text = RichTextField(
        _("personal data text"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("How the municipality handles the personal data in a case; shown above the send button."),
    )
    thank_you_text = RichTextField(
        _("what happens next"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Shown with the reference number after sending, and in the email receipt as plain text."),
    )
    notify_email = models.EmailField(
        _("registry email"),
        blank=True,
        help_text=_(
            "Also notified of every new case from this form, e.g. the registry. "
            "The notice links to the case and holds no personal data."
        ),
    )

    content_panels = KvalitetPage.content_panels + [
        FieldPanel("form_kind"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("thank_you_text"), FieldPanel("notify_email")],
            heading=_("Texts and notices"),
        ),
    ]

    template = "wagtail_kvalitet/pages/feedback_form_page.html"
    thank_you_template = "wagtail_kvalitet/pages/feedback_thank_you.html"

    # A form page may sit under a section page or any other page; it has no pages of its own.
    subpage_types = []
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS, HTTPMethod.POST]

    class Meta:
        verbose_name = _("feedback form page")
        verbose_name_plural = _("feedback form pages")

    # The form.

    def get_form_class(self):
        """The questions for this page's ``form_kind``; override to ask differently."""
        from ..feedback.forms import form_class_for

        return form_class_for(self.form_kind)

    def get_form(self, data=None, **kwargs):
        return self.get_form_class()(data, **kwargs)

    def get_context(self, request, *args, form=None, after_submission=False, **kwargs):
        """The form (empty unless one with errors is given), its hidden spam fields with a fresh token,
        and where it posts to. Also what the editor's preview shows."""
        from ..feedback.forms import antispam_context

        context = super().get_context(request, *args, **kwargs)
        context["form"] = form if form is not None else self.get_form()
        context["form_action"] = self.get_url(request) or ""
        context.update(antispam_context(after_submission=after_submission))
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        """Show the form, or take a submission: post, redirect, get (so a reload never sends twice).

        Every response carries a CSRF token or a case's number, so none may be stored by a shared cache.
        """
        if request.method == "POST":
            response = self.process_submission(request)
        else:
            response = self.render_form(request)
        add_never_cache_headers(response)
        return response

    def render_form(self, request, form=None, after_submission=False):
        """The form page; with ``form``, the submission shown again with its errors and answers kept.

        Status 200 either way, as Django and Wagtail's own forms answer: the page is a page to
        correct, not a failed request.
        """
        return TemplateResponse(
            request,
            self.get_template(request),
            self.get_context(request, form=form, after_submission=after_submission),
        )

    def process_submission(self, request):
        """Spam checks first, then the questions, then the case.

        Spam (honeypot filled, token missing, forged, reused or sent within seconds, client over the
        rate limit) is stored nowhere and sent nowhere, and answered exactly as a case is: 303 to a
        thank-you address under this page carrying a signed token. The page behind that address
        shows a reference number only for a real case, so the only thing a robot could learn is
        that it gets no number, which it cannot tell from a changed template, and a person is never
        told their message was thrown away on a guess.

        The one refusal a person can cause by accident, a form left open longer than the token
        lives, is shown again with the answers kept and a note to send it again: a robot learns
        nothing from it that fetching the page would not tell it.
        """
        from .. import antispam

        reason = antispam.refusal(request, request.POST)
        if reason == antispam.EXPIRED:
            form = self.get_form(request.POST)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "The form was open for so long that it has to be sent again, for your security. "
                    "Your answers are kept: check them and send the form."
                ),
            )
            return self.render_form(request, form, after_submission=True)
        if reason:
            logger.info("Refused a submission to feedback form page %s: %s", self.pk, reason)
            return self.thank_you_redirect(request)
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, after_submission=True)
        case = self.accept_case(request, form)
        return self.thank_you_redirect(request, case)

    def accept_case(self, request, form):
        """Store the case and queue its emails; override to add to a case before it is received."""
        from ..feedback.intake import receive_case
        from .feedback import Channel

        return receive_case(
            channel=Channel.WEB,
            source_page=self,
            notify_email=self.notify_email,
            **form.case_fields(),
        )

    # The thank-you page.

    def thank_you_token(self, case=None):
        """A signed, timestamped token naming the case (0 for none), valid on this page only.

        Base64 once more, because Wagtail's page URLs allow only letters, digits, "-" and "_",
        and a signed value contains ":".
        """
        signed = signing.dumps({"c": case.pk if case else 0}, salt=f"{THANK_YOU_SALT}:{self.pk}")
        return urlsafe_base64_encode(signed.encode())

    def thanked_case_pk(self, token):
        """The case a thank-you token names (0 for none); ``Http404`` if forged, expired or from another page."""
        try:
            signed = urlsafe_base64_decode(token).decode()
            return int(signing.loads(signed, salt=f"{THANK_YOU_SALT}:{self.pk}", max_age=THANK_YOU_MAX_AGE)["c"])
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise Http404 from error

    def thank_you_url(self, request=None, case=None):
        return self.get_url(request) + self.reverse_subpage("thank_you", kwargs={"token": self.thank_you_token(case)})

    def thank_you_redirect(self, request, case=None):
        return HttpResponseRedirect(self.thank_you_url(request, case), status=303)

    @path("tack/<str:token>/", name="thank_you")
    def thank_you(self, request, token):
        """The reference number, the kind and what happens next; reloading it sends nothing.

        A token that is forged, older than ``THANK_YOU_MAX_AGE`` or from another form page is not
        found. A case is shown only if it came from this page, and with nothing the sender wrote.
        """
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        case_pk = self.thanked_case_pk(token)
        from ..outbox import CASE_RECEIPT
        from .feedback import FeedbackCase

        case = None
        if case_pk:
            case = FeedbackCase.objects.filter(pk=case_pk, source_page=self).only("pk", "reference", "kind").first()
        context = KvalitetPage.get_context(self, request)
        context.update(
            {
                "case": case,
                "receipt_sent": bool(case) and case.queued_emails.filter(purpose=CASE_RECEIPT).exists(),
            }
        )
        response = TemplateResponse(request, self.thank_you_template, context)
        add_never_cache_headers(response)
        return response
