"""A real SMTP server on loopback for the tests that send mail: its inbox and the settings that point at it.

Conftests import the fixtures (`from tests.mailserver import app_settings, mail_port, smtp_server`).
"""

from __future__ import annotations

import asyncio
import socket
from email import message_from_bytes
from email.policy import default as default_policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller


def _html_of(message) -> str:
    part = message.get_body(("html",))
    return part.get_content() if part is not None else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives, and can be told to refuse or to be slow."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse = False
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.7.1 Recipient refused for the test"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(SimpleNamespace(rcpt_tos=list(envelope.rcpt_tos), message=message,
                                             subject=" ".join(str(message["Subject"]).split()),
                                             text=message.get_body(("plain",)).get_content(),
                                             html=_html_of(message)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.rcpt_tos]


@pytest.fixture
def mail_port() -> int:
    return free_port()


@pytest.fixture
def app_settings(app_settings, mail_port):
    app_settings.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mail_port, MAIL_TIMEOUT=5,
                        MAIL_SENDER="registry@example.org", BASE_URL="https://rules.example.org")
    return app_settings


@pytest.fixture
def smtp_server(mail_port):
    """Start a real SMTP server on loopback; yield its inbox; stop it afterwards."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=mail_port)
    controller.start()
    inbox.controller = controller
    yield inbox
    controller.stop()
