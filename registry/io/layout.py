"""The page layouts of printed rules: GB/T 9704-2012 for Chinese, a plain A4 page for English.

GB/T 9704: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 2号 (22 pt)
小标宋, centred; body 3号 (16 pt) 仿宋 with a two-character first-line indent, 22 lines a page;
chapter headings 3号 黑体, sections 3号 楷体; page numbers 4号 (14 pt) as "— 1 —", odd pages on the
right and even pages on the left, one character in from the edge. Word files name the faces an
office's Word has (宋体, 黑体, 楷体, 仿宋); PDFs embed installed faces (see fonts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """Page and type of one kind of document; lengths in millimetres, sizes in points."""

    language: str
    page_width: float = 210.0
    page_height: float = 297.0
    top: float = 37.0
    bottom: float = 35.0
    left: float = 28.0
    right: float = 26.0
    title_size: float = 22.0
    subtitle_size: float = 14.0
    heading_size: float = 16.0
    body_size: float = 16.0
    line_pitch: float = 28.95  # points: 22 lines of 3号 in the 225 mm type area
    indent_chars: int = 2
    page_number_size: float = 14.0
    # Font names written into a .docx: (East Asian face, Latin face).
    title_font: tuple[str, str] = ("宋体", "Times New Roman")
    heading_font: tuple[str, str] = ("黑体", "Times New Roman")
    subtitle_font: tuple[str, str] = ("楷体", "Times New Roman")
    body_font: tuple[str, str] = ("仿宋", "Times New Roman")

    @property
    def first_line_indent(self) -> float:
        """Return the first-line indent in points (two characters of body text)."""
        return self.indent_chars * self.body_size


OFFICIAL = Layout("zh")
ENGLISH = Layout(
    "en", top=25.0, bottom=25.0, left=25.0, right=25.0, title_size=16.0, subtitle_size=11.0,
    heading_size=13.0, body_size=12.0, line_pitch=16.0, indent_chars=0, page_number_size=10.0,
    title_font=("宋体", "Times New Roman"), heading_font=("黑体", "Times New Roman"),
    subtitle_font=("宋体", "Times New Roman"), body_font=("宋体", "Times New Roman"),
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def document_language(text: str) -> str:
    """Return "zh" when Chinese characters are at least a fifth of the letters, else "en"."""
    sample = text[:20_000]
    cjk, latin = len(_CJK.findall(sample)), len(_LATIN.findall(sample))
    # A Chinese character carries about as much as an English word of five letters.
    return "zh" if cjk and cjk * 5 >= latin else "en" if latin else "zh"


def layout_for(language: str) -> Layout:
    """Return the layout of a document in `language`."""
    return OFFICIAL if language == "zh" else ENGLISH


def page_number(n: int) -> str:
    """Return the page number as GB/T 9704 prints it: "— 1 —"."""
    return f"— {n} —"
