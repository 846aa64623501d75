"""Each font face parsed once per process, and handed to every PDF as its own copy.

fpdf2's `add_font` opens the font and reads every glyph's width and id (tens of thousands for a CJK face) on
each call, which was a fifth of a PDF export with three faces. The parsed metrics never change, so they are
kept here; each document gets a copy (the way fpdf2's own `TTFFont.__deepcopy__` shares them with its
recorder) with its own subset map, its own width table and its own freshly opened `TTFont`, since writing
the PDF subsets that object in place. Should fpdf2 change its font object, `add_font` is used as before.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from copy import copy

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from registry.io.fonts import Face

_parsed: dict[Face, TTFFont] = {}
_lock = threading.Lock()
UNUSED_TABLES = ("GDEF", "GPOS", "GSUB", "MATH")  # the layout tables fpdf2's subsetter drops unread
parses = 0  # faces parsed by this process (tests read it)


def _template(face: Face) -> TTFFont:
    """Return the face parsed once for this process."""
    global parses
    with _lock:
        font = _parsed.get(face)
        if font is None:
            scratch = FPDF()
            scratch.add_font("template", "", face[0], collection_font_number=face[1])
            font = _parsed[face] = scratch.fonts["template"]
            parses += 1
        return font


def _copy_for(pdf: FPDF, template: TTFFont, fontkey: str) -> TTFFont:
    font = copy(template)  # TTFFont has __slots__ and a __deepcopy__ only: copy() shares every slot
    font.i = len(pdf.fonts) + 1
    font.fontkey = fontkey
    font.ttfont = ttLib.TTFont(template.ttffile, recalcTimestamp=False,
                               fontNumber=template.collection_font_number, lazy=True)
    for tag in UNUSED_TABLES:  # fpdf2 drops them from the subset; read, they cost a third of the subsetting
        if tag in font.ttfont:
            del font.ttfont[tag]
    font.cw = defaultdict(template.cw.default_factory, template.cw)
    font.glyph_ids = dict(template.glyph_ids)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    return font


def add_font(pdf: FPDF, family: str, face: Face) -> None:
    """Make `face` available to `pdf` as `family`, parsing its file only the first time in this process."""
    fontkey = family.lower()
    try:
        font = _copy_for(pdf, _template(face), fontkey)
    except (AttributeError, TypeError):  # fpdf2 changed its font object: parse as fpdf2 does
        pdf.add_font(family, "", face[0], collection_font_number=face[1])
        return
    pdf.fonts[fontkey] = font
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")
