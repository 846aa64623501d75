"""Exports: a rule as .docx/PDF (current, a version, in force on a date) and the catalogue as CSV/XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from registry.io.documents import find_cjk_font

OLD = "# 差旅费管理办法\n\n## 第一章 总则\n\n第一条 住宿费标准为350元。\n"
NEW = ("# 差旅费管理办法\n\n## 第一章 总则\n\n第一条 住宿费标准为450元。\n\n"
       "| 级别 | 标准 |\n|---|---|\n| 司局级 | 450元 |\n")


@pytest.fixture
def travel(make_rule):
    return make_rule(code="财发〔2021〕5号", title="差旅费管理办法", category="财务",
                     versions=[(OLD, date(2018, 10, 26)), (NEW, date(2021, 4, 29))])


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_rule_page_links_and_docx_of_current_text(app, client, login, make_user, travel):
    login(make_user("reader"))
    page = client.get(f"/rules/{travel}?on=2019-01-01").get_data(as_text=True)
    assert "/io/export/docx/" in page and "on=2019-01-01" in page
    response = client.get(f"/io/export/docx/{travel}")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    text = _docx_text(response.data)
    for expected in ("差旅费管理办法", "财发〔2021〕5号", "施行日期：2021年4月29日", "第一章 总则", "住宿费标准为450元",
                     "司局级"):
        assert expected in text, expected
    assert text.count("差旅费管理办法") >= 1 and "350元" not in text


def test_docx_in_force_on_a_date_and_by_version(app, client, login, make_user, travel):
    login(make_user("reader"))
    old = _docx_text(client.get(f"/io/export/docx/{travel}?on=2019-01-01").data)
    assert "350元" in old and "2018年10月26日" in old and "被替代日期：2021年4月29日" in old
    assert "350元" in _docx_text(client.get(f"/io/export/docx/{travel}?version=1").data)
    assert client.get(f"/io/export/docx/{travel}?version=9").status_code == 404
    before = client.get(f"/io/export/docx/{travel}?on=2000-01-01")
    assert before.status_code == 302


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-zenhei)")
def test_pdf_has_chinese_text_layer(app, client, login, make_user, travel):
    login(make_user("reader"))
    response = client.get(f"/io/export/pdf/{travel}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "差旅费管理办法" in text and "住宿费标准为450元" in text and "财发〔2021〕5号" in text


def test_pdf_without_cjk_font_explains(app, client, login, make_user, travel, monkeypatch):
    from registry.io import fonts

    for name in ("CJK_CANDIDATES", "HEI", "SONG", "KAI", "FANGSONG"):
        monkeypatch.setattr(fonts, name, ())
    login(make_user("reader"))
    response = client.get(f"/io/export/pdf/{travel}", follow_redirects=True)
    assert "PDF export needs a font with Chinese characters" in response.get_data(as_text=True)


def test_drafts_are_not_exported_to_readers(app, client, login, make_user, make_rule):
    code = make_rule(title="草案", draft="第一条 草稿。\n")
    login(make_user("reader"))
    assert client.get(f"/io/export/docx/{code}").status_code == 404


def test_catalogue_csv_and_xlsx_follow_filters(app, client, login, make_user, travel, make_rule):
    make_rule(code="GL-HYP", title="=HYPERLINK(1)", versions=[("第一条 接待。\n", date(2020, 1, 1))])
    login(make_user("reader", locale="zh_CN"))
    page = client.get("/rules?q=差旅").get_data(as_text=True)
    assert "/io/catalogue.xlsx?q=" in page
    response = client.get("/io/catalogue.csv?q=差旅")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][:3] == ["财发〔2021〕5号", "差旅费管理办法", "财务"] and rows[1][5] == "现行有效"
    every = list(csv.reader(io.StringIO(client.get("/io/catalogue.csv").data.decode("utf-8-sig"))))
    assert len(every) == 3 and ["'=HYPERLINK(1)"] == [r[1] for r in every if "HYPERLINK" in r[1]]
    book = load_workbook(io.BytesIO(client.get("/io/catalogue.xlsx?status=in_force").data))
    values = list(book.active.iter_rows(values_only=True))
    assert len(values) == 3 and values[0][0] == "编号" and values[1][5] == "现行有效"
    assert book.active.title == "制度目录"
    client.get("/auth/lang/en")  # the English interface: English statuses, departments and categories
    english = list(csv.reader(io.StringIO(client.get("/io/catalogue.csv?q=差旅").data.decode("utf-8-sig"))))
    assert english[0][0] == "Code" and english[1][5] == "In force"


def test_open_registry_lets_visitors_export(app_settings, make_app, make_rule):
    open_app = make_app(LOGIN_REQUIRED=False)
    with open_app.app_context():
        from registry.db import db
        from registry.rules import services

        rule = services.create_rule(None, code="OPEN-1", title="公开规定")
        services.approve_version(None, services.add_draft_version(None, rule, "第一条 公开。\n"), date(2020, 1, 1))
        db.session.commit()
    visitor = open_app.test_client()
    assert visitor.get("/io/export/docx/OPEN-1").status_code == 200
    assert visitor.get("/io/catalogue.csv").status_code == 200
    assert visitor.get("/io/import").status_code in (302, 401)



def test_version_page_links_its_own_export(client, login, make_user, make_rule):
    import io as _io
    from datetime import date as _date
    from urllib.parse import quote

    from docx import Document

    login(make_user())
    code = make_rule(code="EXP-V", versions=[("第一条 旧文本。\n", _date(2020, 1, 1)),
                                             ("第一条 新文本。\n", _date(2022, 1, 1))])
    link = f"/io/export/docx/{quote(code)}?version=1"
    assert link in client.get(f"/rules/{code}/v/1").get_data(as_text=True)
    word = client.get(link)
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(_io.BytesIO(word.data)).paragraphs)
    assert "旧文本" in text and "新文本" not in text
