"""`flask demo load` fills an empty registry once and never touches one with content."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.db import db, today
from registry.rules.models import Rule
from registry.rules.status import rule_status


def test_demo_loads_once(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin@" in result.output and "demo-pass-2026" in result.output
    with app.app_context():
        rules = db.session.scalars(select(Rule)).all()
        assert len(rules) >= 30
        statuses = {rule_status(r, today()) for r in rules}
        assert {"in_force", "repealed", "draft"} <= statuses
        assert any(len(r.versions) >= 3 for r in rules)
    again = runner.invoke(args=["demo", "load"])
    assert "already has content" in again.output
    assert "admin@" in again.output and "demo-pass-2026" in again.output  # `make run` shows the accounts each time
    with app.app_context():
        assert db.session.scalar(select(func.count(Rule.id))) == len(rules)


def test_demo_accounts_sign_in(app, runner, client):
    runner.invoke(args=["demo", "load"])
    from registry.demo.data import DEMO_PASSWORD, USERS

    admin = next(u for u in USERS if u["role"] == "admin")
    response = client.post("/auth/login", data={"email": admin["email"], "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_a_database_without_the_demo_accounts_lists_none(app, runner, make_user):
    make_user("admin")
    output = runner.invoke(args=["demo", "load"]).output
    assert "already has content" in output and "demo-pass-2026" not in output


def test_make_run_points_links_at_the_port_it_serves():
    """`make run PORT=5101`: e-mail and calendar links name that port unless REGISTRY_BASE_URL says otherwise."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    dry = subprocess.run(["make", "-n", "-B", "run", "PORT=5101"], cwd=root, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin"}, check=False).stdout
    serve = next(line for line in dry.splitlines() if "flask --app wsgi run" in line)
    assert "REGISTRY_BASE_URL=${REGISTRY_BASE_URL-http://127.0.0.1:5101}" in serve and "--port 5101" in serve
