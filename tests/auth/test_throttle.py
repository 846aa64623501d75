"""Failed sign-ins are counted per account and per address, in memory or in a Redis shared by nodes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from registry.auth import models
from registry.auth.models import dummy_password_hash
from tests.conftest import PASSWORD

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WRONG = "not the password at all"


def attempt(client, email: str, password: str = WRONG, address: str = "192.0.2.1", **headers):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_an_account_pauses_after_too_many_failures_and_says_so(app, client, make_user):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per 10 minutes")
    user = make_user("reader")
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(3):
            assert attempt(client, user.email).status_code == 200
        refused = attempt(client, user.email, PASSWORD)  # even the right password waits
        assert refused.status_code == 429
        assert "Too many failed sign-ins. Wait 10 minutes" in refused.get_data(as_text=True)
        assert 0 < int(refused.headers["Retry-After"]) <= 600
        assert attempt(client, user.email.upper(), PASSWORD, address="198.51.100.7").status_code == 429
        clock.move_to(T0 + timedelta(minutes=10, seconds=1))
        assert attempt(client, user.email, PASSWORD).status_code == 302


def test_the_pause_is_explained_in_chinese(app, client, make_user):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="1 per 10 minutes")
    user = make_user("reader")
    attempt(client, user.email)
    refused = attempt(client, user.email, **{"Accept-Language": "zh-CN"})
    assert refused.status_code == 429 and "登录失败次数过多" in refused.get_data(as_text=True)


def test_an_address_pauses_after_failures_on_many_accounts(app, client, make_user):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="4 per 15 minutes")
    for n in range(4):
        attempt(client, f"guess{n}@example.org")
    assert attempt(client, "guess9@example.org").status_code == 429
    user = make_user("reader")
    assert attempt(client, user.email, PASSWORD, address="198.51.100.7").status_code == 302  # another address


def test_behind_a_proxy_the_address_is_the_forwarded_one(make_app):
    node = make_app(TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes")
    client = node.test_client()
    for n in range(2):
        attempt(client, f"guess{n}@example.org", address="127.0.0.1", **{"X-Forwarded-For": "203.0.113.5"})
    blocked = attempt(client, "guess@example.org", address="127.0.0.1", **{"X-Forwarded-For": "203.0.113.5"})
    other = attempt(client, "guess@example.org", address="127.0.0.1", **{"X-Forwarded-For": "203.0.113.6"})
    assert blocked.status_code == 429 and other.status_code == 200


def test_a_success_forgets_the_accounts_failures(app, client, make_user):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per 10 minutes")
    user = make_user("reader")
    attempt(client, user.email)
    attempt(client, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post("/auth/logout")
    attempt(client, user.email)
    attempt(client, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_unknown_and_known_accounts_cost_one_hash_and_read_alike(app, client, make_user, monkeypatch):
    user = make_user("reader")
    checked = []
    real = models.check_password_hash
    monkeypatch.setattr(models, "check_password_hash", lambda hashed, password: checked.append(hashed) or real(
        hashed, password))
    known = attempt(client, user.email).get_data(as_text=True)
    unknown = attempt(client, "nobody@example.org").get_data(as_text=True)
    assert len(checked) == 2
    assert checked[1] == dummy_password_hash() and checked[0] != checked[1]
    assert "Wrong email or password." in known and "Wrong email or password." in unknown
    assert known.replace(user.email, "nobody@example.org") == unknown


def test_the_count_is_shared_by_nodes_through_redis(make_app, redis_prefix, make_user):
    shared = {"LOGIN_LIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "LOGIN_LIMIT_KEY_PREFIX": redis_prefix,
              "LOGIN_LIMIT_PER_ACCOUNT": "4 per 10 minutes"}
    node_a, node_b = make_app(**shared), make_app(**shared)
    with node_a.app_context():
        from registry.auth.services import create_user
        from registry.db import db

        create_user(None, email="shared@example.org", name="Shared", password=PASSWORD)
        db.session.commit()
    a, b = node_a.test_client(), node_b.test_client()
    attempt(a, "shared@example.org")
    attempt(b, "shared@example.org")
    attempt(a, "shared@example.org")
    attempt(b, "shared@example.org")
    assert attempt(a, "shared@example.org", PASSWORD).status_code == 429
    assert attempt(b, "shared@example.org", PASSWORD).status_code == 429
    other = make_app(**{**shared, "LOGIN_LIMIT_KEY_PREFIX": redis_prefix + "-other"})
    assert attempt(other.test_client(), "shared@example.org", PASSWORD).status_code == 302  # another prefix


def test_an_unreachable_redis_does_not_stop_sign_in(make_app, make_user, caplog):
    node = make_app(LOGIN_LIMIT_STORAGE_URI="redis://127.0.0.1:1")
    with node.app_context():
        from registry.auth.services import create_user
        from registry.db import db

        create_user(None, email="alone@example.org", name="Alone", password=PASSWORD)
        db.session.commit()
    client = node.test_client()
    assert attempt(client, "alone@example.org").status_code == 200
    assert attempt(client, "alone@example.org", PASSWORD).status_code == 302
    assert "sign-in throttle storage unreachable" in caplog.text
