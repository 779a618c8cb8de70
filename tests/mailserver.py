"""A real SMTP server for the tests, on a free port: what the portal sends crosses a socket.

aiosmtpd runs in its own thread; every message it receives is parsed and kept, so a
test reads the e-mails as a mail client would (parts, attachments, headers).
"""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


class Collector:
    """The aiosmtpd handler: keeps each message received, parsed."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 OK"

    def clear(self):
        with self.arrived:
            self.messages.clear()

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, count, timeout=10):
        """Block until ``count`` messages have arrived (mail sent from a server thread)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port=None):
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, handler


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def calendar_of(message):
    """The invitation attached, as text with its long lines unfolded (RFC 5545), or None."""
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            content = part.get_content()
            text = content.decode() if isinstance(content, bytes) else content
            return text.replace("\r\n ", "").replace("\n ", "")
    return None
