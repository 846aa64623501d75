"""Find the structure that internal rules number without 第X条: 壹、 一、 （一） 1. 1.1 （1） ① A. I.

A numbered line is a unit only where the document uses its numbering as a structure: the lines of one
style form a sequence (1, 2, 3 …, starting again at 1 only under a new heading of a higher level), so a
list inside a unit (another 1. 2. 3. in the middle of item 5) is not mistaken for the units. Styles nest
in the order the document introduces them. The first level whose lines carry text (not short titles)
holds the articles; the levels above it are headings, the levels below it are items inside the articles.
Numbers are read, never rewritten: labels and anchors keep the document's own numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from registry.rules.heads import KEY_PREFIX, RANKS, Head
from registry.rules.numerals import chinese_numeral_to_int, roman_to_int

_SP = r"[^\S\r\n]"
_NUMBERED = re.compile(
    rf"^(?:{_SP}|\ufeff)*(?:(?P<fence>```|~~~)|(?P<hashes>\#{{1,6}}{_SP}*)?(?P<bold>\*\*|__)?{_SP}*(?P<marker>"
    r"(?P<cap>[壹贰貳叁參肆伍陆陸柒捌玖拾佰]+)[、．.]"
    r"|(?P<cn>[一二三四五六七八九十百〇零两兩]+)[、．.](?![0-9０-９])"
    r"|[（(](?P<cnp>[一二三四五六七八九十百]+)[）)]"
    r"|[（(](?P<decp>[0-9０-９]{1,3})[）)]"
    r"|(?P<circ>[\u2460-\u2473])"
    r"|(?P<decn>[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3}){1,4})[.．]?(?![0-9０-９%％])"
    r"|(?P<dec>[0-9０-９]{1,3})(?P<sep>[.．、](?![0-9０-９])|[)）])"
    r"|(?P<roman>[IVXLC]{1,7})[.．](?=\s)"
    r"|(?P<alpha>[A-Z])[.．)](?=\s)"
    rf")(?P<close>\*\*|__)?(?P<rest>[^\r\n]*))",
    re.MULTILINE,
)
_MD_HEADING = re.compile(r"^[^\S\r\n]*(?P<hashes>#{1,6})[^\S\r\n]", re.MULTILINE)
_SENTENCE = re.compile(r"[。；;，,：:！？!?]|\.\s|\.$")
_HEADING_CHARS = 40
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_DOTS = re.compile("[.．]")
_FINANCIAL = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰")
_ZH_ORDER = {"cap": 0, "cn": 1, "cnp": 2, "dec": 3, "decp": 4, "circ": 5}
_STRIP = " \t\r\u3000*_"
_TITLE_STRIP = _STRIP + ":：.、—–-"


class Candidate(NamedTuple):
    start: int
    style: tuple  # ("cn", 8): the numbering and its mark: 1-6 for a #…###### heading, 7 bold, 8 none
    value: tuple[int, ...]  # (3,) for 三、, (2, 1) for 2.1
    label: str
    rest: str  # the line after the marker


def candidates(body: str) -> list[Candidate]:
    """Return every numbered line of `body` outside code fences, in order."""
    found, fence = [], ""
    has_roman = "II." in body or "II．" in body  # cheaper than a line-by-line pattern, and as good here
    previous_alpha = 0
    for m in _NUMBERED.finditer(body):
        marker = m["marker"]
        if marker is None:  # a code fence opens or closes
            fence = "" if fence == m["fence"] else fence or m["fence"]
        elif not fence:
            kind, value = _read(marker, has_roman, previous_alpha)
            if value is not None:
                found.append(_candidate(m, kind, value))
                previous_alpha = value[0] if kind == "alpha" else previous_alpha
    return found


def _candidate(m: re.Match[str], kind: str, value: tuple[int, ...]) -> Candidate:
    """Return the numbered line that a match found, with its style."""
    hashes = m["hashes"]
    mark = len(hashes.strip()) if hashes else 7 if m["bold"] else 8
    return Candidate(m.start(), (kind, mark), value, m["marker"], m["rest"])


def _is_heading(c: Candidate) -> bool:
    """Tell a heading (marked, or a short title) from a line that carries text."""
    rest = c.rest.strip(_STRIP)
    return c.style[1] < 8 or (len(rest) <= _HEADING_CHARS and not _SENTENCE.search(rest))


def numbered_heads(body: str, explicit: Sequence[Head], found: Sequence[Candidate]) -> list[Head]:
    """Return the numbered headings and articles of a body whose explicit heads have no articles."""
    levels: list[list[Candidate]] = []
    runs_through: list[bool] = []  # per level: its numbers go on across its headings (1. 2. | 3. 4.)
    shallower = sorted(h.start for h in explicit)
    headings = _markdown_headings(body, {c.start for c in found} | set(shallower))
    by_style: dict[tuple, list[Candidate]] = {}
    for c in found:
        by_style.setdefault(c.style, []).append(c)
    for style in _nesting_order(list(by_style)):
        accepted, continues = _sequence(by_style[style], shallower)
        if len(accepted) >= 2 and not _in_unnumbered_section(headings, style[1], accepted):
            levels.append(accepted)
            runs_through.append(continues)
            if _is_body(accepted) or _sections_of_prose(accepted, found, len(body)):
                break  # the articles: deeper levels are their items
            shallower = sorted(shallower + [c.start for c in accepted])
    if not levels:
        return []
    article_level = len(levels) - 1
    kinds = _heading_kinds(article_level, max((h.rank for h in explicit), default=0.0))
    heads = []
    for depth, level in enumerate(levels[:article_level + 1]):
        kind, rank = kinds[depth] if depth < article_level else ("article", RANKS["article"])
        # Numbers that start again under each heading take its anchor ("ch-2-art-1"); 2.1 names its own.
        nested = len(level[0].value) == 1 and not (kind == "article" and runs_through[depth])
        for c in level:
            number = "-".join(map(str, c.value)) if c.style[0] != "alpha" else c.label[0].lower()
            heads.append(Head(c.start, kind, c.label, "" if kind == "article" else _title(c.rest), c.value[-1],
                              f"{KEY_PREFIX[kind]}-{number}", rank, nested))
    return heads


def headings_before_articles(body: str, explicit: Sequence[Head]) -> list[Head]:
    """Return numbered titles (一、总则) that head a run of 第X条, where the document has no 第X章.

    The first article must have such a title, and a title is never the last of a run of numbered
    lines: （二）学院 right above 第三条 ends the list of 第二条.
    """
    articles = [h for h in explicit if h.kind == "article"]
    first = _previous_line(body, articles[0].start) if articles else None
    if first is None or _numbered_line(body, first) is None:
        return []  # the usual case, settled by one line
    before = []
    for head in articles:
        line = _previous_line(body, head.start)
        c = _numbered_line(body, line) if line else None
        if c is not None and _is_heading(c):
            earlier = _previous_line(body, line[0])
            previous = _numbered_line(body, earlier) if earlier else None
            if previous is None or previous.style[0] != c.style[0]:
                before.append(c)
    if not before or not articles or before[0].start > articles[0].start:
        return []
    styles = _styles_in_order(before)
    accepted = _sequence([c for c in before if c.style == styles[0]], [])[0]
    if len(accepted) < 2 or accepted[0] is not before[0]:
        return []
    return [Head(c.start, "chapter", c.label, _title(c.rest), c.value[-1], f"ch-{'-'.join(map(str, c.value))}",
                 RANKS["chapter"], True) for c in accepted]


def _numbered_line(body: str, line: tuple[int, int]) -> Candidate | None:
    """Return the numbered line at (start, end) of `body`, if it is one."""
    m = _NUMBERED.match(body, *line)
    if not m or not m["marker"]:
        return None
    kind, value = _read(m["marker"], False, 0)
    return None if value is None else _candidate(m, kind, value)


def marker_end(line: str) -> int:
    """Return where a numbered line's marker (and a bold marker closing it) ends; 0 if it has none."""
    m = _NUMBERED.match(line)
    return m.end("close") if m and m["close"] else m.end("marker") if m and m["marker"] else 0


