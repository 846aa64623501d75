"""Print documents shared by every export: a title, a few metadata lines, then headings, paragraphs
and tables, written as .docx (python-docx) or PDF (fpdf2 with a CJK font found on the machine).

Callers build a `PrintDocument` — from a rule's Markdown body with `blocks_from_markdown`, or by hand
(the proposals' 新旧对照 comparison is a `Block.table` with two columns) — and call `docx_bytes` or
`pdf_bytes`. Nothing here touches the database.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from registry.errors import UserFacingError

# Fonts a Debian machine may have (fonts-wqy-zenhei, fonts-wqy-microhei, fonts-arphic-*, fonts-noto-cjk).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
ARTICLE_LABEL = re.compile(
    r"^(第[一二三四五六七八九十百千零〇两\d]+条(?:之[一二三四五六七八九十\d]+)?|Article\s+\d+\.?)"
)


class NoCJKFont(UserFacingError):
    """PDF export needs a font with Chinese glyphs and none is installed."""


@dataclass
class Block:
    """One piece of a document: a heading (level 1-4), a paragraph, or a table (first row = header)."""

    kind: str
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)

    @classmethod
    def heading(cls, text: str, level: int = 2) -> Block:
        return cls("heading", text, level)

    @classmethod
    def paragraph(cls, text: str) -> Block:
        return cls("paragraph", text)

    @classmethod
    def table(cls, rows: list[list[str]]) -> Block:
        return cls("table", rows=rows)


@dataclass
class PrintDocument:
    title: str
    meta: list[tuple[str, str]] = field(default_factory=list)  # (label, value) lines under the title
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


def blocks_from_markdown(body: str) -> list[Block]:
    """Read a rule's Markdown into blocks: headings, paragraphs (list items prefixed), tables."""
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    blocks: list[Block] = []
    prefix: list[str] = []
    row: list[str] | None = None
    table: list[list[str]] | None = None
    level = 0
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            prefix.append("•" if token.type == "bullet_list_open" else str(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif token.type == "table_open":
            table = []
        elif token.type == "table_close":
            blocks.append(Block.table(table or []))
            table = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and table is not None:
            table.append(row or [])
        elif token.type == "inline":
            text = _inline_text(token)
            if row is not None and table is not None and token.level >= 3:
                row.append(text)
            elif level:
                blocks.append(Block.heading(text, level))
                level = 0
            else:
                blocks.append(Block.paragraph(_list_prefix(prefix) + text))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block.paragraph(token.content.rstrip("\n")))
    return blocks


def _list_prefix(prefix: list[str]) -> str:
    if not prefix:
        return ""
    if prefix[-1] == "•":
        return "  " * (len(prefix) - 1) + "• "
    number = int(prefix[-1])
    prefix[-1] = str(number + 1)
    return "  " * (len(prefix) - 1) + f"{number}. "


def docx_bytes(document: PrintDocument) -> bytes:
    """Write the document as .docx: A4, a CJK-capable font, bold article labels, real tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(document.title)
    run.bold, run.font.size = True, Pt(18)
    for label, value in document.meta:
        line = doc.add_paragraph(f"{label}：{value}" if label else value)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in document.blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=max(1, min(block.level, 4)))
        elif block.kind == "table" and block.rows:
            width = max(len(r) for r in block.rows)
            grid = doc.add_table(rows=len(block.rows), cols=width)
            grid.style = "Table Grid"
            for r, cells in enumerate(block.rows):
                for c, text in enumerate(cells):
                    grid.cell(r, c).text = text
                    if r == 0:
                        for run in grid.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        elif block.kind == "paragraph":
            paragraph = doc.add_paragraph()
            match = ARTICLE_LABEL.match(block.text)
            if match:
                paragraph.add_run(match.group(0)).bold = True
            paragraph.add_run(block.text[match.end():] if match else block.text)
    if document.footer:
        doc.add_paragraph(document.footer).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def find_cjk_font(configured: str = "") -> Path | None:
    """Return a font file with Chinese glyphs: the configured one, else the first installed candidate."""
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def pdf_bytes(document: PrintDocument, font: Path | None) -> bytes:
    """Write the document as an A4 PDF with the CJK font embedded (subset); refuse without a font."""
    if font is None:
        raise NoCJKFont(
            "PDF export needs a font with Chinese characters and none was found. Install one "
            "(Debian: apt-get install fonts-wqy-zenhei) or set REGISTRY_PDF_FONT to a .ttf/.ttc file; "
            "the .docx export works without it."
        )
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = FPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("cjk", "", str(font))
    pdf.set_title(document.title)
    pdf.alias_nb_pages()
    pdf.footer = lambda: _pdf_footer(pdf, document.footer)
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.multi_cell(0, 11, document.title, align="C", wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    for label, value in document.meta:
        pdf.multi_cell(0, 6, f"{label}：{value}" if label else value, align="C", wrapmode="CHAR",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in document.blocks:
        if block.kind == "heading":
            pdf.set_font("cjk", size=max(12, 17 - block.level))
            pdf.ln(2)
            pdf.multi_cell(0, 8, block.text, align="C" if block.level <= 2 else "L", wrapmode="CHAR",
                           new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "paragraph":
            pdf.set_font("cjk", size=12)
            pdf.multi_cell(0, 7.5, block.text, wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif block.kind == "table" and block.rows:
            pdf.set_font("cjk", size=10)
            width = max(len(r) for r in block.rows)
            with pdf.table(wrapmode="CHAR", headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235)),
                           line_height=6) as grid:
                for cells in block.rows:
                    row = grid.row()
                    for text in cells + [""] * (width - len(cells)):
                        row.cell(text)
            pdf.ln(3)
    return bytes(pdf.output())


def _pdf_footer(pdf, text: str) -> None:
    pdf.set_y(-14)
    pdf.set_font("cjk", size=9)
    pdf.cell(0, 6, f"{text}  {pdf.page_no()}/{{nb}}".strip(), align="C")
