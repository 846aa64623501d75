"""Two app instances on one database, each with its own instance folder and search index (PostgreSQL when
REGISTRY_TEST_DATABASE_URL is set): what one approves the other finds, and reminders are sent once."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest

from registry.db import db
from registry.reviews.schedule import add_months
from tests.conftest import TEST_DATABASE_URL, sign_in
from tests.reviews.at_once import send_at_once

D = date(2026, 12, 1)
WORD = "节点甲乙协同"


@pytest.fixture
def nodes(make_app, tmp_path):
    """Nodes A and B: separate instance folders (make_app) and index directories, one database."""
    a = make_app(INDEX_DIR=str(tmp_path / "index-a"))
    b = make_app(INDEX_DIR=str(tmp_path / "index-b"), SEARCH_SYNC_INTERVAL_SECONDS=1)
    assert a.instance_path != b.instance_path
    return a, b


def approve_on(node, admin_id: int, code: str, body: str) -> None:
    from registry.auth.models import User
    from registry.rules import services

    with node.app_context():
        actor = db.session.get(User, admin_id)
        rule = services.create_rule(actor, code=code, title=f"{code} 管理办法")
        services.approve_version(actor, services.add_draft_version(actor, rule, body), date(2024, 1, 1))
        db.session.commit()


def signed_in(node, email: str):
    client = node.test_client()
    sign_in(client, email)
    return client


def test_a_rule_approved_on_a_is_found_on_b(nodes, make_user):
    a, b = nodes
    admin = make_user("admin")
    on_b = signed_in(b, admin.email)
    assert "NODE-1" not in on_b.get(f"/search?q={WORD}").get_data(as_text=True)  # B's index is open and current
    approve_on(a, admin.id, "NODE-1", f"第一条 {WORD}的规定。\n")
    assert "NODE-1" in signed_in(a, admin.email).get(f"/search?q={WORD}").get_data(as_text=True)
    result = b.test_cli_runner().invoke(args=["search", "sync"])  # what B's timer or first search does
    assert result.exit_code == 0, result.output
    assert "NODE-1" in on_b.get(f"/search?q={WORD}").get_data(as_text=True)
    # Without a command: B's searches apply the outbox every SEARCH_SYNC_INTERVAL_SECONDS (here 1 s).
    approve_on(a, admin.id, "NODE-2", f"第一条 {WORD}的补充规定。\n")
    deadline = time.monotonic() + 10
    while "NODE-2" not in on_b.get(f"/search?q={WORD}").get_data(as_text=True):
        assert time.monotonic() < deadline, "B did not find the rule approved on A within 10 s"
        time.sleep(0.3)


def test_reminders_sent_from_both_nodes_at_once_go_out_once(app, app_settings, tmp_path, smtp_server, make_user,
                                                            owned_rule):
    from sqlalchemy import func, select

    from registry.reviews.models import ReminderLog

    users = [make_user("editor") for _ in range(6)]
    for user in users:
        owned_rule(user.id, add_months(D + timedelta(days=7), -12))
        owned_rule(user.id, add_months(D - timedelta(days=2), -12))
    smtp_server.delay = 0.03
    send_at_once([({**app_settings, "INDEX_DIR": str(tmp_path / f"index-{n}")}, str(tmp_path / f"node-{n}"))
                  for n in "ab"], D)
    recipients = sorted(address for m in smtp_server.messages for address in m.rcpt_tos)
    assert recipients == sorted(u.email for u in users)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReminderLog.id))) == 12


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="advisory locks are PostgreSQL's; set REGISTRY_TEST_DATABASE_URL")
def test_run_alone_makes_the_second_node_wait(nodes):
    from registry.locks import run_alone

    a, b = nodes
    order: list[str] = []
    holding = threading.Event()

    def second() -> None:
        holding.wait(10)
        with b.app_context(), run_alone("reminders send"):
            order.append("b")

    thread = threading.Thread(target=second)
    thread.start()
    with a.app_context(), run_alone("reminders send"):
        holding.set()
        time.sleep(0.5)
        order.append("a")
    thread.join(10)
    assert order == ["a", "b"]
