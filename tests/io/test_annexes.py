"""Annexes (附件) at the end of an imported text become attachments of its version, linked from the rule."""

from __future__ import annotations

from registry.db import db
from registry.io.annexes import split_annexes
from registry.rules import queries

RULE = "# 采购管理办法\n\n第一条 采购应当公开。\n附件1：采购申请表（见附件1）\n\n第二条 本办法自2022年1月1日起施行。\n"
ANNEXES = "\n\n附件1\n\n采购申请表\n\n| 项目 | 金额 |\n|---|---|\n\n附件2：验收单\n\n验收人签字：\n"


def test_split_keeps_the_body_byte_for_byte_and_names_each_annex():
    body, annexes = split_annexes(RULE + ANNEXES)
    assert body == RULE
    assert [a.title for a in annexes] == ["附件1 采购申请表", "附件2：验收单"]
    assert annexes[0].text == "附件1\n\n采购申请表\n\n| 项目 | 金额 |\n|---|---|\n"
    assert annexes[1].text == "附件2：验收单\n\n验收人签字：\n"


def test_a_text_without_trailing_annexes_is_left_alone():
    assert split_annexes(RULE) == (RULE, [])  # 附件1： inside the articles is no annex
    only = "附件1\n\n采购申请表\n"
    assert split_annexes(only) == (only, [])


def _import(runner, tmp_path, importer_args, text: str, *extra: str):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "采购管理办法.md").write_text(text, encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, *extra, str(folder)])
    assert result.exit_code == 0, result.output
    return result


def test_import_attaches_the_annexes_and_the_rule_page_links_them(app, runner, client, tmp_path, importer_args,
                                                                  make_user, login):
    _import(runner, tmp_path, importer_args, RULE + ANNEXES)
    with app.app_context():
        rule = _only_rule()
        version = rule.versions[-1]
        assert version.body == RULE and version.is_approved
        assert [(a.position, a.title) for a in version.attachments] == [(1, "附件1 采购申请表"), (2, "附件2：验收单")]
        code = rule.code
    _import(runner, tmp_path, importer_args, RULE + ANNEXES)  # a re-import finds the same text: nothing new
    with app.app_context():
        rule = queries.rule_by_code(code)
        assert len(rule.versions) == 1 and len(rule.versions[0].attachments) == 2
    login(make_user("reader"))
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert f"/rules/{code}/v/1/annex/1" in page and "附件1 采购申请表" in page and "验收人签字" not in page
    annex = client.get(f"/rules/{code}/v/1/annex/2")
    assert annex.status_code == 200 and annex.mimetype == "text/plain"
    assert annex.get_data(as_text=True) == "附件2：验收单\n\n验收人签字：\n"
    assert client.get(f"/rules/{code}/v/1/annex/3").status_code == 404
    assert f"/rules/{code}/v/1/annex/1" in client.get(f"/rules/{code}/v/1").get_data(as_text=True)


def _only_rule():
    from sqlalchemy import select

    from registry.rules.models import Rule

    return db.session.scalars(select(Rule)).one()


def test_a_drafts_annexes_are_hidden_as_the_draft_is(app, runner, client, tmp_path, make_user, login):
    undated = RULE.replace("第二条 本办法自2022年1月1日起施行。", "第二条 附则。")
    _import(runner, tmp_path, ["--as", make_user("approver").email], undated + ANNEXES)
    with app.app_context():
        rule = _only_rule()
        assert not rule.versions[0].is_approved and len(rule.versions[0].attachments) == 2
        code = rule.code
    url = f"/rules/{code}/v/1/annex/1"
    login(make_user("reader"))
    assert client.get(url).status_code == 404
    client.post("/auth/logout")
    login(make_user("approver"))
    assert client.get(url).status_code == 200
