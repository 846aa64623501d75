"""Which installed font files print which part of a document (PDF embeds them; Word names its own).

GB/T 9704 asks for 小标宋 titles, 黑体 chapter headings, 楷体 for the lines under the title and for
sections, and 仿宋 body text. Debian's free fonts offer: Song (AR PL UMing, `fonts-arphic-uming`),
Hei (WenQuanYi Zen Hei, `fonts-wqy-zenhei`), Kai (AR PL UKai, `fonts-arphic-ukai`) and a FangSong
(cwTeX 仿宋, `fonts-cwtex-fs`) that covers traditional characters only: a text is printed in FangSong
when that font has every one of its characters, else in Song. `make fonts` installs all four.
REGISTRY_PDF_FONT, when set, prints everything in that one font.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

from registry.errors import UserFacingError

Face = tuple[str, int]  # a font file and the face's index in a .ttc collection

_T = "/usr/share/fonts/truetype/"
_O = "/usr/share/fonts/opentype/"
HEI: tuple[Face, ...] = ((_T + "wqy/wqy-zenhei.ttc", 0), (_T + "wqy/wqy-microhei.ttc", 0),
                         (_O + "noto/NotoSansCJK-Regular.ttc", 2), (_T + "droid/DroidSansFallbackFull.ttf", 0))
SONG: tuple[Face, ...] = ((_T + "arphic/uming.ttc", 0), (_T + "arphic-gbsn00lp/gbsn00lp.ttf", 0),
                          (_O + "noto/NotoSerifCJK-Regular.ttc", 2))
KAI: tuple[Face, ...] = ((_T + "arphic/ukai.ttc", 0), (_T + "arphic-gkai00mp/gkai00mp.ttf", 0))
FANGSONG: tuple[Face, ...] = ((_T + "cwtex/cwfs.ttf", 0),)
SERIF: tuple[Face, ...] = ((_T + "liberation/LiberationSerif-Regular.ttf", 0), (_T + "dejavu/DejaVuSerif.ttf", 0))
SERIF_BOLD: tuple[Face, ...] = ((_T + "liberation/LiberationSerif-Bold.ttf", 0),
                                (_T + "dejavu/DejaVuSerif-Bold.ttf", 0))
CJK_CANDIDATES: tuple[Face, ...] = HEI[:2] + SONG[:2] + KAI[:1] + HEI[2:] + SONG[2:]


class NoCJKFont(UserFacingError):
    """PDF export needs a font with Chinese glyphs and none is installed."""


@dataclass(frozen=True)
class PdfFonts:
    """The faces of one PDF: `fallback` prints any character the others lack."""

    title: Face
    heading: Face
    subtitle: Face
    body: Face
    bold: Face
    fallback: Face | None


def installed(candidates: tuple[Face, ...]) -> Face | None:
    """Return the first candidate face whose file is installed."""
    return next((face for face in candidates if Path(face[0]).is_file()), None)


def installed_faces() -> tuple[Face, ...]:
    """Return every candidate face installed: a PDF printed before a font was installed is printed again."""
    every = HEI + SONG + KAI + FANGSONG + SERIF + SERIF_BOLD
    return tuple(face for face in dict.fromkeys(every) if Path(face[0]).is_file())


def find_cjk_font(configured: str = "") -> Path | None:
    """Return a font file with Chinese glyphs: the configured one, else the first installed candidate."""
    if configured and Path(configured).is_file():
        return Path(configured)
    face = installed(CJK_CANDIDATES)
    return Path(face[0]) if face else None


@lru_cache(maxsize=32)
def codepoints(face: Face) -> frozenset[int]:
    """Return the characters the face has glyphs for."""
    from fontTools.ttLib import TTFont

    with TTFont(face[0], fontNumber=face[1], lazy=True) as font:
        return frozenset(font.getBestCmap())


def covers(face: Face, text: str) -> bool:
    """Tell whether the face has a glyph for every visible character of the text."""
    have = codepoints(face)
    return all(ord(ch) in have for ch in set(text) if not ch.isspace())


def _needs_cjk(text: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in text)


def pdf_fonts(language: str, text: str, configured: str = "") -> PdfFonts:
    """Choose the faces for a document in `language` ("zh"/"en") holding `text`; refuse without CJK."""
    if configured and Path(configured).is_file():
        one = (configured, 0)
        return PdfFonts(one, one, one, one, one, None)
    cjk = installed(CJK_CANDIDATES)
    if language == "en":
        serif, bold = installed(SERIF), installed(SERIF_BOLD)
        if serif and (cjk or not _needs_cjk(text)):
            return PdfFonts(bold or serif, bold or serif, serif, serif, bold or serif, cjk)
    if cjk is None:
        raise NoCJKFont(_(
            "PDF export needs a font with Chinese characters and none was found. Install one "
            "(Debian: apt-get install fonts-wqy-zenhei) or set REGISTRY_PDF_FONT to a .ttf/.ttc file; "
            "the .docx export works without it."
        ))
    hei = installed(HEI) or cjk
    song = installed(SONG) or cjk
    fangsong = installed(FANGSONG)
    body = fangsong if fangsong and covers(fangsong, text) else song
    return PdfFonts(title=hei, heading=hei, subtitle=installed(KAI) or body, body=body, bold=hei, fallback=cjk)
