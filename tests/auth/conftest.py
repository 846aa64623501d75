"""Fixtures of the sign-in tests: a real SMTP server on loopback, browsers, and a Redis key prefix."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import sign_in
from tests.mailserver import Inbox, app_settings, free_port, mail_port, smtp_server  # noqa: F401

REDIS_URL = "redis://127.0.0.1:6379"


@pytest.fixture
def browser(app):
    """Open another browser (test client); `browser(user, remember=True)` also signs it in."""
    def open_browser(user=None, *, remember: bool = False):
        client = app.test_client()
        if user is not None:
            sign_in(client, user.email, **({"remember": "y"} if remember else {}))
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
