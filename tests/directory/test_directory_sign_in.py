"""Directory sign-in against a real OpenLDAP (slapd) the tests start on loopback: the first sign-in makes
the account, groups give roles, a removed person is refused, a directory that is down is explained while
local administrators still sign in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.db import db
from tests.conftest import PASSWORD
from tests.directory.slapd import GROUPS, PEOPLE, missing_reason, start_slapd
from tests.mailserver import free_port

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    server = start_slapd(tmp_path_factory.mktemp("slapd"))
    server.add_person("zhang.wei", "Zhang Wei", "zhang.wei@example.org", "wei-directory-pass", department="CWC",
                      groups=("registry-editors",))
    server.add_person("li.na", "Li Na", "li.na@example.org", "na-directory-pass", groups=("registry-approvers",
                                                                                         "registry-editors"))
    server.add_person("wang.fang", "Wang Fang", "wang.fang@example.org", "fang-directory-pass")
    yield server
    server.stop()


def _ldap_settings(url: str) -> dict:
    return {"LDAP_URL": url, "LDAP_USER_BASE": PEOPLE, "LDAP_GROUP_BASE": GROUPS,
            "LDAP_GROUP_ROLES": ("registry-editors=editor", "registry-approvers=approver"),
            "LDAP_TIMEOUT_SECONDS": 3}


@pytest.fixture
def app_settings(app_settings, slapd):
    return {**app_settings, **_ldap_settings(slapd.url)}


def _sign_in(client, login, password):
    return client.post("/auth/login", data={"email": login, "password": password})


def _user(app, email):
    from registry.auth.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return None if user is None else (user.name, user.role, user.department.code if user.department else None,
                                          bool(user.password_hash))


def test_first_sign_in_makes_the_account_from_the_directory(app, client, make_department):
    make_department(code="CWC", name="财务处")
    assert _user(app, "zhang.wei@example.org") is None
    answer = _sign_in(client, "zhang.wei", "wei-directory-pass")  # the user name, not only the e-mail
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/home/")
    assert _user(app, "zhang.wei@example.org") == ("Zhang Wei", "editor", "CWC", False)  # no local password kept
    client.post("/auth/logout")
    assert _sign_in(client, "zhang.wei@example.org", "wei-directory-pass").status_code == 302  # by e-mail too
    from registry.audit.models import AuditEntry

    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.directory_sync")) is not None


def test_groups_give_the_highest_role_and_no_group_gives_reader(app, client):
    assert _sign_in(client, "li.na", "na-directory-pass").status_code == 302
    assert _user(app, "li.na@example.org")[1] == "approver"
    client.post("/auth/logout")
    assert _sign_in(client, "wang.fang", "fang-directory-pass").status_code == 302
    assert _user(app, "wang.fang@example.org")[1] == "reader"


def test_wrong_or_empty_password_and_unknown_people_are_refused(app, client):
    for login, password in (("li.na", "wrong"), ("li.na", ""), ("nobody", "whatever"), ("*", "x"),
                            ("li.na)(uid=*", "na-directory-pass")):
        page = _sign_in(client, login, password)
        assert page.status_code == 200, (login, password)
    assert _sign_in(client, "li.na", " ").status_code == 200
    assert _user(app, "li.na@example.org") is None


def test_a_person_removed_from_the_directory_is_refused(app, client, slapd):
    dn = slapd.add_person("chen.jie", "Chen Jie", "chen.jie@example.org", "jie-directory-pass",
                          groups=("registry-editors",))
    assert _sign_in(client, "chen.jie", "jie-directory-pass").status_code == 302
    client.post("/auth/logout")
    slapd.remove(dn)
    page = _sign_in(client, "chen.jie", "jie-directory-pass")
    assert page.status_code == 200 and "Wrong email or password" in page.get_data(as_text=True)


def test_local_admins_keep_signing_in_and_other_local_accounts_use_the_directory(app, client, make_user):
    admin = make_user("admin", email="root@example.org")
    reader = make_user("reader", email="local.reader@example.org")
    assert _sign_in(client, admin.email, PASSWORD).status_code == 302
    client.post("/auth/logout")
    assert _sign_in(client, reader.email, PASSWORD).status_code == 200  # not in the directory: refused


def test_a_directory_that_is_down_is_explained_and_local_admins_still_sign_in(make_app, make_user):
    app = make_app(**_ldap_settings(f"ldap://127.0.0.1:{free_port()}"))
    with app.app_context():
        from registry.auth.services import create_user

        create_user(None, email="root@example.org", name="Root", role="admin", password=PASSWORD)
        db.session.commit()
    client = app.test_client()
    page = _sign_in(client, "li.na", "na-directory-pass")
    assert page.status_code == 503 and "staff directory cannot be reached" in page.get_data(as_text=True)
    assert _sign_in(client, "root@example.org", PASSWORD).status_code == 302


def test_without_a_directory_local_sign_in_is_unchanged(make_app, make_user):
    app = make_app(LDAP_URL="")
    with app.app_context():
        from registry.auth.services import create_user

        create_user(None, email="reader@example.org", name="Reader", role="reader", password=PASSWORD)
        db.session.commit()
    client = app.test_client()
    assert _sign_in(client, "reader@example.org", PASSWORD).status_code == 302
    assert _sign_in(app.test_client(), "li.na", "na-directory-pass").status_code == 200  # the e-mail check applies


def _token(client) -> str:
    import re

    page = client.post("/account/tokens", data={"name": "OA system", "scope": "read"})
    return re.search(r'value="(rgt_[\w-]+)"', page.get_data(as_text=True)).group(1)


def _closed(app, email):
    """The account's state after removal: (active, sign-ins left, active tokens, audit entry written)."""
    from registry.audit.models import AuditEntry
    from registry.auth.models import SignIn, User
    from registry.tokens.models import ApiToken

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        sign_ins = db.session.scalars(select(SignIn).where(SignIn.user_id == user.id)).all()
        tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                           ApiToken.revoked_at.is_(None))).all()
        audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.directory_removed",
                                                           AuditEntry.object_id == user.id))
        return user.is_active_account, len(sign_ins), len(tokens), audit is not None