def _markdown_headings(body: str, known: set[int]) -> list[tuple[int, int, bool]]:
    """Return (start, level, is numbered) of the Markdown headings after the title.

    The title is the first heading when it stands on one of the first three lines (under a 文号, say),
    with the headings right after it (a title set on two lines).
    """
    if "#" not in body:
        return []
    found = [(m.start(), len(m["hashes"]), m.start() in known) for m in _MD_HEADING.finditer(body)]
    if not found:
        return found
    before = len([line for line in body[:found[0][0]].splitlines() if line.strip()])
    # Under a letterhead the title comes lower; it is still the title when no other heading is as large.
    alone = sum(1 for _start, level, _n in found if level <= found[0][1]) == 1
    if before > 2 and not (alone and before <= 12):
        return found
    title_end = body.find("\n", found[0][0])
    skip = 1
    while skip < len(found) and not body[title_end:found[skip][0]].strip():
        title_end = body.find("\n", found[skip][0])
        skip += 1
    return found[skip:]


def _sections_of_prose(level: list[Candidate], found: Sequence[Candidate], end: int) -> bool:
    """Tell whether titled numbered sections hold their text themselves (I. Background, prose; II. …).

    Such a level is the document's units even though its lines are titles: most of its sections have no
    numbered line of their own, and the numbered lines of the others are lists inside them.
    """
    if level[0].style[0] in _ZH_ORDER and not level[0].rest.strip(_STRIP)[:1].isascii():
        return False  # 一、指导思想: a Chinese outline's titles head the 1、 provisions under them
    counts: dict[tuple, int] = {}
    for c in found:
        counts[c.style] = counts.get(c.style, 0) + 1
    inside = [c.start for c in found if counts[c.style] >= 2]  # a lone "1." (one attachment) is no list
    return _mostly_bare([c.start for c in level], inside, end)


