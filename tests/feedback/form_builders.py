"""Answers to the feedback forms and the hidden spam fields, for the form, page and block tests."""

import time

from wagtail_kvalitet import antispam


def shown_token(seconds_ago=10):
    """A token as if the form had been shown ``seconds_ago``: old enough to pass the time check."""
    return antispam.issue_token(now=time.time() - seconds_ago)


def public_answers(**answers):
    """A complete, valid public form: a relative's complaint who does not want an answer."""
    answers.setdefault("kind", "complaint")
    answers.setdefault("unit", "")
    answers.setdefault("description", "Personalen kom inte som avtalat på tisdagen.")
    answers.setdefault("occurred_on", "")
    answers.setdefault("sender_type", "relative")
    answers.setdefault("wants_answer", "no")
    answers.setdefault("contact_method", "")
    for name in ("name", "email", "phone", "postal_address"):
        answers.setdefault(name, "")
    return answers


def idea_answers(**answers):
    answers.setdefault("unit", "")
    answers.setdefault("description", "Digitala scheman skulle spara en timme om dagen.")
    answers.setdefault("name", "")
    answers.setdefault("email", "")
    return answers


def posted(answers, token=None, honeypot=""):
    """What the browser sends: the answers and the two hidden spam fields."""
    return {**answers, antispam.TOKEN_FIELD: token or shown_token(), antispam.HONEYPOT_FIELD: honeypot}
