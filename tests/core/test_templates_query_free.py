"""Templates receive data; they run no queries. The rule page's review and proposals panels and the bell's count
used to be template functions that queried while the page rendered."""

from __future__ import annotations

from datetime import date

from flask import before_render_template, template_rendered
from sqlalchemy import event

from registry.db import db

PAGES = ["/rules/QF-001", "/rules/QF-001/v/1", "/rules", "/home/", "/notifications/", "/proposals/"]


def test_pages_run_no_sql_while_their_template_renders(app, client, login, make_user, make_rule, make_department):
    department = make_department()
    code = make_rule(code="QF-001", versions=[("第一条 公务接待。\n", date(2020, 1, 1))], department_id=department,
                     category="综合管理/公务接待", draft="第一条 公务接待，从简。\n")
    admin = login(make_user("admin", department_id=department))
    with app.app_context():  # an owner and a tag, so the page shows them
        from registry.auth.models import User
        from registry.rules import services
        from registry.rules.queries import rule_by_code

        rule = rule_by_code(code)
        services.update_rule(None, rule, owner=db.session.get(User, admin.id), tags=["接待"])
        db.session.commit()
    client.post("/proposals/new", data={"code": code, "kind": "repeal", "rationale": "已被替代"})
    rendering: list[str] = []
    during: list[tuple[str, str]] = []

    def started(_app, template, context, **_extra):
        rendering.append(template.name)

    def finished(_app, template, context, **_extra):
        rendering.pop()

    def statement(_conn, _cursor, sql, *_args):
        if rendering:
            during.append((rendering[-1], sql.split("\n")[0][:80]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    try:
        pages = {page: client.get(page) for page in PAGES}
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        before_render_template.disconnect(started, app)
        template_rendered.disconnect(finished, app)
    assert {page: response.status_code for page, response in pages.items()} == dict.fromkeys(PAGES, 200)
    rule_page = pages["/rules/QF-001"].get_data(as_text=True)
    assert 'id="review"' in rule_page and 'id="proposals"' in rule_page  # the panels are there, from the view
    assert during == []
