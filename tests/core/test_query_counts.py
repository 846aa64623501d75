"""The main pages cost a fixed number of SQL statements, whatever the number of rules (no N+1).

Each page is requested with 5 rules and again with 25, every rule with its own nested category, department,
owner, tags, two versions and a review: a relationship read per row would add statements the second time.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from registry.db import db

PAGES = ["/rules", "/rules?page=2", "/api/v1/rules", "/reviews/", "/search?q=公务", "/search?q=reception",
         "/rules/QC-001", "/api/v1/rules/QC-001", "/notifications/", "/proposals/"]


@contextmanager
def counted(app):
    """Collect the SQL statements sent while the block runs."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.fixture
def add_rules(app, make_user, today):
    """Add rules QC-001 … with everything a list shows; return the statement count per page afterwards."""
    made = iter(range(1, 1000))

    def factory(count: int, owner=None) -> None:
        from registry.admin.services import ensure_category_path, save_department
        from registry.auth.models import User
        from registry.reviews import services as reviews
        from registry.rules import services

        owners = [owner] * 2 if owner else [make_user("editor") for _ in range(2)]
        with app.app_context():
            for _ in range(count):
                n = next(made)
                department = save_department(None, None, code=f"D{n}", name=f"部门{n}")
                rule = services.create_rule(
                    None, code=f"QC-{n:03d}", title=f"公务接待办法 {n}", department=department,
                    owner=db.session.get(User, owners[n % 2].id), tags=[f"标签{n}", "reception"],
                    category=ensure_category_path(f"类{n}/子类{n}/细类{n}"), review_cycle_months=12)
                for k, effective in enumerate((date(2020, 1, 1), today - timedelta(days=300 + n))):
                    version = services.add_draft_version(None, rule, f"第一条 公务接待 reception {n}.{k}。\n")
                    services.approve_version(None, version, effective)
                reviews.record_review(None, rule, reviewed_on=today - timedelta(days=n), outcome="keep", notes="")
            db.session.commit()

    return factory


def statement_counts(app, client, pages=PAGES) -> dict[str, int]:
    """Count each page's statements on its second request (the first may sync the index, once)."""
    counts = {}
    for page in pages:
        client.get(page)
        with counted(app) as statements:
            response = client.get(page)
        assert response.status_code == 200, page
        counts[page] = len(statements)
    return counts


def test_page_costs_do_not_grow_with_the_rules(app, client, login, make_user, add_rules):
    app.config["SEARCH_SYNC_INTERVAL_SECONDS"] = 3600  # no periodic outbox check inside a counted request
    login(make_user("admin"))
    add_rules(5)
    client.get("/rules")  # settle what a first request does once (the search index opening, the session)
    few = statement_counts(app, client)
    add_rules(20)
    many = statement_counts(app, client)
    assert many == few, {page: f"{few[page]} statements with 5 rules, {many[page]} with 25"
                         for page in PAGES if many[page] != few[page]}


def test_an_owners_home_page_costs_the_same_for_more_rules(app, client, login, make_user, add_rules):
    owner = make_user("editor")
    login(owner)
    add_rules(5, owner=owner)
    client.get("/home/")
    few = statement_counts(app, client, ["/home/"])
    add_rules(20, owner=owner)
    assert statement_counts(app, client, ["/home/"]) == few


def test_the_dashboard_loads_no_rule_text(app, client, login, make_user, add_rules):
    login(make_user("admin"))
    add_rules(3)
    for page in ("/reviews/", "/rules", "/api/v1/rules"):
        with counted(app) as statements:
            assert client.get(page).status_code == 200
        assert not [s for s in statements if "rule_versions.body" in s], page
