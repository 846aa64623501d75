"""PDF text as the page says it: no running headers, footers, page or line numbers; wraps joined; no 目录."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.io.documents import find_cjk_font
from registry.io.pdftext import page_text
from registry.io.readers import read_document
from registry.rules.articles import parse_body
from tests.io.fixtures.build import official_pdf, text_lines

needs_font = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font (apt-get install fonts-wqy-zenhei)")


@needs_font
@pytest.mark.parametrize("style", ["dash", "zh", "en", "bare"])
def test_a_printed_law_reads_as_its_text(tmp_path, style):
    lines = text_lines("劳动合同法.txt")
    path = official_pdf(tmp_path / "law.pdf", lines, header="中华人民共和国劳动合同法",
                        footer="全国人民代表大会常务委员会公报", page_style=style,
                        toc=["第一章　总则", "第二章　劳动合同的订立", "第八章　附则"])
    text = read_document(path)
    assert text.count("中华人民共和国劳动合同法") == 2  # the title and the 《》 quote in the 修正 line, no header
    assert "公报" not in text and "— 2 —" not in text and "第 2 页" not in text and "Page 2" not in text
    paragraphs = [p.strip().replace("\u3000", "") for p in text.split("\n\n")]
    for line in lines[8:]:  # every 款 is one paragraph again, or several where a line ended with ；
        line = line.replace("\u3000", "")
        start = next(i for i, p in enumerate(paragraphs) if line.startswith(p))
        joined = ""
        for p in paragraphs[start:]:
            joined += p
            if len(joined) >= len(line):
                break
            assert p.endswith(("；", "。", "：")), p
        assert joined == line, line
    parsed = parse_body(text)
    chapters = [s for s in parsed.segments if s.kind == "chapter"]
    assert [c.anchor for c in chapters] == ["ch-1", "ch-2", "ch-8"]  # the 目录 is not parsed as chapters
    assert len([a for a in parsed.articles if a.label]) == 12


def test_english_pages_join_words_with_spaces_and_mend_hyphenation():
    pages = [
        "Staff Handbook\nLEAVE POLICY\n1. Purpose\nThis policy sets out how employees request annual leave and how\n"
        "managers approve it. Requests are made in the leave sys-\ntem before the first day of the absence, and "
        "managers answer within\nPage 1 of 2",
        "Staff Handbook\ntwo working days.\n2. Scope\nIt applies to all staff.\nPage 2 of 2",
    ]
    assert page_text(pages).split("\n\n") == [
        "LEAVE POLICY", "1. Purpose",
        "This policy sets out how employees request annual leave and how managers approve it. Requests are made "
        "in the leave system before the first day of the absence, and managers answer within two working days.",
        "2. Scope", "It applies to all staff."]


def test_line_numbers_and_bare_page_numbers_are_removed():
    body = ["第一条　为加强本单位的档案管理工作，", "制定本办法。", "第二条　本办法适用于本单位的全体职", "工。",
            "第三条　本办法自印发之日起施行。"]
    pages = ["\n".join(f"{n} {line}" for n, line in enumerate(body, 1)) + "\n7", "\n".join(["第四条　附则。", "8"])]
    assert page_text(pages).split("\n\n") == [
        "第一条　为加强本单位的档案管理工作，制定本办法。", "第二条　本办法适用于本单位的全体职工。",
        "第三条　本办法自印发之日起施行。", "第四条　附则。"]


def test_a_break_is_kept_before_items_and_after_a_colon():
    pages = ["第五条　申请人应当提交下列材料：\n（一）申请书；\n（二）身份证明。\n一、总体要求\n"
             "各部门应当按照本办法的规定执行并报送相关材料\n至办公室备案。"]
    assert page_text(pages).split("\n\n") == [
        "第五条　申请人应当提交下列材料：", "（一）申请书；", "（二）身份证明。", "一、总体要求",
        "各部门应当按照本办法的规定执行并报送相关材料至办公室备案。"]


def test_a_single_page_keeps_its_title():
    assert page_text(["会议管理规定\n第一条 为精简会议，制定本规定。"]).startswith("会议管理规定\n\n第一条")


def test_toc_in_plain_text_is_left_out(tmp_path):
    path = Path(tmp_path / "rules.txt")
    path.write_text("学生手册\n目录\n第一章 总则 ........ 1\n第二章 学籍 ........ 3\n第一章 总则\n"
                    "第一条 为规范管理，制定本手册。\n第二章 学籍\n第二条 学生按规定注册。\n", encoding="utf-8")
    text = read_document(path)
    assert "目录" not in text and text.count("第一章 总则") == 1
    assert [s.anchor for s in parse_body(text).segments if s.kind == "chapter"] == ["ch-1", "ch-2"]


@needs_font
def test_a_table_in_the_text_layer_becomes_a_markdown_table(tmp_path):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", str(find_cjk_font()))
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(0, 8, "第三条 住宿费标准如下：", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(headings_style=FontFace()) as table:
        for cells in (("级别", "住宿费", "伙食补助"), ("司局级", "450元", "100元"), ("处级及以下", "350元", "100元")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.multi_cell(0, 8, "第四条 本办法自2023年1月1日起施行。", new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "t.pdf").write_bytes(bytes(pdf.output()))
    assert read_document(tmp_path / "t.pdf").split("\n\n") == [
        "第三条 住宿费标准如下：", "| 级别 | 住宿费 | 伙食补助 |\n|---|---|---|\n| 司局级 | 450元 | 100元 |\n"
        "| 处级及以下 | 350元 | 100元 |", "第四条 本办法自2023年1月1日起施行。\n"]
