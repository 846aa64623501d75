"""Every page of the area renders, for the roles that see it; a stale draft save keeps the text."""

from __future__ import annotations

from datetime import date

from registry.db import db
from registry.rules.queries import rule_by_code


def test_pages_render(app, client, login, office):
    login(office.admin)
    for url in ("/proposals/", "/proposals/backlog", "/proposals/backlog?status=drafting", "/proposals/backlog/new",
                "/proposals/campaigns", "/proposals/campaigns/new", f"/proposals/new?code={office.code}&kind=merge",
                f"/proposals/compare?code={office.code}"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "fewer than two versions" in client.get(f"/proposals/compare?code={office.code}").get_data(as_text=True)
    for url in ("/proposals/999", "/proposals/backlog/999", "/proposals/campaigns/999", "/proposals/new?code=NOPE",
                "/proposals/999/export.docx", "/proposals/campaigns/999/export.xlsx"):
        assert client.get(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(client, office):
    response = client.get("/proposals/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_stale_draft_save_is_refused_and_its_text_kept(app, client, login, office):
    with app.app_context():
        from registry.rules import services

        rule = rule_by_code(office.code)
        draft = services.add_draft_version(None, rule, "第一条 草案。\n")
        db.session.commit()
        number, row_version = draft.number, draft.row_version
    login(office.owner)
    url = f"/rules/{office.code}/v/{number}/edit"
    first = client.post(url, data={"body": "第一条 第一个人的草案。\n", "row_version": row_version})
    assert first.status_code == 302
    second = client.post(url, data={"body": "第一条 第二个人的草案。\n", "row_version": row_version})
    html = second.get_data(as_text=True)
    assert second.status_code == 200 and "changed by someone else" in html and "第二个人的草案" in html
    with app.app_context():
        assert "第一个人" in rule_by_code(office.code).versions[-1].body


def test_comparison_can_show_only_the_changes(app, client, login, office):
    from registry.rules import services

    with app.app_context():
        rule = rule_by_code(office.code)
        version = services.add_draft_version(None, rule, office_body().replace("定点饭店", "协议饭店"))
        services.approve_version(None, version, date(2025, 1, 1))
        db.session.commit()
    login(office.reader)
    url = f"/proposals/compare?code={office.code}"
    assert "办公室负责解释" in client.get(url).get_data(as_text=True)
    only = client.get(url + "&changes=1").get_data(as_text=True)
    assert "办公室负责解释" not in only and "<ins>协议</ins>" in only
    inline = client.get(url + "&changes=1&view=inline").get_data(as_text=True)
    assert "办公室负责解释" not in inline and "<del>定点</del>" in inline


def office_body() -> str:
    from tests.proposals.conftest import BODY_V1

    return BODY_V1
