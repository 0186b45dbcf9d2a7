"""What a browser reads from and sends to the feedback form, shared by the locust users and the checks.

Standard library only: the locustfile imports it in locust's own virtualenv, the checks in
``.venv``. One place for the complaint's fields, the hidden inputs a POST must send back, the
reference number on the thank-you page and the made-up client addresses.
"""

import datetime
import re
from html.parser import HTMLParser

#: The reference number on the thank-you page (shown only for a real case).
REFERENCE = re.compile(r"data-kvalitet-reference[^>]*>\s*([^<\s]+)\s*<")
FORM_FIELDS = ("csrfmiddlewaretoken", "form_token")


class HiddenInputs(HTMLParser):
    """The values of the named inputs in a page (the first of each name)."""

    def __init__(self, wanted):
        super().__init__()
        self.wanted = set(wanted)
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") in self.wanted:
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


def hidden_inputs(html, *names):
    parser = HiddenInputs(names)
    parser.feed(html or "")
    return parser.values


def reference_on(html):
    """The reference number a thank-you page shows, or "" (a refused submission shows none)."""
    found = REFERENCE.search(html or "")
    return found.group(1) if found else ""


def client_address(number, first_octets="10"):
    """A made-up client address for submission ``number``, for the X-Forwarded-For header only.

    ``10.a.b.c`` with ``a`` below 255: the rate-limit check's addresses (``10.255.x.y``) never
    collide with the citizens'.
    """
    return f"{first_octets}.{(number >> 16) % 255}.{(number >> 8) & 255}.{number & 255}"


def complaint(number, anonymous, unit=""):
    """A complete, valid complaint: anonymous, or from a relative who wants an answer (and a receipt) by email."""
    data = {
        "kind": "complaint",
        "unit": str(unit),
        "description": (
            f"Klagomål {number} under lasttest. Hemtjänsten kom inte på morgonen som avtalat, och ingen "
            "ringde för att säga att de skulle bli sena. Min mamma väntade i två timmar."
        ),
        "occurred_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        "sender_type": "relative",
        "website": "",
    }
    if anonymous:
        data.update({"anonymous": "on", "wants_answer": "no"})
    else:
        data.update(
            {
                "wants_answer": "yes",
                "contact_method": "email",
                "name": "Anna Andersson",
                "email": f"anna.andersson{number}@exempel.example",
            }
        )
    return data
