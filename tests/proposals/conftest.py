"""A small office for the proposals tests: one rule, its department's editor, others around it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

BODY_V1 = ("第一条 为规范公务接待，制定本办法。\n\n第二条 接待住宿应当安排在定点饭店。\n\n"
           "第三条 本办法由办公室负责解释。\n")


@pytest.fixture
def office(app, make_department, make_user, make_rule):
    office_id = make_department()
    other_id = make_department(code="CWC", name="财务处")
    people = SimpleNamespace(
        owner=make_user("editor", department_id=office_id, name="Owner"),
        stranger=make_user("editor", department_id=other_id, name="Stranger"),
        reader=make_user("reader", department_id=other_id, name="Reader"),
        approver=make_user("approver", name="Approver"),
        admin=make_user("admin", name="Admin"),
    )
    code = make_rule(code="GL-001", versions=[(BODY_V1, date(2024, 1, 1))], department_id=office_id)
    make_rule(code="GL-002", title="差旅费管理办法", versions=[("第一条 差旅。\n", date(2024, 1, 1))],
              department_id=other_id)
    from registry.auth.models import User
    from registry.db import db
    from registry.rules.queries import rule_by_code

    with app.app_context():
        rule = rule_by_code(code)
        rule.owner = db.session.get(User, people.owner.id)
        db.session.commit()
    return SimpleNamespace(code=code, office_id=office_id, other_id=other_id, **vars(people))
