"""Fixtures of the reviews tests: a real SMTP server on loopback, and rules with owners and dates."""

from __future__ import annotations

import time
from datetime import date

import pytest
from aiosmtpd.controller import Controller

from registry.db import db
from tests.mailserver import Inbox, app_settings, free_port, mail_port, smtp_server  # noqa: F401


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
