"""Chinese rules print in the GB/T 9704 layout; English ones break lines between words; labels follow the text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from registry.io import fonts
from registry.io.documents import Block, PrintDocument, find_cjk_font, pdf_bytes

needs_cjk = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (make fonts)")
MM = 72 / 25.4  # points per millimetre

ZH_BODY = ("# 公文处理办法\n\n## 第一章 总则\n\n"
           + "第一条 为了使本机关公文处理工作规范化、制度化、科学化，根据有关规定，结合本机关实际，制定本办法。\n\n"
           + "第二条 本办法适用于本机关各部门的公文处理工作。公文处理应当坚持实事求是、准确规范、精简高效的原则。\n"
           + "（一）拟制；\n（二）办理；\n（三）管理。\n\n" * 12)
EN_WORDS = ("The employee shall give notice of leave to the responsible manager within the period the "
            "department sets, and the manager shall record the leave in the personnel system of record. ")
EN_BODY = "# Leave Policy\n\n1. Purpose\n\n" + EN_WORDS * 30 + "\n"


@pytest.fixture
def official(make_rule):
    return make_rule(code="办发〔2024〕1号", title="公文处理办法", versions=[(ZH_BODY, date(2024, 7, 1))])


@pytest.fixture
def english(make_rule):
    return make_rule(code="HR-7", title="Leave Policy", versions=[(EN_BODY, date(2025, 3, 1))])


def _east_asia(element) -> str | None:
    fonts_ = element.find(qn("w:rPr") + "/" + qn("w:rFonts")) if element.tag != qn("w:rPr") else None
    return None if fonts_ is None else fonts_.get(qn("w:eastAsia"))


def test_docx_in_the_gbt_9704_layout(client, login, make_user, official):
    login(make_user(locale="en"))  # the viewer reads English; the labels follow the document
    document = Document(io.BytesIO(client.get(f"/io/export/docx/{official}").data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm]
    assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs].count("公文处理办法") == 1  # the title once, not again from the body
    title = paragraphs[0].runs[0]
    assert title.text == "公文处理办法" and title.font.size == Pt(22) and _east_asia(title._r) == "宋体"
    assert "施行日期：2024年7月1日" in [p.text for p in paragraphs]
    body = [p for p in paragraphs if p.text.startswith(("第一条", "第二条", "（一）"))]
    assert body and all(p.paragraph_format.first_line_indent == Pt(32) for p in body)
    assert all(p._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200" for p in body)
    text_runs = [r for p in body for r in p.runs if not r.text.startswith("第")]
    assert all(r.font.size == Pt(16) and _east_asia(r._r) == "仿宋" for r in text_runs)
    heading = next(p for p in paragraphs if p.text == "第一章 总则")
    assert _east_asia(heading.runs[0]._r) == "黑体"
    for style in (heading.style, document.styles["Normal"]):  # black, and no theme face that would win in Word
        assert str(style.font.color.rgb) == "000000" and style.font.color.theme_color is None
        assert style.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —" and "PAGE" in odd._p.xml
    assert (odd.alignment, even.alignment) == (2, 0)  # right on odd pages, left on even ones
    assert document.settings.odd_and_even_pages_header_footer


def test_english_rule_has_english_labels_for_a_chinese_reader(client, login, make_user, english):
    login(make_user(locale="zh_CN"))
    document = Document(io.BytesIO(client.get(f"/io/export/docx/{english}").data))
    texts = [p.text for p in document.paragraphs]
    assert "In force from: 2025-03-01" in texts and "Code: HR-7" in texts and texts.count("Leave Policy") == 1
    assert not any("施行" in t for t in texts)


def _text_positions(page) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text, tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return found


@needs_cjk
def test_pdf_page_in_the_gbt_9704_layout(client, login, make_user, official):
    login(make_user())
    reader = PdfReader(io.BytesIO(client.get(f"/io/export/pdf/{official}").data))
    assert len(reader.pages) >= 2
    for n, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
        lines = page.extract_text().split("\n")
        assert lines[-1].strip() == f"— {n} —"
        positions = _text_positions(page)
        body = [(t, x, y) for t, x, y in positions if not re.fullmatch(r"[—\s\d]+", t)]
        assert min(x for _t, x, _y in body) >= 28 * MM - 0.5  # left margin
        assert max(x for _t, x, _y in body) < (210 - 26) * MM  # right margin
        assert max(y for _t, _x, y in body) <= (297 - 37) * MM  # nothing above the top margin
        assert min(y for _t, _x, y in body) >= 35 * MM - 1  # nor below the bottom margin
        number = next((x, y) for t, x, y in positions if t.strip().startswith("—"))
        assert number[1] < 35 * MM  # the page number sits below the type area
        assert (number[0] > 297 / 2 * MM / 2) == (n % 2 == 1)  # odd pages right, even pages left
    first = reader.pages[0]
    assert min(x for t, x, _y in _text_positions(first) if t.strip()) == pytest.approx(28 * MM, abs=0.5)
    indented = [x for t, x, _y in _text_positions(first) if t.startswith("第一条")]
    assert indented and indented[0] == pytest.approx(28 * MM + 32, abs=1.0)  # two 16 pt characters in
    assert reader.pages[0].extract_text().count("公文处理办法") == 1
    faces = {str(f.get_object()["/BaseFont"]) for f in first["/Resources"]["/Font"].values()}
    assert any("Hei" in f for f in faces)  # the title's face
    if fonts.installed(fonts.SONG):
        assert any("Ming" in f or "Sung" in f or "Serif" in f for f in faces)  # a Song face for simplified text


@needs_cjk
@pytest.mark.skipif(not fonts.installed(fonts.FANGSONG), reason="no FangSong face (apt-get install fonts-cwtex-fs)")
def test_fangsong_prints_a_text_it_covers_and_song_the_rest():
    traditional = PrintDocument("公文處理辦法", [], [Block.paragraph("第一條 為了規範公文處理工作，制定本辦法。")])
    simplified = PrintDocument("公文处理办法", [], [Block.paragraph("第一条 为了规范公文处理工作，制定本办法。")])

    def faces(document):
        page = PdfReader(io.BytesIO(pdf_bytes(document))).pages[0]
        return {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}

    assert any("FangSong" in f for f in faces(traditional))
    assert not any("FangSong" in f for f in faces(simplified))


@needs_cjk
def test_english_pdf_breaks_lines_between_words(client, login, make_user, english, tmp_path):
    login(make_user())
    data = client.get(f"/io/export/pdf/{english}").data
    reader = PdfReader(io.BytesIO(data))
    words = set(EN_WORDS.split()) | {"Leave", "Policy", "1.", "Purpose"}
    text = "\n".join(page.extract_text() for page in reader.pages)
    body = text[text.index("Purpose"):text.index("HR-7 · version")]
    printed = [w for line in body.split("\n") for w in line.split() if not re.fullmatch(r"— \d+ —", line.strip())]
    assert len(printed) > 400
    assert [w for w in printed if w not in words] == []  # every printed word is whole: no "t|he", "lea|ve"
    if shutil.which("pdftoppm"):  # the page also renders (as a person would look at it)
        (tmp_path / "en.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(tmp_path / "en.pdf"),
                        str(tmp_path / "page")], check=True, timeout=60)
        assert any(tmp_path.glob("page*.png"))
