"""Personal API tokens: made and revoked on the user's page, shown once, hashed, scoped; CSRF for cookies only."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from registry.db import db

BODY = "第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"


def _create(client, name="OA system", scope="read") -> str:
    page = client.post("/account/tokens", data={"name": name, "scope": scope})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    return re.search(r'value="(rgt_[\w-]+)"', page.get_data(as_text=True)).group(1)


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_token_is_shown_once_stored_hashed_and_used_with_the_users_permissions(app, client, login, make_user,
                                                                                make_rule, make_department):
    department = make_department()
    make_rule(code="PUB-1", versions=[(BODY, date(2020, 1, 1))])
    make_rule(code="SEC-1", draft="第一条 保密草案。\n", department_id=department)
    login(make_user("editor", department_id=department))
    secret = _create(client)
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing and secret[:8] in listing and "OA system" in listing  # shown only once
    with app.app_context():
        from registry.tokens.models import ApiToken

        stored = db.session.scalars(select(ApiToken)).one()
        assert secret not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64
        assert stored.last_used_at is None
    client.post("/auth/logout")
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/rules").status_code == 401
    answer = anonymous.get("/api/v1/rules", headers=_bearer(secret)).get_json()
    assert sorted(item["code"] for item in answer["items"]) == ["PUB-1", "SEC-1"]  # the editor's own draft too
    assert anonymous.get("/api/v1/rules/SEC-1", headers=_bearer(secret)).status_code == 200
    assert "Set-Cookie" not in anonymous.get("/api/v1/rules", headers=_bearer(secret)).headers
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().last_used_at is not None


def test_a_token_is_only_for_the_api(app, client, login, make_user):
    login(make_user())
    secret = _create(client)
    client.post("/auth/logout")
    other = app.test_client()
    page = other.get("/rules", headers=_bearer(secret))
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]


def test_reader_tokens_and_revocation(app, client, login, make_user, make_rule):
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    reader = make_user()
    login(reader)
    read_only = _create(client, "portal", "read")
    writer = _create(client, "scripts", "write")
    bot = app.test_client()
    proposal = {"rule": code, "kind": "repeal", "rationale": "已过时"}
    refused = bot.post("/api/v1/proposals", json=proposal, headers=_bearer(read_only))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "insufficient_scope"
    made = bot.post("/api/v1/proposals", json=proposal, headers=_bearer(writer))
    assert made.status_code == 201 and made.get_json()["kind"] == "repeal"
    with app.app_context():
        from registry.tokens.models import ApiToken

        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.name == "scripts"))
    client.post("/account/tokens/revoke", data={"id": token_id})
    assert "revoked" in client.get("/account/tokens").get_data(as_text=True)
    gone = bot.get("/api/v1/rules", headers=_bearer(writer))
    assert gone.status_code == 401 and gone.get_json()["error"]["code"] == "invalid_token"
    assert gone.headers["WWW-Authenticate"].startswith("Bearer")
    assert bot.get("/api/v1/rules", headers=_bearer(read_only)).status_code == 200
    for bad in ("Bearer nonsense", "Bearer ", "Basic abc"):
        assert bot.get("/api/v1/rules", headers={"Authorization": bad}).status_code == 401


def test_someone_elses_token_cannot_be_revoked(app, client, login, make_user):
    login(make_user())
    secret = _create(client)
    client.post("/auth/logout")
    login(make_user())
    with app.app_context():
        from registry.tokens.models import ApiToken

        token_id = db.session.scalar(select(ApiToken.id))
    page = client.post("/account/tokens/revoke", data={"id": token_id}, follow_redirects=True)
    assert "no such token" in page.get_data(as_text=True)
    assert app.test_client().get("/api/v1/rules", headers=_bearer(secret)).status_code == 200


@pytest.mark.parametrize("change, status", [
    ({"is_active_account": False}, 401),  # a deactivated user's token stops working
    ({"is_password_temporary": True}, 200),  # it keeps working while the password is temporary
])
def test_a_token_follows_its_users_account(app, client, login, make_user, change, status):
    user = make_user()
    login(user)
    secret = _create(client)
    with app.app_context():
        from registry.auth.models import User

        for name, value in change.items():
            setattr(db.session.get(User, user.id), name, value)
        db.session.commit()
    answer = app.test_client().get("/api/v1/rules", headers=_bearer(secret))
    assert answer.status_code == status and answer.is_json


def test_token_form_explains_what_is_missing(client, login, make_user):
    login(make_user())
    page = client.post("/account/tokens", data={"name": "", "scope": "admin"})
    assert page.status_code == 200 and "rgt_" not in page.get_data(as_text=True)
    assert "field-errors" in page.get_data(as_text=True)


def test_csrf_applies_to_cookie_writes_not_to_token_writes(make_app, make_user, make_rule):
    app = make_app(WTF_CSRF_ENABLED=True)
    code = make_rule(versions=[(BODY, date(2020, 1, 1))])
    user = make_user()
    browser = app.test_client()
    login_page = browser.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    from tests.conftest import PASSWORD

    assert browser.post("/auth/login", data={"email": user.email, "password": PASSWORD,
                                             "csrf_token": csrf}).status_code == 302
    proposal = {"rule": code, "kind": "repeal", "rationale": "已过时"}
    forged = browser.post("/api/v1/proposals", json=proposal)
    assert forged.status_code == 400 and forged.get_json()["error"]["code"] == "csrf_failed"
    tokens_page = browser.get("/account/tokens").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', tokens_page).group(1)
    assert browser.post("/api/v1/proposals", json=proposal, headers={"X-CSRFToken": csrf}).status_code == 201
    page = browser.post("/account/tokens", data={"name": "bot", "scope": "write", "csrf_token": csrf})
    secret = re.search(r'value="(rgt_[\w-]+)"', page.get_data(as_text=True)).group(1)
    bot = app.test_client()
    assert bot.post("/api/v1/proposals", json={**proposal, "rationale": "再议"},
                    headers=_bearer(secret)).status_code == 201


def test_an_admin_sees_and_revokes_another_users_tokens(app, client, login, make_user):
    owner = make_user(email="oa.owner@example.org")
    login(owner)
    secret, kept = _create(client, name="OA system"), _create(client, name="Portal")
    client.post("/auth/logout")
    with app.app_context():
        from registry.tokens.models import ApiToken

        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.name == "OA system"))
    login(make_user("admin"))
    page = client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert "OA system" in page and "Portal" in page and secret[:8] in page and secret not in page
    answer = client.post(f"/admin/users/{owner.id}/tokens/revoke", data={"id": token_id}, follow_redirects=True)
    assert "Token revoked" in answer.get_data(as_text=True)
    bot = app.test_client()
    assert bot.get("/api/v1/rules", headers=_bearer(secret)).status_code == 401
    assert bot.get("/api/v1/rules", headers=_bearer(kept)).status_code == 200  # only that one
    with app.app_context():
        from registry.audit.models import AuditEntry

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "token.revoke"))
        assert entry.object_id == token_id and "oa.owner@example.org" in entry.summary
    other = make_user()
    wrong = client.post(f"/admin/users/{other.id}/tokens/revoke", data={"id": token_id}, follow_redirects=True)
    assert "This user has no such token" in wrong.get_data(as_text=True)
    for bad in ("", "abc", "99999999999"):
        reply = client.post(f"/admin/users/{owner.id}/tokens/revoke", data={"id": bad}, follow_redirects=True)
        assert reply.status_code == 200 and "This user has no such token" in reply.get_data(as_text=True)
    assert client.post("/admin/users/999999/tokens/revoke", data={"id": token_id}).status_code == 404


def test_only_admins_revoke_other_users_tokens(app, client, login, make_user):
    owner = make_user()
    login(owner)
    secret = _create(client)
    client.post("/auth/logout")
    with app.app_context():
        from registry.tokens.models import ApiToken

        token_id = db.session.scalar(select(ApiToken.id))
    login(make_user("approver"))
    assert client.post(f"/admin/users/{owner.id}/tokens/revoke", data={"id": token_id}).status_code == 403
    assert app.test_client().get("/api/v1/rules", headers=_bearer(secret)).status_code == 200
