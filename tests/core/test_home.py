"""The home page after sign-in: what waits for the person, the rules they own, recent changes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.db import db


def test_a_person_lands_on_their_own_page_with_what_waits_for_them(app, client, make_user, make_rule):
    from registry.auth.models import User
    from registry.rules.models import Rule
    from registry.rules.services import add_draft_version

    approver = make_user("approver", name="王审批")
    owned = make_rule(title="印章管理办法", versions=[("第一条 印章统一管理。\n", date(2020, 1, 1))])
    drafted = make_rule(title="会议管理办法", versions=[("第一条 会议。\n", date(2021, 1, 1))])
    with app.app_context():
        rule = db.session.scalar(select(Rule).where(Rule.code == owned))
        rule.owner = db.session.get(User, approver.id)
        add_draft_version(None, db.session.scalar(select(Rule).where(Rule.code == drafted)), "第一条 会议从简。\n")
        db.session.commit()
    response = client.post("/auth/login", data={"email": approver.email, "password": "correct-horse-9"})
    assert response.headers["Location"].endswith("/home/")
    page = client.get("/home/").get_data(as_text=True)
    owned_part = page[page.index('id="owned"'):page.index('id="recent"')]
    assert "印章管理办法" in owned_part and "In force" in owned_part
    assert "印章管理办法" in page[page.index('id="reviews-due"'):page.index('id="to-decide"')]  # due (2020 + cycle)
    assert "会议管理办法" in page[page.index('id="drafts"'):page.index('id="owned"')]
    assert "会议管理办法" in page[page.index('id="recent"'):]
    assert client.get("/").headers["Location"].endswith("/home/")
