"""A rule exported to Word and read back has the same structure and the same numbered lines."""

from __future__ import annotations

from datetime import date

from registry.io.readers import read_document
from registry.rules.articles import parse_body

BODY = ("## 第一章 总则\n\n第一条 为了规范管理，制定本办法。\n（一）拟制；\n（二）办理。\n\n"
        "第二条 本办法适用于全体员工。\n\n## 第二章 附则\n\n第三条 本办法自2025年7月1日起施行。\n3. 定义\n① 圈码\n")


def _structure(body: str) -> list[tuple[str, str]]:
    return [(s.kind, s.label) for s in parse_body(body).segments if s.kind in ("chapter", "article")]


def test_export_docx_then_import_keeps_the_structure(client, login, make_user, make_rule, tmp_path):
    code = make_rule(code="RT-1", title="公文处理办法", versions=[(BODY, date(2025, 7, 1))])
    login(make_user())
    path = tmp_path / "exported.docx"
    path.write_bytes(client.get(f"/io/export/docx/{code}").data)
    text = read_document(path)
    assert _structure(text) == _structure(BODY)
    assert [k for k, _ in _structure(BODY)].count("article") == 3
    for line in ("（一）拟制；", "（二）办理。", "3. 定义", "① 圈码"):
        assert line in text.splitlines()
