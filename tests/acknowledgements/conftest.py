"""Fixtures of the acknowledgement tests: a real SMTP server on loopback, departments, people, signed-in clients."""

from __future__ import annotations

from datetime import date

import pytest

from registry.db import db
from tests.conftest import sign_in
from tests.mailserver import app_settings, mail_port, smtp_server  # noqa: F401

TEXT_V1 = ("第一条 为规范公务接待，制定本办法。\n\n第二条 接待对象应当持公函。\n\n"
           "第三条 接待用餐不得提供高档菜肴。\n")
TEXT_V2 = ("第一条 为规范公务接待，制定本办法。\n\n第二条 接待对象应当持公函，并提前三日登记。\n\n"
           "第三条 接待用餐不得提供高档菜肴。\n")


@pytest.fixture
def client_for(app):
    """Return a test client signed in as the given user."""
    def make(user):
        client = app.test_client()
        sign_in(client, user.email)
        return client

    return make


@pytest.fixture
def office(make_department, make_user):
    """Two departments with their people, an owner (editor of 办公室) and an approver."""
    bgs, cwc = make_department("BGS", "办公室"), make_department("CWC", "财务处")
    return {
        "bgs": bgs, "cwc": cwc,
        "owner": make_user("editor", department_id=bgs, name="Owner"),
        "approver": make_user("approver", department_id=bgs, name="Approver"),
        "clerk": make_user("reader", department_id=bgs, name="Clerk"),
        "accountant": make_user("reader", department_id=cwc, name="Accountant"),
        "loner": make_user("reader", name="Loner"),
    }


@pytest.fixture
def rule_in_force(app, office):
    """Create 公务接待管理办法 (owned by the owner, 办公室) in force from `effective_on`; return its code."""
    def factory(effective_on: date, body: str = TEXT_V1, code: str = "BGS-001") -> str:
        from registry.auth.models import Department, User
        from registry.rules import services

        with app.app_context():
            rule = services.create_rule(None, code=code, title="公务接待管理办法",
                                        owner=db.session.get(User, office["owner"].id),
                                        department=db.session.get(Department, office["bgs"]))
            services.approve_version(None, services.add_draft_version(None, rule, body), effective_on)
            db.session.commit()
            return rule.code

    return factory


