"""Fixtures of the procedure tests: departments, people in them, a rule of a kind with a draft, the defaults."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from registry.db import db
from tests.mailserver import app_settings, mail_port, smtp_server  # noqa: F401


@pytest.fixture
def office(app, make_department, make_user):
    """The office: its departments (办公室 drafts, 法规处 reviews, 财务处 and 人事处 countersign) and people."""
    from registry.procedures.defaults import seed_default_procedures

    ids = {code: make_department(code, name) for code, name in
           (("BGS", "办公室"), ("FGC", "法规处"), ("CWC", "财务处"), ("RSC", "人事处"))}
    with app.app_context():
        seed_default_procedures()
        db.session.commit()
    return SimpleNamespace(
        departments=ids,
        drafter=make_user("editor", ids["BGS"], email="drafter@example.org"),
        legal=make_user("editor", ids["FGC"], email="legal@example.org"),
        finance=make_user("editor", ids["CWC"], email="finance@example.org"),
        personnel=make_user("editor", ids["RSC"], email="personnel@example.org"),
        approver=make_user("approver", ids["BGS"], email="chief@example.org"),
        reader=make_user("reader", email="staff@example.org"),
    )


BODY = "第一条 为了规范公务接待，制定本办法。\n第二条 本办法适用于本单位。\n第三条 本办法自公布之日起施行。\n"


@pytest.fixture
def drafted(app, office):
    """Create a rule of a kind in 办公室 with a draft; return its code."""
    counter = iter(range(1, 1000))

    def factory(kind: str, code: str | None = None) -> str:
        from registry.auth.models import Department
        from registry.rules import services

        with app.app_context():
            rule = services.create_rule(None, code=code or f"BG-{next(counter):03d}", title="公务接待管理办法",
                                        department=db.session.get(Department, office.departments["BGS"]),
                                        kind=kind)
            services.add_draft_version(None, rule, BODY)
            db.session.commit()
            return rule.code

    return factory


def sign_in(app, person):
    """Return a test client signed in as `person` (from the `office` fixture or make_user)."""
    from tests.conftest import PASSWORD

    client = app.test_client()
    response = client.post("/auth/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client
