"""Sign-ins live on the server: signing out, a password change or reset, or expiry ends them for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from registry.audit.models import AuditEntry
from registry.auth.models import SignIn, User
from registry.auth.signins import hash_token
from registry.db import db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PROTECTED = "/rules"  # every page needs a sign-in by default


def signed_in(client) -> bool:
    response = client.get(PROTECTED)
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def replay(app, **cookies):
    """A fresh browser that sends only the given cookies (copied from another one)."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value, domain="localhost")
    return client


def cookie(client, name: str) -> str:
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def sign_in_count(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SignIn).where(SignIn.user_id == user_id))


def test_the_cookies_carry_a_sign_in_token_not_the_user_id(app, browser, make_user):
    user = make_user("reader")
    client = browser(user, remember=True)
    session = app.session_interface.get_signing_serializer(app).loads(cookie(client, "session"))
    token = session["_user_id"]
    assert token != str(user.id) and len(token) >= 40
    assert cookie(client, "remember_token").startswith(token + "|")
    with app.app_context():
        row = db.session.scalar(select(SignIn).where(SignIn.token_hash == hash_token(token)))
        assert row.user_id == user.id and row.is_remembered
        assert db.session.scalar(select(SignIn).where(SignIn.token_hash == token)) is None  # only the hash


def test_signing_out_ends_the_session_cookie_on_the_server(app, browser, make_user):
    user = make_user("reader")
    client = browser(user)
    old = cookie(client, "session")
    assert signed_in(replay(app, session=old))  # the copy works while the sign-in lasts
    client.post("/auth/logout")
    assert not signed_in(client)
    assert not signed_in(replay(app, session=old))
    assert sign_in_count(app, user.id) == 0


def test_signing_out_ends_the_remember_cookie_on_the_server(app, browser, make_user):
    user = make_user("reader")
    client = browser(user, remember=True)
    remembered = cookie(client, "remember_token")
    assert signed_in(replay(app, remember_token=remembered))  # a new browser session gets back in
    client.post("/auth/logout")
    assert not signed_in(replay(app, remember_token=remembered))


def test_each_sign_in_has_its_own_token_and_ends_alone(app, browser, make_user):
    user = make_user("reader")
    first, second = browser(user, remember=True), browser(user, remember=True)
    first_token, second_token = cookie(first, "remember_token"), cookie(second, "remember_token")
    assert first_token != second_token
    first.post("/auth/logout")
    assert not signed_in(replay(app, remember_token=first_token))
    assert signed_in(replay(app, remember_token=second_token)) and signed_in(second)


def test_a_remembered_sign_in_expires_on_the_server(app, browser, make_user):
    app.config["REMEMBER_COOKIE_DURATION"] = 3 * 24 * 3600
    user = make_user("reader")
    with time_machine.travel(T0, tick=False) as clock:
        remembered = cookie(browser(user, remember=True), "remember_token")
        clock.move_to(T0 + timedelta(days=3) - timedelta(minutes=1))
        assert signed_in(replay(app, remember_token=remembered))
        clock.move_to(T0 + timedelta(days=3, seconds=1))
        assert not signed_in(replay(app, remember_token=remembered))


def test_a_sign_in_without_remember_ends_when_idle_and_lasts_while_used(app, browser, make_user):
    app.config["SIGN_IN_IDLE_MINUTES"] = 30
    user = make_user("reader")
    with time_machine.travel(T0, tick=False) as clock:
        client = browser(user)
        for minutes in (20, 40, 60):  # used every 20 minutes: still signed in after an hour
            clock.move_to(T0 + timedelta(minutes=minutes))
            assert signed_in(client)
        clock.move_to(T0 + timedelta(minutes=60 + 31))
        assert not signed_in(client)