def test_sync_closes_the_accounts_of_removed_people_at_once(app, client, runner, slapd):
    gone = slapd.add_person("zhou.min", "Zhou Min", "zhou.min@example.org", "min-directory-pass")
    slapd.add_person("xu.lei", "Xu Lei", "xu.lei@example.org", "lei-directory-pass")
    assert _sign_in(client, "zhou.min", "min-directory-pass").status_code == 302
    secret = _token(client)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/home/").status_code == 200
    assert app.test_client().get("/api/v1/rules", headers=bearer).status_code == 200
    stays = app.test_client()
    assert _sign_in(stays, "xu.lei", "lei-directory-pass").status_code == 302
    slapd.remove(gone)
    result = runner.invoke(args=["directory", "sync"])
    assert result.exit_code == 0, result.output
    assert "1 closed" in result.output and "still in the directory" in result.output
    assert _closed(app, "zhou.min@example.org") == (False, 0, 0, True)
    assert client.get("/home/").status_code in (302, 401)  # the old session cookie names nothing now
    assert app.test_client().get("/api/v1/rules", headers=bearer).status_code == 401
    assert stays.get("/home/").status_code == 200  # someone still in the directory keeps their sign-in
    again = runner.invoke(args=["directory", "sync"])
    assert again.exit_code == 0 and "0 closed" in again.output  # closing is done once, audited once


def test_a_sign_in_attempt_after_removal_closes_the_account(app, client, slapd):
    gone = slapd.add_person("sun.li", "Sun Li", "sun.li@example.org", "li-directory-pass")
    assert _sign_in(client, "sun.li", "li-directory-pass").status_code == 302
    secret = _token(client)
    other = app.test_client()
    assert _sign_in(other, "sun.li@example.org", "li-directory-pass").status_code == 302  # a second browser
    slapd.remove(gone)
    page = _sign_in(app.test_client(), "sun.li@example.org", "li-directory-pass")
    assert page.status_code == 200 and "Wrong email or password" in page.get_data(as_text=True)
    assert _closed(app, "sun.li@example.org") == (False, 0, 0, True)
    assert client.get("/home/").status_code in (302, 401) and other.get("/home/").status_code in (302, 401)
    assert app.test_client().get("/api/v1/rules",
                                 headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_sync_changes_nothing_while_the_directory_is_down(make_app):
    app = make_app(**_ldap_settings(f"ldap://127.0.0.1:{free_port()}"))
    with app.app_context():
        from registry.auth.services import create_user
        from registry.directory.models import DirectoryLink

        user = create_user(None, email="gone@example.org", name="Gone", role="reader", password=PASSWORD)
        db.session.add(DirectoryLink(user=user, dn=f"uid=gone,{PEOPLE}"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["directory", "sync"])
    assert result.exit_code != 0 and "Nothing was changed" in result.output
    with app.app_context():
        from registry.auth.models import User

        assert db.session.scalar(select(User).where(User.email == "gone@example.org")).is_active_account


def test_sync_needs_a_directory(make_app):
    result = make_app(LDAP_URL="").test_cli_runner().invoke(args=["directory", "sync"])
    assert result.exit_code != 0 and "No directory is configured" in result.output


def test_sync_closes_people_the_user_filter_no_longer_admits(make_app, slapd):
    """As a disabled Active Directory account: the entry stays, the filter leaves it out."""
    query = "(&(objectClass=inetOrgPerson)(!(employeeType=left))(|(uid={login})(mail={login})))"
    app = make_app(**_ldap_settings(slapd.url), LDAP_USER_FILTER=query)
    dn = slapd.add_person("he.yun", "He Yun", "he.yun@example.org", "yun-directory-pass")
    client = app.test_client()
    assert _sign_in(client, "he.yun", "yun-directory-pass").status_code == 302
    runner = app.test_cli_runner()
    assert "0 closed" in runner.invoke(args=["directory", "sync"]).output
    with slapd.admin() as connection:
        assert connection.modify(dn, {"employeeType": [("MODIFY_REPLACE", ["left"])]}), connection.result
    result = runner.invoke(args=["directory", "sync"])
    assert result.exit_code == 0 and "1 closed" in result.output, result.output
    assert _closed(app, "he.yun@example.org") == (False, 0, 0, True)
    assert client.get("/home/").status_code in (302, 401)
