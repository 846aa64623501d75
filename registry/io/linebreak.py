"""Where a printed line may end: between Chinese characters, at spaces, after a hyphen — never inside
an English word (fpdf2's character wrapping printed "t|he"), and not before closing punctuation or
after opening punctuation (禁则: no line begins with "，" or ends with "《").
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}")
_NO_LINE_END = set("（《「『【〔〈“‘([{")
# A space; a run of letters/digits/marks that is not Chinese, cut after each hyphen; or one other character.
_ATOM = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c-\u201d"
                   r"\u2018-\u2019]+?(?:-|(?=[\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014"
                   r"\u2026\u201c-\u201d\u2018-\u2019])|$)|.", re.S)


def atoms(text: str) -> list[str]:
    """Cut text into pieces that stay on one line; a line may end after any piece."""
    pieces: list[str] = []
    for m in _ATOM.finditer(text):
        piece = m.group()
        if pieces and not pieces[-1].isspace() and not piece.isspace() and (
                piece[0] in _NO_LINE_START or pieces[-1][-1] in _NO_LINE_END):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def break_lines(text: str, width_of: Callable[[str], float], max_width: float, first_indent: float = 0.0,
                ) -> list[str]:
    """Return the text's lines filling `max_width` (the first `first_indent` narrower); spaces at breaks drop."""
    lines: list[str] = []
    line: list[str] = []
    used, room = 0.0, max_width - first_indent
    for piece in atoms(text):
        size = width_of(piece)
        if piece.isspace():
            if line:
                line.append(piece)
                used += size
            continue
        if line and used + size > room:
            lines.append("".join(line).rstrip())
            line, used, room = [], 0.0, max_width
        while size > room and len(piece) > 1:  # longer than a line (a URL): cut by characters
            cut = _fit(piece, width_of, room - used)
            lines.append("".join(line) + piece[:cut])
            line, used, room, piece = [], 0.0, max_width, piece[cut:]
            size = width_of(piece)
        line.append(piece)
        used += size
    if line or not lines:
        lines.append("".join(line).rstrip())
    return lines


def _fit(piece: str, width_of: Callable[[str], float], room: float) -> int:
    cut = 1
    while cut < len(piece) and width_of(piece[:cut + 1]) <= room:
        cut += 1
    return cut
