"""Split a rule body into parts, chapters, sections and articles (条), and articles into 款/项.

Pure text processing, so the rule page (table of contents, permalinks) and the search indexer share one
reading of a body. Segments are exact, contiguous slices: their texts join back into the body, so a hit
or an edit maps straight to the stored text. Anchors come from the numbering, not from positions, so a
permalink survives edits elsewhere in the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

_SP = r"[^\S\r\n]"  # any whitespace but a line break: ASCII, full-width 　, en space …
# One pass finds every structural line: a code fence, 第X编/分编/章/节/条(之一) in Chinese numerals or
# digits, or an English Part/Chapter/Section/Article/Art./§ whose number does not run on ("3a", "15.2").
_HEAD = re.compile(
    rf"^(?:{_SP}|\ufeff)*(?:(?P<fence>```|~~~)|(?P<hashes>\#{{1,6}}{_SP}*)?(?P<bold>\*\*|__)?{_SP}*(?P<label>"
    rf"第(?P<num>[0-9０-９零〇一二两三四五六七八九十百千万]+)(?P<gap>{_SP})?(?P<unit>分编|编|章|节|条)"
    r"(?:之(?P<sub>[0-9一二三四五六七八九十]+))?"
    r"|(?:(?P<kw>(?i:chapter|part|section|article))[ \t]+|(?P<short>(?i:art\.)|§)[ \t]*)"
    r"(?P<en>[0-9]+|(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
    r"(?![0-9A-Za-z]|\.[0-9])))(?P<rest>[^\r\n]*)",
    re.MULTILINE,
)
# After an unspaced label these characters mean "a reference to 第三条", not a new article.
_ZH_REFERENCE_NEXT = frozenset("的之、，,。；;》>」』）)〉】和及或与至到中规所第款项以等")
_KINDS = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section", "条": "article",
          "part": "part", "chapter": "chapter", "section": "section", "article": "article"}
_RANKS = {"part": 1, "subpart": 2, "chapter": 3, "section": 4, "article": 5}  # a head closes ranks >= its own
_LEVELS = {"part": 1, "chapter": 2, "section": 3, "article": 4}
_KEY_PREFIX = {"part": "part", "subpart": "subpart", "chapter": "ch", "section": "sec", "article": "art"}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ZH_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")
_ITEM = re.compile(rf"(?:[（(](?:[一二三四五六七八九十百]+|[0-9]+|[a-z])[）)]|[0-9]+[.、．)](?![0-9])){_SP}*")
_STRIP = " \t\r\u3000"
_LEAD_PUNCT = _STRIP + "*_#:：.、—–-"
_TOC_TITLE_CHARS = 30


@dataclass(frozen=True)
class Segment:
    """One slice of a body: kind is preamble, part (编/分编), chapter, section or article."""

    kind: str
    label: str  # "第一章", "第十条之一", "Article 3"; "" for the preamble and the whole-body unit
    title: str  # heading text after the label ("总则") for part/chapter/section; "" otherwise
    number: int | None  # 10 for 第十条之一; None for the preamble and the whole-body unit
    anchor: str  # unique in the body, [a-z0-9-]: preamble, part-1, ch-2, ch-2-sec-1, art-10-1, body
    text: str  # exactly body[start:end]
    start: int
    end: int
    parents: tuple[str, ...]  # anchors of the enclosing part/chapter/section, outermost first


@dataclass(frozen=True)
class TocEntry:
    """A table-of-contents line: level 1 part, 2 chapter, 3 section, 4 article."""

    level: int
    label: str
    title: str  # an article's first ~30 characters after its label, with "…" if cut
    anchor: str


@dataclass(frozen=True)
class Clause:
    """A 款 ("paragraph", label "") or 项 ("item", label "（一）", "1.") inside an article."""

    kind: str
    label: str
    text: str  # a slice of the article text, without the label
    anchor: str  # "art-3-p2", "art-3-p2-i1"


class _Head(NamedTuple):  # a tuple, not a dataclass: a long law has thousands and speed matters
    start: int
    kind: str  # a _RANKS key; "subpart" (分编) becomes a Segment of kind "part"
    label: str
    title: str
    number: int
    key: str  # the anchor before parent prefixes and de-duplication, e.g. "ch-2", "art-10-1"


@dataclass(frozen=True)
class ParsedBody:
    """The segments of a body, in order, with the views the rule page and the indexer need."""

    segments: list[Segment]

    @property
    def articles(self) -> list[Segment]:
        """Return the article segments (or the single whole-body segment) in order."""
        return [s for s in self.segments if s.kind == "article"]

    @property
    def toc(self) -> list[TocEntry]:
        """Return the table of contents; a body without articles has none."""
        return [
            TocEntry(_LEVELS[s.kind], s.label, _summary(s) if s.kind == "article" else s.title, s.anchor)
            for s in self.segments
            if s.kind != "preamble" and s.anchor != "body"
        ]

    @cached_property
    def _by_anchor(self) -> dict[str, Segment]:
        return {s.anchor: s for s in self.segments}

    def article(self, anchor: str) -> Segment | None:
        """Return the article (or whole-body unit) with this anchor, if there is one."""
        segment = self._by_anchor.get(anchor)
        return segment if segment is not None and segment.kind == "article" else None


def chinese_numeral_to_int(text: str) -> int | None:
    """Read a Chinese (一百零五, 二〇二三) or Arabic numeral; None if it is not one."""
    s = text.strip()
    if s.isdecimal():
        return int(s)
    if s and not s.strip("〇零一二两三四五六七八九"):
        return int("".join([str(_ZH_DIGITS[c]) for c in s]))
    total, section, digit, last_unit = 0, 0, None, 10**9
    for c in s:
        if c in _ZH_DIGITS:
            if digit:  # two significant digits in a row, as in 一二十
                return None
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS and _ZH_UNITS[c] < last_unit and digit != 0:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit, last_unit = None, _ZH_UNITS[c]
        elif c == "万" and total == 0 and (section or digit):
            total, section, digit, last_unit = (section + (digit or 0)) * 10_000, 0, None, 10**9
        else:
            return None
    return total + section + (digit or 0) if s else None


def article_label(number: int, lang: str = "zh") -> str:
    """Return the conventional label of article `number`: 第三条 or Article 3."""
    if number < 0:
        raise ValueError(f"article numbers are not negative: {number}")
    if lang == "zh":
        return f"第{_int_to_chinese(number)}条"
    if lang == "en":
        return f"Article {number}"
    raise ValueError(f"unsupported language: {lang!r}")


def parse_body(body: str) -> ParsedBody:
    """Split a rule body into preamble, headings and articles, as exact contiguous slices."""
    heads = list(_scan(body))
    if not any(h.kind == "article" for h in heads):
        return ParsedBody([Segment("article", "", "", None, "body", body, 0, len(body), ())])
    first = heads[0].start
    segments = [Segment("preamble", "", "", None, "preamble", body[:first], 0, first, ())] if first else []
    reserved = {h.key for h in heads if h.kind == "article"}  # so a "-2" suffix never takes 第十条之二's
    taken: set[str] = set()
    stack: list[tuple[str, str]] = []  # (kind, anchor) of the open headings
    parents: tuple[str, ...] = ()
    ends = [h.start for h in heads[1:]] + [len(body)]
    for head, end in zip(heads, ends, strict=True):
        if head.kind == "article":
            anchor = _unique(head.key, taken, reserved)
            segments.append(Segment("article", head.label, "", head.number, anchor, body[head.start:end],
                                    head.start, end, parents))
        else:
            while stack and _RANKS[stack[-1][0]] >= _RANKS[head.kind]:
                stack.pop()
            enclosing = tuple(a for _, a in stack)
            prefix = next((a + "-" for k, a in reversed(stack) if k != "subpart"), "")
            anchor = _unique(prefix + head.key, taken, reserved)
            segments.append(Segment("part" if head.kind == "subpart" else head.kind, head.label, head.title,
                                    head.number, anchor, body[head.start:end], head.start, end, enclosing))
            stack.append((head.kind, anchor))
            parents = (*enclosing, anchor)
        taken.add(anchor)
    return ParsedBody(segments)


def parse_clauses(article: Segment) -> list[Clause]:
    """Split an article into paragraphs (款) and their items (项), as slices of its text."""
    text = article.text
    blocks: list[list] = []  # [kind, label, start, end, paragraph, item]
    paragraph = item = 0
    joinable, prev_last = False, ""
    for line_start, line_end in _lines(text, _label_end(text) if article.label else 0):
        line = text[line_start:line_end]
        content = line.strip(_STRIP)
        if not content:
            joinable = False
            continue
        first = line_end - len(line.lstrip(_STRIP))
        last = first + len(content)
        marker = _ITEM.match(text, first, last)
        # Chinese text is never hard-wrapped, so any line break there starts a new 款.
        if joinable and not marker and prev_last.isascii() and content[0].isascii():
            blocks[-1][3] = last
        elif marker:
            paragraph, item = max(paragraph, 1), item + 1
            label = text[first:marker.end()].strip(_STRIP)
            blocks.append(["item", label, marker.end(), last, paragraph, item])
        else:
            paragraph, item = paragraph + 1, 0
            blocks.append(["paragraph", "", first, last, paragraph, 0])
        joinable, prev_last = True, content[-1]
    return [
        Clause(kind, label, text[start:end], f"{article.anchor}-p{p}" + (f"-i{i}" if kind == "item" else ""))
        for kind, label, start, end, p, i in blocks
    ]


def _scan(body: str):
    """Yield the structural lines of `body`, skipping fenced code blocks."""
    fence = ""
    for m in _HEAD.finditer(body):
        if m["fence"]:
            fence = "" if fence == m["fence"] else fence or m["fence"]
        elif not fence and (head := _read_head(m)) is not None:
            yield head


def _read_head(m: re.Match[str]) -> _Head | None:
    """Return the heading or article that a matched line starts, unless the line only cites one."""
    marked, rest = bool(m["hashes"] or m["bold"]), m["rest"]
    if m["unit"]:
        kind = _KINDS[m["unit"]]
        number, sub = chinese_numeral_to_int(m["num"]), m["sub"] and chinese_numeral_to_int(m["sub"])
        label = _SPACES.sub("", m["label"]) if m["gap"] else m["label"]
        title = "" if kind == "article" else _clean_title(rest)
        if not marked and rest and rest[0] in _ZH_REFERENCE_NEXT:
            return None
        if not marked and kind != "article" and (len(title) > 30 or any(c in title for c in "。，；")):
            return None
    else:
        kind = "article" if m["short"] else _KINDS[m["kw"].lower()]
        number, sub = _roman_or_int(m["en"], kind), None
        label, title = _SPACES.sub(" ", m["label"]), "" if kind == "article" else _clean_title(rest)
        if not marked and (label[0].islower() or not _looks_english_heading(rest, kind)):
            return None
    if number is None or sub == 0:
        return None
    key = f"{_KEY_PREFIX[kind]}-{number}" + (f"-{sub}" if sub else "")
    return _Head(m.start(), kind, label, title, number, key)


def _looks_english_heading(rest: str, kind: str) -> bool:
    """Tell "Article 3. The Company…" or "Section 2 Scope" from "Section 2 applies to…"."""
    stripped = rest.lstrip(" \t*_")
    if not stripped:
        return True
    if stripped[0] in ".:)—–-":
        return not stripped[1:2].isdigit()
    return rest[0] in " \t" and stripped[0].isupper() and (kind == "article" or len(stripped) <= 60)


def _roman_or_int(num: str, kind: str) -> int | None:
    """Read an Arabic number, or an upper-case Roman one (not for sections, where "C" is a letter)."""
    if num.isdigit():
        return int(num)
    if kind == "section":
        return None
    values = [_ROMAN[c] for c in num]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _clean_title(rest: str) -> str:
    """Turn "  总　　则**" into "总则": drop markers and the spacing between Chinese characters."""
    title = rest.replace("**", "").replace("__", "").strip(_LEAD_PUNCT)
    return _SPACES.sub(" ", _CJK_GAP.sub("", title)).strip()


def _summary(article: Segment) -> str:
    """Return the first characters of an article after its label, for the table of contents."""
    start = _label_end(article.text)
    chunk = article.text[start:start + 4 * _TOC_TITLE_CHARS].replace("**", "").replace("`", "")
    text = _SPACES.sub(" ", chunk).strip(_LEAD_PUNCT)
    return text if len(text) <= _TOC_TITLE_CHARS else text[:_TOC_TITLE_CHARS] + "…"


def _label_end(text: str) -> int:
    """Return where the text after an article's label (and closing bold marker) starts."""
    line = text.partition("\n")[0]
    m = _HEAD.match(line)
    return len(line) - len(line[m.end("label"):].lstrip(_LEAD_PUNCT)) if m and m["label"] else 0


