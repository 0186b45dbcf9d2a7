"""The emails a new case sends: a receipt to the sender and a notice to the staff who handle it.

A staff notice goes to ordinary mailboxes, often forwarded or read on a phone, so it carries no
personal data and none of the sender's text: only the reference number, the kind, the unit, the
dates and a link to the case in the admin, where access is checked and logged. The receipt goes
to the sender and repeats none of what they wrote either: it confirms that the case was received,
under which number, and what happens next.

Both are plain-text templates under ``wagtail_kvalitet/emails/``, so a site can reword them by
overriding a template, and are written in the site's language (``LANGUAGE_CODE``).
"""

import html
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from ..models.feedback import VIEW_ALL_CASES, CaseAccess
from ..reminders import absolute_admin_url

#: The URL name of a case's page in the admin inbox; the link falls back to the admin home.
CASE_ADMIN_URL_NAME = "wagtail_kvalitet_feedbackcase_modeladmin_inspect"


def case_admin_url(case):
    try:
        path = reverse(CASE_ADMIN_URL_NAME, args=[case.pk])
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return absolute_admin_url(path)


def html_to_text(value):
    """Rich text as plain text for an email: paragraphs and list items on lines of their own, links
    followed by their address in brackets, entities decoded."""
    if not value:
        return ""
    from wagtail.rich_text import expand_db_html

    text = expand_db_html(str(value))
    text = re.sub(
        r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>',
        lambda match: f"{match.group(2)} ({match.group(1)})" if match.group(1) != match.group(2) else match.group(1),
        text,
        flags=re.S | re.I,
    )
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</(p|h[1-6]|ul|ol|div|blockquote)>", "\n\n", text, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def tidy(body):
    """Template tags on lines of their own leave blank lines and trailing spaces behind."""
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", body)).strip() + "\n"


def render_email(name, context):
    """``(subject, body)`` from ``emails/<name>_subject.txt`` and ``emails/<name>.txt``, in the site's language."""
    with override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"wagtail_kvalitet/emails/{name}_subject.txt", context).split())
        body = tidy(render_to_string(f"wagtail_kvalitet/emails/{name}.txt", context))
    return subject, body


def organisation_name():
    from ..exports.workbook import organisation_name as name

    return name()


def receipt_email(case, source_page=None):
    """The receipt to the sender: the reference number and what happens next, none of their text."""
    page = source_page.specific if source_page is not None else None
    return render_email(
        "case_receipt",
        {
            "reference": case.reference,
            "kind": case.get_kind_display(),
            "is_idea": case.is_idea,
            "received_at": case.received_at,
            "what_happens_next": html_to_text(getattr(page, "thank_you_text", "")),
            "organisation_name": organisation_name(),
        },
    )


def notice_email(case):
    """The notice to staff: what arrived, for which unit, by when, and where to read it; no personal data."""
    return render_email(
        "case_notice",
        {
            "reference": case.reference,
            "kind": case.get_kind_display(),
            "is_idea": case.is_idea,
            "unit_name": case.unit.name if case.unit_id else "",
            "channel": case.get_channel_display(),
            "received_at": case.received_at,
            "receipt_due_on": case.receipt_due_on,
            "answer_due_on": case.answer_due_on,
            "case_url": case_admin_url(case),
        },
    )


def handler_addresses(unit):
    """The active handlers of ``unit`` and of the units above it, and the unit's contact address.

    One query for the handlers: the ancestors' paths are the prefixes of the unit's path.
    """
    steplen = unit.steplen
    paths = [unit.path[:end] for end in range(steplen, len(unit.path) + 1, steplen)]
    users = (
        CaseAccess.objects.filter(unit__path__in=paths, user__is_active=True)
        .exclude(user__email="")
        .order_by("unit__path", "user__pk")
        .values_list("user__email", flat=True)
    )
    addresses = list(users)
    if unit.contact_email:
        addresses.append(unit.contact_email)
    return addresses


def quality_staff_addresses():
    """Active users with the permission to see every case (not superusers by that alone), or, if no
    one has it, the active superusers: a case must always reach someone."""
    permission = Permission.objects.filter(codename=VIEW_ALL_CASES, content_type__app_label="wagtail_kvalitet")
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    holders = users.filter(Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
    addresses = list(holders.distinct().order_by("pk").values_list("email", flat=True))
    if not addresses:
        addresses = list(users.filter(is_superuser=True).order_by("pk").values_list("email", flat=True))
    return addresses


def staff_recipients(case, notify_email=""):
    """Who is told of a new case, each address once.

    The handlers of the case's unit and the units above it, the unit's contact address and the
    form's registry address. If the unit is unknown, or no one above would be told, quality staff
    (``view_all_feedbackcases``) are told instead, so that no case waits unseen.
    """
    addresses = handler_addresses(case.unit) if case.unit_id else []
    if not addresses:
        addresses = quality_staff_addresses()
    if notify_email:
        addresses.append(notify_email)
    unique, seen = [], set()
    for address in addresses:
        address = address.strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique
