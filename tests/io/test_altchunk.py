"""Word files from the national laws database keep their body in an altChunk (word/afchunk.mht)."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import select

from registry.db import db
from registry.io.altchunk import altchunk_text, html_to_markdown
from registry.io.readers import read_document
from registry.rules.articles import parse_body
from registry.rules.models import Rule

FIXTURE = Path(__file__).parent / "fixtures" / "docs" / "中华人民共和国劳动合同法.docx"


def test_the_law_download_is_read_from_its_altchunk(app, runner, tmp_path, importer_args):
    text = read_document(FIXTURE)
    labels = [a.label for a in parse_body(text).articles if a.label]
    assert labels[:3] == ["第一条", "第二条", "第三条"] and labels[-1] == "第九十八条"
    assert "第九十八条　本法自2008年1月1日起施行。" in text
    assert "国家机关、事业单位、社会团体和与其建立劳动关系的劳动者" in text  # the second 款 is its own paragraph
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created" in result.output, result.output
    with app.app_context():
        rule = db.session.scalars(select(Rule)).one()
        assert rule.title == "中华人民共和国劳动合同法"


def _message(html: bytes, encoding: str, charset: str | None) -> bytes:
    body = base64.encodebytes(html) if encoding == "base64" else html
    ctype = f'text/html; charset="{charset}"' if charset else "text/html"
    return (b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b1"\n\n--b1\n'
            + f"Content-Transfer-Encoding: {encoding}\nContent-Type: {ctype}\n\n".encode() + body + b"\n--b1--\n")


def test_base64_parts_and_the_charset_of_the_part_or_the_page():
    html = "<html><body><p>第一条　总则。</p><p>第二条　附则。</p></body></html>"
    assert altchunk_text(_message(html.encode("gbk"), "base64", "gbk"), "message/rfc822") == \
        "第一条　总则。\n\n第二条　附则。"
    with_meta = html.replace("<body>", '<head><meta charset="big5"></head><body>')
    with_meta = with_meta.replace("条", "條").replace("总则", "總則").replace("附则", "附則")
    assert "總則" in altchunk_text(_message(with_meta.encode("big5"), "8bit", None), "message/rfc822")
    assert altchunk_text("第一条 直接的HTML。".encode(), "text/html") == "第一条 直接的HTML。"


def test_html_tables_breaks_and_headings_become_markdown():
    html = ("<h1>差旅费管理办法</h1><p>第一条 标准如下：<br>（一）住宿；</p>"
            "<table><tr><td>级别</td><td>住宿费</td></tr><tr><td>司局级</td><td>450|元</td></tr></table>"
            "<script>alert(1)</script><div>第二条　本办法自印发之日起施行。</div>")
    assert html_to_markdown(html).split("\n\n") == [
        "# 差旅费管理办法", "第一条 标准如下：", "（一）住宿；",
        "| 级别 | 住宿费 |\n|---|---|\n| 司局级 | 450\\|元 |", "第二条　本办法自印发之日起施行。"]
