"""A web import staged on one node is confirmed and followed there; another node refuses it, saying why.

Two app instances with separate instance folders and indexes on one database (PostgreSQL when
REGISTRY_TEST_DATABASE_URL is set), as in tests/reviews/test_two_nodes.py.
"""

from __future__ import annotations

from sqlalchemy import func, select

from registry.db import db
from registry.io.uploads import node_id
from registry.rules.models import Rule
from tests.conftest import PASSWORD
from tests.io.webimport import GOOD, follow, preview_token


def _signed_in(node, email: str):
    client = node.test_client()
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def _rules(node) -> int:
    with node.app_context():
        return db.session.scalar(select(func.count(Rule.id)))


def test_an_import_staged_on_a_is_refused_on_b_and_finished_on_a(make_app, make_user, tmp_path):
    a = make_app(INDEX_DIR=str(tmp_path / "index-a"))
    b = make_app(INDEX_DIR=str(tmp_path / "index-b"))
    approver = make_user("approver")
    on_a, on_b = _signed_in(a, approver.email), _signed_in(b, approver.email)
    token = preview_token(on_a, GOOD.encode(), "印章管理办法.md")
    node = node_id(a.instance_path)
    assert token.endswith(node) and node != node_id(b.instance_path)  # each instance folder is a node

    refused = on_b.post(f"/io/import/{token}", follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "uploaded to another server" in text and node in text
    assert _rules(b) == 0
    status = on_b.get(f"/io/import/{token}/status.json")
    assert status.status_code == 404 and node in status.get_json()["error"]["message"]

    assert on_a.post(f"/io/import/{token}").status_code == 302
    assert follow(on_a, token)["state"] == "done"
    assert _rules(b) == 1  # one database: B shows what A imported
    assert "印章管理办法" in on_b.get("/search?q=印章&drafts=1").get_data(as_text=True)
