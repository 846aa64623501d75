"""The password policy holds wherever a password is set: CLI, admin, one's own change, a reset link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.auth.models import User
from registry.auth.passwords import WeakPassword, check_password_policy, common_passwords
from registry.db import db

GOOD = "a new long passphrase"


@pytest.mark.parametrize(("password", "reason"), [
    ("short1", "at least 12 characters"),
    ("password1234", None),
    ("1qaz2wsx3edc", "most common"),
    ("QWERTYUIOP", "at least 12"),
    ("Qwerty123456", None),
    ("woaini1314woaini", None),
    ("zhang.san@example.org", "e-mail address or your name"),
    ("Zhang San Feng", "e-mail address or your name"),
    ("zhangsanfeng", "e-mail address or your name"),
    ("x" * 201, "at most 200"),
])
def test_the_policy(app, password, reason):
    with app.test_request_context():
        if reason is None:
            check_password_policy(password, email="zhang.san@example.org", name="Zhang San Feng")
        else:
            with pytest.raises(WeakPassword, match=reason):
                check_password_policy(password, email="zhang.san@example.org", name="Zhang San Feng")


def test_common_passwords_are_refused_in_any_case(app):
    app.config["PASSWORD_MIN_LENGTH"] = 8
    assert {"password", "12345678", "woaini1314", "1qaz2wsx"} <= common_passwords()
    with app.test_request_context():
        for password in ("PASSWORD", "Password1", "WoAiNi1314", "iloveyou"):
            with pytest.raises(WeakPassword, match="most common"):
                check_password_policy(password)


def test_the_length_is_a_setting(app):
    app.config["PASSWORD_MIN_LENGTH"] = 30
    with app.test_request_context(), pytest.raises(WeakPassword, match="at least 30 characters"):
        check_password_policy(GOOD)


def test_users_create_refuses_a_weak_password(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "boss@example.org", "--name", "Boss"],
                           input="1qaz2wsx3edc\n")
    assert result.exit_code != 0 and "most common" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "boss@example.org")) is None


def test_the_admin_form_explains_a_refused_password(client, login, make_user):
    login(make_user("admin"))
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "At least 12 characters; not a common password" in page
    response = client.post("/admin/users/new", data={"email": "new@example.org", "name": "New Person Here",
                                                     "role": "reader", "department_id": "", "locale": "en",
                                                     "is_active": "y", "password": "new person here"})
    assert response.status_code == 200
    assert "must not be your e-mail address or your name" in response.get_data(as_text=True)
    assert 'value="new@example.org"' in response.get_data(as_text=True)  # nothing typed is lost


def test_changing_ones_password_needs_the_current_one_and_the_policy(app, client, login, make_user):
    user = login(make_user("reader"))
    wrong = client.post("/auth/password", data={"current": "not it at all", "password": GOOD, "confirm": GOOD})
    assert "The current password is wrong." in wrong.get_data(as_text=True)
    weak = client.post("/auth/password", data={"current": "correct-horse-9", "password": "short", "confirm": "short"})
    assert "at least 12 characters" in weak.get_data(as_text=True)
    differ = client.post("/auth/password", data={"current": "correct-horse-9", "password": GOOD,
                                                 "confirm": GOOD + "!"})
    assert "The two passwords differ." in differ.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).check_password("correct-horse-9")


def test_the_change_password_page_in_chinese(client, login, make_user):
    login(make_user("reader", locale="zh_CN"))
    page = client.get("/auth/password").get_data(as_text=True)
    assert "修改密码" in page and "当前密码" in page and "至少 12 个字符" in page


def test_changing_ones_password_needs_a_sign_in(client):
    response = client.get("/auth/password")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_users_password_sets_a_password_under_the_policy(app, runner, make_user):
    user = make_user("admin")
    weak = runner.invoke(args=["users", "password", "--email", user.email], input="password\n")
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output
    done = runner.invoke(args=["users", "password", "--email", user.email], input="locked out no more\n")
    assert done.exit_code == 0, done.output
    assert "every sign-in of theirs has ended" in done.output
    with app.app_context():
        assert db.session.get(User, user.id).check_password("locked out no more")
    assert runner.invoke(args=["users", "password", "--email", "nobody@example.org"], input="x\n").exit_code != 0


@pytest.mark.real_password_hashes
def test_passwords_are_stored_with_scrypt_and_checked(app, make_user, login):
    """Every other test hashes with few rounds for speed; here the production method is used end to end."""
    user = make_user("reader")
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("scrypt:") and "correct-horse-9" not in stored
    login(user)  # the sign-in checks the password against the scrypt hash
