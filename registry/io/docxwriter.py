"""The one Word writer: a `PrintDocument` as .docx in its layout, and the page/font helpers the
proposals' 对照表 shares.

Styles are set explicitly — python-docx's default template prints headings in blue Calibri Light —
so every run is black, in the layout's faces (East Asian and Latin named separately).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from registry.io.documents import ARTICLE_LABEL, PrintDocument
from registry.io.layout import Layout, layout_for

BLACK = RGBColor(0, 0, 0)


def set_page(section, layout: Layout, *, landscape: bool = False) -> None:
    """Make the section A4 (portrait, or landscape) with the layout's margins."""
    width, height = Mm(layout.page_width), Mm(layout.page_height)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(layout.top), Mm(layout.bottom)
    section.left_margin, section.right_margin = Mm(layout.left), Mm(layout.right)


def set_font(target, faces: tuple[str, str], size: float, *, bold: bool = False) -> None:
    """Give a style or run its East Asian and Latin faces, a size, black colour and the weight."""
    font = target.font
    font.name, font.size, font.bold, font.color.rgb = faces[1], Pt(size), bold, BLACK
    fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):  # a theme face wins in Word
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), faces[0])
    fonts.set(qn("w:ascii"), faces[1])
    fonts.set(qn("w:hAnsi"), faces[1])


def new_document(layout: Layout, *, landscape: bool = False):
    """Return an empty Document on A4 in the layout, with Normal and the headings styled black."""
    document = Document()
    set_page(document.sections[0], layout, landscape=landscape)
    normal = document.styles["Normal"]
    set_font(normal, layout.body_font, layout.body_size)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    for level in range(1, 5):
        style = document.styles[f"Heading {level}"]
        faces = layout.heading_font if level <= 2 else layout.subtitle_font
        set_font(style, faces, layout.heading_size, bold=layout.language == "en")
        style.font.italic = False
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(0), Pt(0)
    return document


def _line_spacing(paragraph, layout: Layout) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(layout.line_pitch)


def _indent(paragraph, layout: Layout) -> None:
    """Indent the first line by two characters (in points, and in characters for Word's grid)."""
    if not layout.indent_chars:
        return
    paragraph.paragraph_format.first_line_indent = Pt(layout.first_line_indent)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))  # python-docx 1.2: w:ind written by the line above
    ind.set(qn("w:firstLineChars"), str(layout.indent_chars * 100))


def _page_number_footer(section, layout: Layout) -> None:
    """Print "— N —": odd pages on the right, even pages on the left, one character in (GB/T 9704)."""
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, align in sides:
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        side = "right" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left"
        setattr(paragraph.paragraph_format, f"{side}_indent", Pt(layout.page_number_size))
        for text, field in (("— ", False), ("PAGE", True), (" —", False)):
            run = paragraph.add_run()
            set_font(run, layout.title_font, layout.page_number_size)
            if field:
                _field(run, text)
            else:
                run.text = text


def _field(run, instruction: str) -> None:
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def write_docx(document: PrintDocument) -> bytes:
    """Write the document: the title once, the lines under it, then its blocks, page numbers below."""
    layout = layout_for(document.language)
    doc = new_document(layout)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(doc.sections[0], layout)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 小标宋 is a heavy Song: bold 宋体 is its nearest face on every Chinese Windows.
    set_font(title.add_run(document.title), layout.title_font, layout.title_size, bold=True)
    for label, value in document.meta:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(line.add_run(document.meta_line(label, value)), layout.subtitle_font, layout.subtitle_size)
    doc.add_paragraph()
    for block in document.blocks:
        if block.kind == "heading":
            _heading(doc, block.text, block.level, layout)
        elif block.kind == "table" and block.rows:
            write_table(doc, block.rows, layout, size=layout.body_size - 2)
        elif block.kind == "paragraph":
            _paragraphs(doc, block.text, layout)
    if document.footer:
        end = doc.add_paragraph()
        end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(end.add_run(document.footer), layout.body_font, layout.subtitle_size)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _heading(doc, text: str, level: int, layout: Layout) -> None:
    paragraph = doc.add_paragraph(style=f"Heading {max(1, min(level, 4))}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if level <= 3 and layout.language == "zh" else None
    _line_spacing(paragraph, layout)
    faces = layout.heading_font if level <= 2 else layout.subtitle_font
    set_font(paragraph.add_run(text), faces, layout.heading_size, bold=layout.language == "en")


def _paragraphs(doc, text: str, layout: Layout) -> None:
    """Write a paragraph as written: in Chinese each line is a paragraph (款, 项) with its indent."""
    lines = text.split("\n") if layout.language == "zh" else [text]
    for line in lines:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _line_spacing(paragraph, layout)
        _indent(paragraph, layout)
        match = ARTICLE_LABEL.match(line)
        if match:
            set_font(paragraph.add_run(match.group(0)), layout.heading_font, layout.body_size,
                     bold=layout.language == "en")
        set_font(paragraph.add_run(line[match.end():] if match else line), layout.body_font, layout.body_size)


def write_table(doc, rows: list[list[str]], layout: Layout, *, size: float, widths=None, header_bold=True):
    """Add a bordered table (first row = header, bold) in the body face; return it."""
    width = max(len(r) for r in rows)
    grid = doc.add_table(rows=len(rows), cols=width)
    grid.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            paragraph = grid.cell(r, c).paragraphs[0]
            set_font(paragraph.add_run(text), layout.body_font, size, bold=header_bold and r == 0)
    if widths:
        for row in grid.rows:
            for cell, w in zip(row.cells, widths, strict=False):
                cell.width = w
    return grid
