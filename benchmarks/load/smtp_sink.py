"""A tiny SMTP server in a thread that keeps every message it is given, for counting deliveries.

Why: the load test must tell whether each queued email reached the mail server exactly once. A
real mail server would need installing and reading back; this sink speaks just enough SMTP for
Django's SMTP backend (no TLS, no login), stores each message with its Message-ID, and answers
every message with 250, so nothing is ever retried because of the sink. Standard library only
(``socketserver``); the standard library's own ``smtpd`` is gone from Python 3.12.
"""

import socketserver
import threading
import time
from dataclasses import dataclass
from email.parser import BytesHeaderParser

MAX_LINE = 1 << 20


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    recipients: tuple
    message_id: str
    subject: str
    received_at: float
    data: bytes


class SinkHandler(socketserver.StreamRequestHandler):
    """One SMTP conversation: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; anything else is refused."""

    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 kvalitet-sink ESMTP ready")
        mail_from, recipients = None, []
        while True:
            raw = self.rfile.readline(MAX_LINE)
            if not raw:
                return
            command, _, argument = raw.decode("utf-8", "replace").strip().partition(" ")
            verb = command.upper()
            if verb == "EHLO":
                self.wfile.write(b"250-kvalitet-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 kvalitet-sink")
            elif verb == "MAIL":
                mail_from, recipients = address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                if mail_from is None:
                    self.reply("503 MAIL first")
                    continue
                recipients.append(address(argument))
                self.reply("250 OK")
            elif verb == "DATA":
                if mail_from is None or not recipients:
                    self.reply("503 MAIL and RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self.read_data()
                if data is None:
                    return
                self.server.sink.store(mail_from, recipients, data)
                mail_from, recipients = None, []
                self.reply("250 OK stored")
            elif verb == "RSET":
                mail_from, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self):
        """The message up to the line with a single dot, with dot-stuffing undone; None if the peer left."""
        lines = []
        while True:
            line = self.rfile.readline(MAX_LINE)
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


def address(argument):
    """``FROM:<a@b>`` or ``TO:<a@b> SIZE=..`` -> ``a@b``."""
    _, _, rest = argument.partition(":")
    rest = rest.strip()
    if rest.startswith("<"):
        return rest[1 : rest.find(">")] if ">" in rest else rest[1:]
    return rest.split(" ", 1)[0]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """Start with ``start()``, read ``messages()``, stop with ``stop()``; usable as a context manager."""

    def __init__(self, host="127.0.0.1", port=0):
        self._lock = threading.Lock()
        self._messages = []
        self._server = _Server((host, port), SinkHandler)
        self._server.sink = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="smtp-sink", daemon=True)

    @property
    def port(self):
        return self._server.server_address[1]

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def store(self, mail_from, recipients, data):
        headers = BytesHeaderParser().parsebytes(data)
        message = ReceivedMessage(
            mail_from=mail_from,
            recipients=tuple(recipients),
            message_id=(headers.get("Message-ID") or "").strip(),
            subject=str(headers.get("Subject") or ""),
            received_at=time.time(),
            data=data,
        )
        with self._lock:
            self._messages.append(message)

    def messages(self):
        with self._lock:
            return list(self._messages)
