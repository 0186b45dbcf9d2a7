"""A feedback form page and a complete submission, for the intake tests."""

import itertools

from wagtail_kvalitet.models import FeedbackFormPage, SenderType

_numbers = itertools.count(1)


def make_form_page(parent, **fields):
    number = next(_numbers)
    fields.setdefault("title", f"Lämna synpunkter {number}")
    fields.setdefault("slug", f"synpunkter-{number}")
    fields.setdefault("thank_you_text", "<p>Vi återkommer inom tio arbetsdagar.</p>")
    page = FeedbackFormPage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def submission(marker="", **fields):
    """What a sender fills in; ``marker`` is put into every personal field and the description."""
    fields.setdefault("description", f"Personalen kom inte som avtalat. {marker}")
    fields.setdefault("sender_type", SenderType.RELATIVE)
    fields.setdefault("name", f"Anna Andersson {marker}")
    fields.setdefault("email", f"anna.{marker.lower() or 'a'}@exempel.example")
    fields.setdefault("phone", f"070-123 45 67 {marker}")
    fields.setdefault("postal_address", f"Storgatan 1 {marker}")
    fields.setdefault("wants_answer", True)
    return fields
