"""Email backends for tests: a mail server that refuses, and one that is down."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class SMTPErrorBackend(BaseEmailBackend):
    """A mail server that answers every message with an SMTP error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


class ConnectionRefusedBackend(BaseEmailBackend):
    """A mail server that is not running."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()