def _mostly_bare(starts: list[int], inside: list[int], end: int) -> bool:
    """Tell whether most of the sections beginning at `starts` hold no numbered line (`inside`) of their own."""
    bounds = starts + [end]
    bare = sum(1 for a, b in zip(bounds, bounds[1:], strict=False) if not any(a < s < b for s in inside))
    return bare * 2 > len(starts)


def sections_of_prose(explicit: Sequence[Head], found: Sequence[Candidate], end: int) -> bool:
    """Tell whether English Sections/Parts (no articles) hold prose: then they are the units, and the
    numbered lines in some of them are lists (Section 4's 1. 2. 3.), not articles."""
    deepest = max((h.rank for h in explicit), default=0.0)
    level = [h for h in explicit if h.rank == deepest]
    if len(level) < 2 or any(h.label.startswith("第") for h in level):
        return False
    return _mostly_bare([h.start for h in level], [c.start for c in found], end)


def _in_unnumbered_section(headings: list[tuple[int, int, bool]], mark: int, accepted: list[Candidate]) -> bool:
    """Tell whether numbered lines marked `mark` (1-6 #, 7 bold, 8 plain) are a list inside a section.

    They are when the heading above their first line is an unnumbered one, or when an unnumbered
    heading of their own level or above comes after it (the numbers do not divide the document) —
    unless the numbers run on across two or more such headings (a directive's actions 1–9 grouped
    under unnumbered topics), which a list inside one section never does.
    """
    first, last = accepted[0].start, accepted[-1].start
    if sum(1 for start, level, numbered in headings if first < start < last and level < mark and not numbered) >= 2:
        return False
    above = None
    for start, level, numbered in headings:
        if start < first and level < mark:
            above = numbered
        elif start > first and level <= mark and not numbered:
            return True
    return above is False


def _read(marker: str, has_roman: bool, previous_alpha: int) -> tuple[str, tuple[int, ...] | None]:
    """Return the style and the value of a numbered line's marker ("（二）" is ("cnp", (2,)))."""
    first = marker[0]
    if first in "（(":
        inner = marker[1:-1]
        if inner[0] in _DIGITS:
            return "decp", (int(inner),)
        value = chinese_numeral_to_int(inner)
        return "cnp", (value,) if value else None
    if first in _DIGITS:
        number = marker.rstrip(".．、)）")
        if number.isdigit():
            return ("decr" if marker[-1] in ")）" else "dec"), (int(number),)  # int() reads full-width too
        parts = _DOTS.split(number)
        return f"dec{len(parts)}", tuple(map(int, parts))
    if "\u2460" <= first <= "\u2473":
        return "circ", (ord(first) - 0x2460 + 1,)
    if "A" <= first <= "Z":
        letters = marker[:-1]
        # A lone I, V or X is a letter in A. B. C. lists unless the document numbers with II.
        if not letters.strip("IVXLC") and (len(letters) > 1 or has_roman and ord(first) - 64 != previous_alpha + 1):
            value = roman_to_int(letters)
            return "roman", (value,) if value else None
        return ("alpha", (ord(first) - 64,)) if len(letters) == 1 else ("", None)
    value = chinese_numeral_to_int(marker[:-1])
    return ("cap" if first in _FINANCIAL else "cn"), (value,) if value else None


