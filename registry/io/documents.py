"""Print documents shared by every export: a title, a few metadata lines, then headings, paragraphs
and tables, written as .docx (`docxwriter.py`) or PDF (`pdfwriter.py`) in the layout of the
document's language (`layout.py`: GB/T 9704 for Chinese).

Callers build a `PrintDocument` — from a rule's Markdown body with `blocks_from_markdown`, or by hand
(a table is a `Block.table`, first row the header) — and call `docx_bytes` or `pdf_bytes`. The proposals'
新旧对照表 (proposals/exports.py), a table with marked words, is built from docxwriter's own pieces.
Nothing here touches the database. The body is read with the rule-page parser (`markdown.rule_markdown`):
no lists, so every numbered line keeps the number it was written with, and every line break is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registry.io.fonts import NoCJKFont, find_cjk_font
from registry.markdown import rule_markdown

__all__ = ["Block", "PrintDocument", "NoCJKFont", "find_cjk_font", "blocks_from_markdown",
           "docx_bytes", "pdf_bytes", "ARTICLE_LABEL"]

ARTICLE_LABEL = re.compile(
    r"^(第[一二三四五六七八九十百千零〇两\d]+[条條](?:之[一二三四五六七八九十\d]+)?|Article\s+\d+\.?)"
)


@dataclass
class Block:
    """One piece of a document: a heading (level 1-4), a paragraph, or a table (first row = header).

    A paragraph's text may hold line breaks: the source's, kept as written.
    """

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
    language: str = "zh"  # "zh": GB/T 9704 layout; "en": a plain A4 page

    def meta_line(self, label: str, value: str) -> str:
        """Return one line under the title: "施行日期：2025年7月1日" or "In force from: 2025-07-01"."""
        if not label:
            return value
        return f"{label}：{value}" if self.language == "zh" else f"{label}: {value}"

    def text(self) -> str:
        """Return every character the document prints (to choose fonts that cover them)."""
        parts = [self.title, self.footer] + [f"{label}{value}" for label, value in self.meta]
        for block in self.blocks:
            parts.append(block.text)
            parts.extend(cell for row in block.rows for cell in row)
        return "\n".join(parts)


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


def blocks_from_markdown(body: str) -> list[Block]:
    """Read a rule's Markdown into blocks: headings, paragraphs (line breaks kept), tables."""
    blocks: list[Block] = []
    row: list[str] | None = None
    table: list[list[str]] | None = None
    level = 0
    for token in rule_markdown().parse(body):
        if token.type == "heading_open":
            level = int(token.tag[1])
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
                blocks.append(Block.paragraph(text))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block.paragraph(token.content.rstrip("\n")))
    return blocks


def docx_bytes(document: PrintDocument) -> bytes:
    """Write the document as .docx in its language's layout."""
    from registry.io.docxwriter import write_docx

    return write_docx(document)


def pdf_bytes(document: PrintDocument, configured_font: str = "") -> bytes:
    """Write the document as an A4 PDF with its fonts embedded (subset); refuse without a CJK font."""
    from registry.io.pdfwriter import write_pdf

    return write_pdf(document, configured_font)