def _lines(text: str, pos: int):
    """Yield (start, end) of each line of `text` from `pos`, without the "\\n"."""
    while (nl := text.find("\n", pos)) >= 0:
        yield pos, nl
        pos = nl + 1
    yield pos, len(text)


def _unique(anchor: str, taken: set[str], reserved: set[str]) -> str:
    """Suffix -2, -3 … to a repeated anchor, skipping anchors that other articles will use."""
    if anchor not in taken:
        return anchor
    n = 2
    while f"{anchor}-{n}" in taken or f"{anchor}-{n}" in reserved:
        n += 1
    return f"{anchor}-{n}"


def _int_to_chinese(n: int) -> str:
    """Write n as a Chinese numeral the way statutes do: 十, 十五, 一百一十, 一千零一十."""
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return _int_to_chinese(high) + "万" + ("零" if 0 < low < 1000 else "") + _below_10k(low)
    if n == 0:
        return "零"
    return _below_10k(n)[1:] if 10 <= n < 20 else _below_10k(n)


def _below_10k(n: int) -> str:
    """Write 0 <= n < 10000 with 千百十 and inner zeros as 零; "" for 0."""
    out, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out.append(("零" if zero else "") + "零一二三四五六七八九"[d] + unit)
        zero = bool(out) and not d
    return "".join(out)