def _nesting_order(styles: list[tuple]) -> list[tuple]:
    """Order styles outermost first: as the document introduces them, but a Chinese outline follows
    the standard order 壹、 一、 （一） 1. （1） ① (GB/T 9704) even where a list comes before it."""
    if not any(style[0] in ("cap", "cn", "cnp") for style in styles):
        return styles
    slots = [i for i, style in enumerate(styles) if style[0] in _ZH_ORDER]
    ordered = sorted((styles[i] for i in slots), key=lambda style: _ZH_ORDER[style[0]])  # stable
    result = list(styles)
    for i, style in zip(slots, ordered, strict=True):
        result[i] = style
    return result


def _styles_in_order(found: Sequence[Candidate]) -> list[tuple]:
    """Return the styles in the order the document first uses them."""
    return list(dict.fromkeys(c.style for c in found))


def _sequence(lines: list[Candidate], shallower: list[int]) -> tuple[list[Candidate], bool]:
    """Keep the lines of one style that continue its sequence; the others are a list inside a unit.

    Also tell whether the numbers run on past a higher heading (1. 2. | 3. 4.) rather than start again.
    A 1 starts the sequence again only after a higher-level heading. A 1 anywhere else opens a nested
    list, whose items are skipped; an item that could continue either (the list's 3 or the unit 3) is
    the list's when another 3 follows before any 4.
    """
    ahead: tuple[list[int | None], list[int | None]] | None = None  # worked out when first needed
    accepted: list[Candidate] = []
    continues = False
    run_next, boundary, latest = None, 0, -1  # next number of an open nested list; shallower heads passed
    for i, c in enumerate(lines):
        while boundary < len(shallower) and shallower[boundary] < c.start:
            latest, run_next, boundary = shallower[boundary], None, boundary + 1
        if not accepted:
            ok = c.value[-1] == 1
        elif c.value == (1,):
            ok = latest > accepted[-1].start
        else:
            ok = _follows(accepted[-1].value, c.value)
        if ok and run_next is not None and c.value[-1] == run_next:
            ahead = ahead or _lookahead(lines)
            same, successor = ahead[0][i], ahead[1][i]
            ok = same is None or (successor is not None and successor < same)
        if ok:
            if accepted and c.value != (1,) and latest > accepted[-1].start:
                continues = True
            accepted.append(c)
            run_next = None
        elif accepted and c.value == (1,):
            run_next = 2
        elif run_next is not None and c.value[-1] == run_next:
            run_next += 1
    return accepted, continues


def _lookahead(lines: list[Candidate]) -> tuple[list[int | None], list[int | None]]:
    """For each line, the index of the next line with the same number and with the number after it."""
    last: dict[tuple, int] = {}
    same: list[int | None] = [None] * len(lines)
    successor: list[int | None] = [None] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        value = lines[i].value
        same[i] = last.get(value)
        successor[i] = last.get((*value[:-1], value[-1] + 1))
        last[value] = i
    return same, successor


def _follows(previous: tuple[int, ...], value: tuple[int, ...]) -> bool:
    """Tell whether `value` is the next number after `previous` (2.3 after 2.2; 3.1 after 2.4)."""
    if len(value) == 1:
        return value[0] == previous[0] + 1
    if value[:-1] == previous[:-1]:
        return value[-1] == previous[-1] + 1
    return value[-1] == 1 and value[:-1] > previous[:-1]


def _is_body(level: list[Candidate]) -> bool:
    """Tell whether a level's lines carry text (articles) rather than titles (headings)."""
    return sum(1 for c in level if not _is_heading(c)) * 2 >= len(level)


def _heading_kinds(count: int, deepest_explicit: float) -> list[tuple[str, float]]:
    """Name `count` numbered heading levels below the explicit ones: chapter, section, then sub-sections."""
    names = ["part", "chapter", "section"] if count >= 3 else ["chapter", "section"]
    kinds = [(n, RANKS[n]) for n in names if RANKS[n] > deepest_explicit]
    while len(kinds) < count:
        kinds.append(("section", (kinds[-1][1] if kinds else RANKS["section"]) + 0.1))
    return kinds[:count]


def _previous_line(body: str, start: int) -> tuple[int, int] | None:
    """Return (start, end) of the last non-blank line before the line that begins at `start`."""
    end = start - 1
    while end > 0:
        line_start = body.rfind("\n", 0, end) + 1
        if body[line_start:end].strip():
            return line_start, end
        end = line_start - 1
    return None


def _title(rest: str) -> str:
    return re.sub(r"\s+", " ", rest.replace("**", "").replace("__", "")).strip(_TITLE_STRIP)
