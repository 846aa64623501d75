"""Fixtures of the sign-in tests: a real SMTP server on loopback, browsers, and a Redis key prefix."""

from __future__ import annotations

import socket
import uuid
from email import message_from_bytes
from email.policy import default as default_policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

PASSWORD = "correct-horse-9"  # the password of every account made by make_user (tests/conftest.py)
REDIS_URL = "redis://127.0.0.1:6379"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(SimpleNamespace(rcpt_tos=list(envelope.rcpt_tos), message=message,
                                             subject=str(message["Subject"]),
                                             text=message.get_body(("plain",)).get_content()))
        return "250 Message accepted for delivery"


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
    yield inbox
    controller.stop()


@pytest.fixture
def browser(app):
    """Open another browser (test client); `browser(user, remember=True)` also signs it in."""
    def open_browser(user=None, *, remember: bool = False):
        client = app.test_client()
        if user is not None:
            data = {"email": user.email, "password": PASSWORD}
            if remember:
                data["remember"] = "y"
            response = client.post("/auth/login", data=data)
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return open_browser


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the shared Redis; its keys are deleted afterwards."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable on {REDIS_URL} ({error}); start it to test the shared throttle")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in connection.scan_iter(match=f"*{prefix}*"):
        connection.delete(key)
    connection.close()
