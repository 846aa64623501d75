"""Administration of users, departments and categories."""

from __future__ import annotations

from sqlalchemy import select

from registry.auth.models import User
from registry.db import db
from registry.rules.models import Category


def test_admin_creates_user_and_department(app, client, login, make_user):
    login(make_user("admin"))
    response = client.post("/admin/departments", data={"code": "FGC", "name": "法规处", "name_en": "Legal"})
    assert response.status_code == 302
    response = client.post("/admin/users/new", data={"email": "new@example.org", "name": "新同事", "role": "editor",
                                                     "department_id": "1", "locale": "zh_CN", "is_active": "y",
                                                     "password": "long-enough-1"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.org"))
        assert user.role == "editor" and user.department.code == "FGC" and user.check_password("long-enough-1")
    duplicate = client.post("/admin/users/new", data={"email": "new@example.org", "name": "x", "role": "reader",
                                                      "department_id": "", "locale": "en"})
    assert duplicate.status_code == 200 and "already exists" in duplicate.get_data(as_text=True)


def test_category_cannot_move_below_itself(app, client, login, make_user):
    login(make_user("admin"))
    client.post("/admin/categories", data={"name": "办文", "review_cycle_months": "24", "parent_id": ""})
    client.post("/admin/categories", data={"name": "公文处理", "review_cycle_months": "24", "parent_id": "1"})
    response = client.post("/admin/categories/1", data={"name": "办文", "review_cycle_months": "24", "parent_id": "2"})
    assert response.status_code == 200 and "inside itself" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Category, 2).path_name == "办文/公文处理"


def test_admin_cannot_demote_self(app, client, login, make_user):
    admin = login(make_user("admin"))
    response = client.post(f"/admin/users/{admin.id}", data={"email": admin.email, "name": "A", "role": "reader",
                                                             "department_id": "", "locale": "en", "is_active": "y"})
    assert "own role" in response.get_data(as_text=True)


def test_the_audit_log_explains_a_bad_date_and_keeps_it(client, login, make_user):
    login(make_user("admin", locale="zh_CN"))
    html = client.get("/admin/audit", query_string={"since": "2026-13-01", "until": "2026年12月1日"}).get_data(
        as_text=True)
    assert "“2026-13-01”不是有效日期" in html and 'value="2026-13-01"' in html and 'value="2026-12-01"' in html
