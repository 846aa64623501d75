"""A `PrintDocument` as PDF (fpdf2) in its layout: GB/T 9704 for Chinese, plain A4 for English.

Lines are broken here (`linebreak.py`), not by fpdf2, so English breaks at spaces and hyphens and
Chinese between characters; each character is printed in its part's face, or in the fallback face
when that one lacks it. Page numbers "— N —" sit 7 mm below the type area, right on odd pages and
left on even ones, one character in.
"""

from __future__ import annotations

import logging

from fpdf import FPDF
from fpdf.fonts import FontFace

from registry.io import fontcache
from registry.io.documents import ARTICLE_LABEL, PrintDocument
from registry.io.fonts import Face, PdfFonts, codepoints, pdf_fonts
from registry.io.layout import Layout, layout_for, page_number
from registry.io.linebreak import break_lines

PT = 25.4 / 72  # millimetres per point


class _Writer:
    def __init__(self, document: PrintDocument, fonts: PdfFonts, layout: Layout):
        self.layout, self.fonts = layout, fonts
        self.pdf = pdf = FPDF(format="A4", unit="mm")
        pdf.set_margins(layout.left, layout.top, layout.right)
        pdf.set_auto_page_break(True, margin=layout.bottom)
        pdf.set_title(document.title)
        pdf.set_text_color(0, 0, 0)
        pdf.c_margin = 0  # text starts at the margin; tables set their own padding
        self.family: dict[Face, str] = {}
        for face in (fonts.title, fonts.heading, fonts.subtitle, fonts.body, fonts.bold, fonts.fallback):
            if face is not None and face not in self.family:
                self.family[face] = f"f{len(self.family)}"
                fontcache.add_font(pdf, self.family[face], face)
        if fonts.fallback is not None:
            pdf.set_fallback_fonts([self.family[fonts.fallback]])
        self.widths: dict[tuple[str, float, str], float] = {}
        pdf.footer = self.footer
        self.width = pdf.w - layout.left - layout.right

    def footer(self) -> None:
        pdf, layout = self.pdf, self.layout
        pdf.set_y(pdf.h - layout.bottom + 7)
        self._set(self.fonts.body, layout.page_number_size)
        inset = layout.page_number_size * PT
        odd = pdf.page_no() % 2 == 1
        pdf.set_x(layout.left + (0 if odd else inset))
        pdf.cell(self.width - inset, layout.page_number_size * PT * 1.2, page_number(pdf.page_no()),
                 align="R" if odd else "L")

    def _set(self, face: Face, size: float) -> None:
        self.pdf.set_font(self.family[face], size=size)

    def _face_of(self, face: Face, ch: str) -> Face:
        if ord(ch) in codepoints(face) or ch.isspace() or self.fonts.fallback is None:
            return face
        return self.fonts.fallback

    def _width(self, face: Face, size: float, text: str) -> float:
        total = 0.0
        for ch in text:
            actual = self._face_of(face, ch)
            key = (self.family[actual], size, ch)
            if key not in self.widths:
                self._set(actual, size)
                self.widths[key] = self.pdf.get_string_width(ch)
            total += self.widths[key]
        return total

    def line(self, spans: list[tuple[Face, str]], size: float, pitch: float, align: str = "L",
             indent: float = 0.0, justify: bool = False) -> None:
        """Print one line made of (face, text) spans; `justify` spreads its characters to the margin."""
        pdf = self.pdf
        if pdf.y + pitch > pdf.page_break_trigger:
            pdf.add_page()
        used = sum(self._width(face, size, text) for face, text in spans)
        chars = sum(len(text) for _face, text in spans)
        extra = self.width - indent - used
        # Spread a line of Chinese over the measure (两端对齐), never by more than a character in all.
        spacing = extra / (chars - 1) if justify and chars > 1 and 0 < extra <= size * PT else 0.0
        x = self.layout.left + indent
        if align == "C":
            x = self.layout.left + (self.width - used) / 2
        pdf.set_x(x)
        pdf.set_char_spacing(spacing * pdf.k)  # fpdf2 takes it in points
        for face, text in spans:
            run, current = "", None
            for ch in text:
                actual = self._face_of(face, ch)
                if actual != current and run:
                    self._cell(current, size, run, pitch, spacing)
                    run = ""
                current = actual
                run += ch
            if run:
                self._cell(current, size, run, pitch, spacing)
        pdf.set_char_spacing(0)
        pdf.set_xy(self.layout.left, pdf.y + pitch)

    def _cell(self, face: Face, size: float, text: str, pitch: float, spacing: float = 0.0) -> None:
        self._set(face, size)
        self.pdf.cell(self._width(face, size, text) + spacing * len(text), pitch, text)

    def paragraph(self, text: str, face: Face, size: float, pitch: float, *, align: str = "L",
                  indent: float = 0.0, label_face: Face | None = None, justify: bool = False) -> None:
        """Break the text into lines and print them; an article label keeps its own face."""
        label = ARTICLE_LABEL.match(text) if label_face else None
        cut = label.end() if label else 0

        def width_of(piece: str) -> float:
            return self._width(face, size, piece)

        offset = 0
        lines = break_lines(text, width_of, self.width, indent)
        for n, line in enumerate(lines):
            start = text.find(line, offset) if line else offset
            offset = start + len(line)
            spans = []
            if label_face and start < cut:
                spans.append((label_face, line[:cut - start]))
                line = line[cut - start:]
            spans.append((face, line))
            self.line(spans, size, pitch, align, indent if n == 0 else 0.0, justify and n < len(lines) - 1)

    def table(self, rows: list[list[str]], size: float) -> None:
        pdf = self.pdf
        self._set(self.fonts.body, size)
        width = max(len(r) for r in rows)
        wrap = "CHAR" if self.layout.language == "zh" else "WORD"
        with pdf.table(wrapmode=wrap, headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235)),
                       line_height=size * PT * 1.5, padding=1) as grid:
            for cells in rows:
                row = grid.row()
                for text in cells + [""] * (width - len(cells)):
                    row.cell(text)
        pdf.ln(3)


