"""Every route that changes something refuses anonymous visitors and readers, on the server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.audit.models import AuditEntry
from registry.db import db

BODY = "第一条 测试。\n\n第二条 测试二。\n"
# Routes everyone signed in may use although they accept POST.
OPEN_TO_READERS = {"auth.login", "auth.logout",
                   # one's own password; a reset link asked for by address, used through its token
                   "auth.change_password", "auth.sign_out_elsewhere", "auth.forgot_password", "auth.reset_password",
                   # self-service: their own calendar feed, notifications and e-mail preferences
                   "reviews.calendar_renew", "reviews.calendar_revoke", "notifications.mark_read",
                   "notifications.preferences"}
# Anyone signed in may propose a change or a missing rule and comment (the proposals area checks the rest).
OPEN_TO_READERS |= {"proposals.new", "proposals.backlog_new", "proposals.comment", "proposals.campaign_missing"}
# All staff comment on a draft while its consultation (征求意见) runs; the service refuses at any other time.
OPEN_TO_READERS |= {"procedures.comment"}
OPEN_TO_READERS |= {"proposals.new", "proposals.backlog_new", "proposals.comment", "proposals.campaign_missing",
                    "api.submit_proposal", "api.comment"}  # the same through the API
OPEN_TO_READERS |= {"tokens.create", "tokens.revoke"}  # their own API tokens
# Staff confirm a rule they were asked to read and follow rules (the service checks the audience).
OPEN_TO_READERS |= {"acknowledgements.confirm", "acknowledgements.follow", "acknowledgements.unfollow",
                    "usage.add_evidence", "usage.flag"}  # and record evidence of use or flag an article


def _changing_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"} and rule.endpoint not in OPEN_TO_READERS:
            yield rule


def _url(rule, code: str) -> str:
    values = {}
    for arg in rule.arguments:
        values[arg] = code if arg == "code" else 1
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def seeded(app, make_rule, make_department, make_user):
    department = make_department()
    make_user("editor", department_id=department)
    code = make_rule(code="GL-001", versions=[(BODY, date(2020, 1, 1))], draft=BODY + "第三条 草案。\n",
                     department_id=department)
    return code


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id)))


def test_anonymous_is_refused_everywhere(app, client, seeded):
    before = _audit_count(app)
    routes = list(_changing_routes(app))
    assert len(routes) >= 10
    for rule in routes:
        response = client.post(_url(rule, seeded), data={"reason": "x", "effective_on": "2025-01-01"})
        assert response.status_code in (302, 401, 403), rule.endpoint
        if response.status_code == 302:
            assert "/auth/login" in response.headers["Location"], rule.endpoint
    assert _audit_count(app) == before


def test_reader_is_refused_everywhere(app, client, login, make_user, seeded):
    login(make_user("reader"))
    before = _audit_count(app)
    for rule in _changing_routes(app):
        response = client.post(_url(rule, seeded), data={"reason": "x", "effective_on": "2025-01-01",
                                                          "title": "t", "code": "c", "body": "b"})
        assert response.status_code in (403, 404), (rule.endpoint, response.status_code)
    assert _audit_count(app) == before


def test_editor_of_another_department_cannot_edit(app, client, login, make_user, make_department, seeded):
    other = make_department(code="CWC", name="财务处")
    login(make_user("editor", department_id=other))
    assert client.post(f"/rules/{seeded}/edit", data={"title": "x", "code": seeded}).status_code == 403
    assert client.get(f"/rules/{seeded}/versions/new").status_code == 403


def test_admin_pages_need_admin(client, login, make_user):
    login(make_user("approver"))
    assert client.get("/admin/users").status_code == 403


def test_csrf_is_enforced(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/auth/login", data={"email": "a@b.org", "password": "x"})
    with app.app_context():
        db.engine.dispose()  # this second app's pooled connections must not outlive the test
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
