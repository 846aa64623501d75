"""Password reset by an e-mailed one-time link (a real SMTP server on loopback), by a user or an admin."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from registry.audit.models import AuditEntry
from registry.auth.models import PasswordReset
from registry.db import db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
NEW = "a brand new passphrase"
LINK = re.compile(r"https://rules\.example\.org/auth/reset/[\w-]+")


def ask_for_link(client, email: str):
    """Ask for a link; closing the response sends the mail, as a WSGI server does once it has gone."""
    response = client.post("/auth/forgot", data={"email": email})
    response.close()
    return response


def link_in(message) -> str:
    found = LINK.search(message.text)
    assert found, message.text
    return found.group(0).removeprefix("https://rules.example.org")


def set_new(client, path: str, password: str = NEW):
    return client.post(path, data={"password": password, "confirm": password})


def test_forgot_password_mails_a_link_that_works_once(app, client, browser, smtp_server, make_user):
    user = make_user("reader")
    signed_in_elsewhere = browser(user, remember=True)
    page = ask_for_link(client, user.email)
    assert page.status_code == 200 and "If an account uses this address" in page.get_data(as_text=True)
    (message,) = smtp_server.messages
    assert message.rcpt_tos == [user.email] and message.subject == "Set a new password for the rules registry"
    assert "it works once, for 60 minutes" in message.text
    path = link_in(message)
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Referrer-Policy"] == "no-referrer"
    done = set_new(client, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    assert client.post("/auth/login", data={"email": user.email, "password": NEW}).status_code == 302
    assert signed_in_elsewhere.get("/rules").status_code == 302  # the reset ended the other sign-ins
    again = app.test_client().get(path)
    assert again.status_code == 410 and "expired or was already used" in again.get_data(as_text=True)
    assert set_new(app.test_client(), path, "yet another passphrase").status_code == 410


def test_forgot_password_never_tells_whether_an_account_exists(app, client, smtp_server, make_user):
    user = make_user("reader")
    known = ask_for_link(client, user.email).get_data(as_text=True)
    unknown = ask_for_link(client, "nobody@example.org").get_data(as_text=True)
    assert known.replace(user.email, "nobody@example.org") == unknown
    assert len(smtp_server.messages) == 1  # only the real account got mail
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PasswordReset)) == 1


def test_the_mail_goes_only_once_the_page_has_been_sent(client, smtp_server, make_user):
    user = make_user("reader")
    response = client.post("/auth/forgot", data={"email": user.email})
    assert response.status_code == 200 and smtp_server.messages == []  # the answer does not wait for SMTP
    response.close()
    assert len(smtp_server.messages) == 1


def test_a_reset_link_expires(app, client, smtp_server, make_user):
    app.config["PASSWORD_RESET_MINUTES"] = 30
    user = make_user("reader")
    with time_machine.travel(T0, tick=False) as clock:
        ask_for_link(client, user.email)
        path = link_in(smtp_server.messages[0])
        clock.move_to(T0 + timedelta(minutes=29))
        assert client.get(path).status_code == 200
        clock.move_to(T0 + timedelta(minutes=30, seconds=1))
        assert client.get(path).status_code == 410
        assert set_new(client, path).status_code == 410


def test_a_new_password_ends_the_older_links(app, client, smtp_server, make_user):
    user = make_user("reader")
    ask_for_link(client, user.email)
    ask_for_link(client, user.email)
    first, second = (link_in(m) for m in smtp_server.messages)
    assert first != second
    assert set_new(client, second).status_code == 302
    assert client.get(first).status_code == 410


def test_the_link_page_applies_the_policy(client, smtp_server, make_user):
    user = make_user("reader")
    ask_for_link(client, user.email)
    path = link_in(smtp_server.messages[0])
    refused = set_new(client, path, "1qaz2wsx3edc")
    assert refused.status_code == 200 and "most common" in refused.get_data(as_text=True)
    assert client.get(path).status_code == 200  # a refused try does not use the link up


def test_an_admin_sends_a_reset_link(app, client, login, smtp_server, make_user):
    user = make_user("reader", locale="zh_CN")
    admin = login(make_user("admin"))
    response = client.post(f"/admin/users/{user.id}/reset-link", follow_redirects=True)
    assert f"A link to set a new password was sent to {user.email}." in response.get_data(as_text=True)
    (message,) = smtp_server.messages
    assert message.subject == "设置规章制度登记簿的新密码"  # in the user's language
    assert set_new(app.test_client(), link_in(message)).status_code == 302
    with app.app_context():
        actions = db.session.execute(select(AuditEntry.action, AuditEntry.actor_id)
                                     .where(AuditEntry.object_id == user.id, AuditEntry.action.like("user.pass%"))
                                     .order_by(AuditEntry.id)).all()
        assert actions == [("user.password_reset_link", admin.id), ("user.password", None),
                           ("user.password_reset", None)]


def test_an_admin_is_told_when_the_mail_server_is_down(app, client, login, make_user):
    user = make_user("reader")
    login(make_user("admin"))
    response = client.post(f"/admin/users/{user.id}/reset-link", follow_redirects=True)
    assert "The e-mail could not be sent" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PasswordReset)) == 0


def test_only_admins_send_reset_links(client, login, make_user):
    user = make_user("reader")
    login(make_user("approver"))
    assert client.post(f"/admin/users/{user.id}/reset-link").status_code == 403


def test_reset_requests_count_against_the_address(app, client, smtp_server, make_user):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per 15 minutes"
    user = make_user("reader")
    ask_for_link(client, user.email)
    ask_for_link(client, "nobody@example.org")
    refused = ask_for_link(client, user.email)
    assert refused.status_code == 429 and "Too many requests from your address" in refused.get_data(as_text=True)
    assert len(smtp_server.messages) == 1
