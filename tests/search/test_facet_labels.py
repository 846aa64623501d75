"""Facet labels come from a per-process cache that follows a renamed department within the sync interval."""

from __future__ import annotations

from datetime import date

from registry.db import db
from tests.core.test_query_counts import counted


def test_department_labels_are_cached_and_follow_a_rename(app, client, login, make_user, make_rule,
                                                          make_department):
    from registry.admin.services import save_department
    from registry.auth.models import Department

    office = make_department(code="BGS", name="办公室")
    make_rule(title="公务接待办法", versions=[("第一条 公务接待。\n", date(2024, 1, 1))], department_id=office)
    login(make_user())
    app.config["SEARCH_SYNC_INTERVAL_SECONDS"] = 3600
    assert "办公室" in client.get("/search?q=公务").get_data(as_text=True)
    with counted(app) as statements:
        client.get("/search?q=接待")
    assert not [s for s in statements if "FROM departments" in s]  # labels kept in the process
    with app.app_context():
        save_department(None, db.session.get(Department, office), code="BGS", name="综合办公室")
        db.session.commit()
    app.config["SEARCH_SYNC_INTERVAL_SECONDS"] = 0  # the interval has passed
    assert "综合办公室" in client.get("/search?q=公务").get_data(as_text=True)
