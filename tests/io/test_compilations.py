"""A compilation (one file holding several rules) can be split into one rule per part, on the CLI and the web."""

from __future__ import annotations

import html

from sqlalchemy import select

from registry.db import db
from registry.io.compilations import split_compilation
from registry.io.importer import generated_code
from registry.rules.models import Rule
from tests.io.webimport import follow, upload

COMPILATION = ("# 制度汇编\n\n# 会议制度\n\n第一条 会议每月举行。\n\n第二条 本制度自2020年1月1日起施行。\n\n"
               "# 值班制度\n\n## 第一章 总则\n\n第一条 值班轮流安排。\n\n第二条 本制度自2021年1月1日起施行。\n")


def test_the_parts_keep_every_line_and_take_their_own_heading():
    parts = split_compilation(COMPILATION)
    assert [p.title for p in parts] == ["会议制度", "值班制度"]
    assert parts[1].text.startswith("# 值班制度\n\n## 第一章 总则\n\n第一条 值班轮流安排。")
    assert "".join(p.text for p in parts).replace("\n", "") == COMPILATION.replace("\n", "")
    assert split_compilation("# 单一制度\n\n第一条 甲。\n\n第二条 乙。\n") == []


def _rules(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        rules = db.session.scalars(select(Rule).order_by(Rule.source_path)).all()
        return [(r.source_path, r.code, r.title, str(r.versions[-1].effective_on)) for r in rules]


def test_the_cli_splits_a_compilation_and_a_reimport_finds_its_rules(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "汇编.md").write_text(COMPILATION, encoding="utf-8")
    for _run in (1, 2):
        result = runner.invoke(args=["rules", "import", *importer_args, "--split-compilations", str(folder)])
        assert result.exit_code == 0, result.output
    assert "0 rules created, 0 new versions, 2 unchanged" in result.output
    assert _rules(app) == [
        ("汇编.md#1", generated_code("汇编.md#1"), "会议制度", "2020-01-01"),
        ("汇编.md#2", generated_code("汇编.md#2"), "值班制度", "2021-01-01"),
    ]


def test_without_the_flag_a_compilation_stays_one_rule(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "汇编.md").write_text(COMPILATION, encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert result.exit_code == 0, result.output
    assert [row[0] for row in _rules(app)] == ["汇编.md"]


def test_the_preview_offers_the_split_and_the_confirmed_import_makes_one_rule_per_part(
        app, client, login, make_user):
    login(make_user("approver"))
    page = html.unescape(upload(client, COMPILATION.encode(), "汇编.md").get_data(as_text=True))
    assert 'name="split" value="汇编.md"' in page and "split into 2 rules" in page
    token = page.split("/io/import/")[1][:32]
    client.post(f"/io/import/{token}", data={"split": "汇编.md"})
    assert follow(client, token)["state"] == "done"
    assert [(row[0], row[2]) for row in _rules(app)] == [("汇编.md#1", "会议制度"), ("汇编.md#2", "值班制度")]


def test_an_unchecked_compilation_is_imported_whole(app, client, login, make_user):
    login(make_user("approver"))
    page = html.unescape(upload(client, COMPILATION.encode(), "汇编.md").get_data(as_text=True))
    token = page.split("/io/import/")[1][:32]
    client.post(f"/io/import/{token}")
    assert follow(client, token)["state"] == "done"
    assert [row[0] for row in _rules(app)] == ["汇编.md"]