def test_changing_ones_password_ends_the_other_sign_ins(app, browser, make_user):
    user = make_user("reader")
    here, elsewhere = browser(user), browser(user, remember=True)
    remembered = cookie(elsewhere, "remember_token")
    response = here.post("/auth/password", data={"current": "correct-horse-9", "password": "a new long passphrase",
                                                 "confirm": "a new long passphrase"}, follow_redirects=True)
    assert "Your password is changed" in response.get_data(as_text=True)
    assert signed_in(here)
    assert not signed_in(elsewhere)
    assert not signed_in(replay(app, remember_token=remembered))
    assert sign_in_count(app, user.id) == 1


def test_an_admin_setting_a_password_signs_the_user_out_everywhere(app, browser, make_user):
    admin, user = make_user("admin"), make_user("reader")
    users_browser, admins_browser = browser(user, remember=True), browser(admin)
    response = admins_browser.post(f"/admin/users/{user.id}", data={
        "email": user.email, "name": "Reader", "role": "reader", "department_id": "", "locale": "en",
        "is_active": "y", "password": "temporary passphrase 7"})
    assert response.status_code == 302
    assert not signed_in(users_browser)
    assert signed_in(admins_browser)  # the admin's own sign-in is not touched
    old = app.test_client().post("/auth/login", data={"email": user.email, "password": "correct-horse-9"})
    assert old.status_code == 200 and "Wrong email or password" in old.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).check_password("temporary passphrase 7")  # … the new one is set


def test_deactivating_a_user_signs_them_out(app, browser, make_user):
    admin, user = make_user("admin"), make_user("reader")
    users_browser = browser(user)
    browser(admin).post(f"/admin/users/{user.id}", data={"email": user.email, "name": "Reader", "role": "reader",
                                                         "department_id": "", "locale": "en"})
    assert not signed_in(users_browser)


def test_sign_ins_sign_outs_and_failures_are_audited(app, browser, make_user):
    user = make_user("reader")
    client = browser(user)
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": user.email, "password": "wrong password here"})
    client.post("/auth/login", data={"email": "nobody@example.org", "password": "wrong password here"})
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.startswith("auth."))
                                     .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["auth.sign_in", "auth.sign_out", "auth.sign_in_failed",
                                               "auth.sign_in_failed"]
        assert entries[0].actor_id == user.id and entries[1].actor_id == user.id
        assert entries[2].object_id == user.id and entries[2].summary.startswith(user.email)
        assert entries[3].object_id is None and entries[3].summary.startswith("nobody@example.org")


def test_a_backup_holds_no_sign_ins_nor_reset_links(app, browser, make_user, tmp_path):
    import json
    import zipfile

    browser(make_user("reader"), remember=True)
    result = app.test_cli_runner().invoke(args=["registry", "export", str(tmp_path / "backup.zip"),
                                                "--with-password-hashes"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "backup.zip") as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        assert "users" in manifest["tables"]
        assert not {"sign_ins", "password_resets"} & set(manifest["tables"])
        assert not [name for name in bundle.namelist() if "sign_ins" in name or "password_resets" in name]


def test_signing_out_in_every_other_browser(app, browser, make_user):
    user = make_user("reader")
    here, there = browser(user), browser(user, remember=True)
    page = here.get("/auth/password").get_data(as_text=True)
    assert page.count("UTC</td>") == 4 and "(this browser)" in page  # two sign-ins listed
    assert "Signed out in every other browser." in here.post("/auth/sign-out-elsewhere",
                                                             follow_redirects=True).get_data(as_text=True)
    assert signed_in(here) and not signed_in(there)


def test_a_password_set_by_an_admin_must_be_replaced_first(app, browser, make_user):
    admin, user = make_user("admin"), make_user("reader")
    browser(admin).post(f"/admin/users/{user.id}", data={
        "email": user.email, "name": "Reader", "role": "reader", "department_id": "", "locale": "en",
        "is_active": "y", "password": "temporary passphrase 7"})
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": "temporary passphrase 7"}
                       ).status_code == 302
    response = client.get("/rules")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/password")
    assert "An administrator set your password" in client.get("/auth/password").get_data(as_text=True)
    client.post("/auth/password", data={"current": "temporary passphrase 7", "password": "my very own passphrase",
                                        "confirm": "my very own passphrase"})
    assert signed_in(client)
