"""Fixtures of the reviews tests: a real SMTP server on loopback, and rules with owners and dates."""

from __future__ import annotations

import asyncio
import socket
import time
from datetime import date
from email import message_from_bytes
from email.policy import default as default_policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from registry.db import db


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
                                             html=message.get_body(("html",)).get_content()))
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


@pytest.fixture
def start_smtp(mail_port):
    """Start the SMTP server later in a test (to simulate a server that was down)."""
    started = []

    def start() -> Inbox:
        inbox = Inbox()
        for _ in range(50):  # the port may linger briefly after a failed connection
            try:
                controller = Controller(inbox, hostname="127.0.0.1", port=mail_port)
                controller.start()
                break
            except OSError:
                time.sleep(0.1)
        started.append(controller)
        return inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def owned_rule(app):
    """Create an in-force rule with an owner, effective date and cycle; return its code."""
    counter = iter(range(1, 10_000))

    def factory(owner_id: int | None, effective_on: date, cycle: int = 12, department_id: int | None = None,
                code: str | None = None, title: str | None = None, category: str | None = None):
        from registry.admin.services import ensure_category_path
        from registry.auth.models import Department, User
        from registry.rules import services

        n = next(counter)
        with app.app_context():
            rule = services.create_rule(
                None, code=code or f"RV-{n:03d}", title=title or f"Rule number {n}",
                owner=db.session.get(User, owner_id) if owner_id else None,
                department=db.session.get(Department, department_id) if department_id else None,
                category=ensure_category_path(category) if category else None, review_cycle_months=cycle)
            version = services.add_draft_version(None, rule, f"第一条 Text of rule {n}.\n")
            services.approve_version(None, version, effective_on)
            db.session.commit()
            return rule.code

    return factory


@pytest.fixture
def set_locale(app):
    def setter(user_id: int, locale: str) -> None:
        from registry.auth.models import User

        with app.app_context():
            db.session.get(User, user_id).locale = locale
            db.session.commit()

    return setter
