"""The shared print machinery: a document with a heading and a table, as .docx and PDF."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from registry.io.documents import (
    Block,
    NoCJKFont,
    PrintDocument,
    docx_bytes,
    find_cjk_font,
    pdf_bytes,
)


def _comparison() -> PrintDocument:
    table = Block.table([["现行条文", "修改后条文", "说明"],
                         ["第一条 住宿费标准为350元。", "第一条 住宿费标准为450元。", "调整标准"],
                         ["", "第九条 新增条文。", "新增"]])
    return PrintDocument("差旅费管理办法修订新旧对照表", [("编号", "财发〔2021〕5号")],
                         [Block.heading("一、修改条文", 2), table], "第 1 稿")


def test_comparison_table_as_docx():
    doc = Document(io.BytesIO(docx_bytes(_comparison())))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["现行条文", "修改后条文", "说明"]
    assert table.rows[2].cells[1].text == "第九条 新增条文。"
    assert doc.paragraphs[0].text == "差旅费管理办法修订新旧对照表"


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-zenhei)")
def test_comparison_table_as_pdf():
    text = PdfReader(io.BytesIO(pdf_bytes(_comparison(), find_cjk_font()))).pages[0].extract_text().replace("\n", "")
    assert "修改后条文" in text and "住宿费标准为450元" in text


def test_pdf_without_font_refuses_clearly(monkeypatch):
    from registry.io import fonts

    for name in ("CJK_CANDIDATES", "HEI", "SONG", "KAI", "FANGSONG"):
        monkeypatch.setattr(fonts, name, ())
    with pytest.raises(NoCJKFont, match="fonts-wqy-zenhei"):
        pdf_bytes(_comparison())