def write_pdf(document: PrintDocument, configured_font: str = "") -> bytes:
    """Write the document: the title once, the lines under it, its blocks, and "— N —" page numbers."""
    layout = layout_for(document.language)
    fonts = pdf_fonts(document.language, document.text(), str(configured_font or ""))
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    w = _Writer(document, fonts, layout)
    w.pdf.add_page()
    pitch = layout.line_pitch * PT
    w.paragraph(document.title, fonts.title, layout.title_size, layout.title_size * PT * 1.5, align="C")
    for label, value in document.meta:
        w.paragraph(document.meta_line(label, value), fonts.subtitle, layout.subtitle_size,
                    layout.subtitle_size * PT * 1.6, align="C")
    w.pdf.ln(pitch)
    zh = layout.language == "zh"
    for block in document.blocks:
        if block.kind == "heading":
            face = fonts.heading if block.level <= 2 else fonts.subtitle
            w.paragraph(block.text, face, layout.heading_size, pitch,
                        align="C" if zh and block.level <= 3 else "L")
        elif block.kind == "paragraph":
            for line in block.text.split("\n"):
                w.paragraph(line, fonts.body, layout.body_size, pitch, indent=layout.first_line_indent * PT,
                            label_face=fonts.bold, justify=zh)
            if not zh:
                w.pdf.ln(pitch / 3)
        elif block.kind == "table" and block.rows:
            w.table(block.rows, layout.body_size - 4)
    if document.footer:
        w.pdf.ln(pitch / 2)
        w.paragraph(document.footer, fonts.body, layout.subtitle_size - 2, pitch * 0.8, align="C")
    return bytes(w.pdf.output())
