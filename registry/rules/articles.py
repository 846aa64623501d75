"""Split a rule body into parts, chapters, sections and articles (条), and articles into 款/项/目.

Pure text processing, so the rule page (table of contents, permalinks) and the search indexer share one
reading of a body. Segments are exact, contiguous slices: their texts join back into the body, so a hit
or an edit maps straight to the stored text. Anchors come from the numbering, not from positions, so a
permalink survives edits elsewhere in the rule. Explicit heads (第X编/章/节/条, 第X部分/篇, their
traditional forms, Part/Chapter/Section/Article N) are read here; rules numbered without 第X条 (一、 （一）
1. 1.1 A.) are read by `numbering`, and a 目录 at the start is set aside by `contents`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from registry.rules.contents import contents_line, contents_span
from registry.rules.heads import KEY_PREFIX, RANKS, Head
from registry.rules.numbering import candidates, headings_before_articles, numbered_heads, sections_of_prose
from registry.rules.numbering import marker_end as _marker_end
from registry.rules.numerals import chinese_numeral_to_int, int_to_chinese, roman_to_int

__all__ = ["ParsedBody", "Segment", "TocEntry", "Clause", "article_label", "chinese_numeral_to_int",
           "parse_body", "parse_clauses"]

_SP = r"[^\S\r\n]"  # any whitespace but a line break: ASCII, full-width 　, en space …
# One pass finds every explicit structural line: a code fence, 第X编/分编/部分/篇/章/节/条(之一) in
# Chinese numerals or digits, in either script, or an English Part/Chapter/Section/Article/Art./§
# whose number (3, 2.1, IV) does not run on ("3a", the cross-reference "IV.B.1.b").
_HEAD = re.compile(
    rf"^(?:{_SP}|\ufeff)*(?:(?P<fence>```|~~~)|(?P<hashes>\#{{1,6}}{_SP}*)?(?P<bold>\*\*|__)?{_SP}*(?P<label>"
    rf"第(?P<num>[0-9０-９零〇一二两兩三四五六七八九十百千万萬]+)(?P<gap>{_SP})?"
    r"(?P<unit>分[编編]|部分|[编編篇章节節条條])"
    r"(?:之(?P<sub>[0-9一二三四五六七八九十]+))?"
    r"|(?:(?P<kw>(?i:chapter|part|section|article))[ \t]+|(?P<short>(?i:art\.)|§)[ \t]*)"
    r"(?P<en>[0-9]+(?:\.[0-9]+)*|(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
    r"(?![0-9A-Za-z]|\.[0-9A-Za-z])))(?P<rest>[^\r\n]*)",
    re.MULTILINE,
)
# After an unspaced label these characters mean "a reference to 第三条", not a new article.
_ZH_REFERENCE_NEXT = frozenset("的之、，,。；;》>」』）)〉】和及或与與至到中规規所第款项項以等于於")
_KINDS = {"编": "part", "編": "part", "部分": "part", "篇": "part", "分编": "subpart", "分編": "subpart",
          "章": "chapter", "节": "section", "節": "section", "条": "article", "條": "article",
          "part": "part", "chapter": "chapter", "section": "section", "article": "article"}
_LEVELS = {"part": 1, "chapter": 2, "section": 3, "article": 4}
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_SPACES = re.compile(r"\s+")
# A 项 or 目 inside an article: （一） (1) (a) 1. 1、 1) ①
_ITEM = re.compile(
    r"(?:(?P<cnp>[（(][一二三四五六七八九十百]+[）)])|(?P<decp>[（(][0-9０-９]+[）)])|(?P<lowp>[（(][a-z][）)])"
    rf"|(?P<dec>[0-9０-９]+[.、．](?![0-9０-９]))|(?P<decr>[0-9０-９]+[)）])|(?P<circ>[\u2460-\u2473])){_SP}*"
)
_STRIP = " \t\r\u3000"
_LEAD_PUNCT = _STRIP + "*_#:：.、—–-"
_TOC_TITLE_CHARS = 30
_ANNEX_LIST = re.compile(r"^[^\S\r\n]*附[^\S\r\n]*件[^\S\r\n]*[:：][^\S\r\n]*(?:1|１)[.．、]", re.M)


@dataclass(frozen=True)
class Segment:
    """One slice of a body: kind is preamble, part (编/分编/部分/篇), chapter, section or article."""

    kind: str
    label: str  # as written: "第一章", "第十条之一", "Article 3", "一、", "（二）", "2.1"; "" for preamble/body
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
    """A 款 ("paragraph", label ""), 项 ("item", "（一）") or 目 ("subitem", "1." under a 项) of an article."""

    kind: str
    label: str
    text: str  # a slice of the article text, without the label
    anchor: str  # "art-3-p2", "art-3-p2-i1", "art-3-p2-i1-s2"


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


def article_label(number: int, lang: str = "zh") -> str:
    """Return the conventional label of article `number`: 第三条 or Article 3."""
    if number < 0:
        raise ValueError(f"article numbers are not negative: {number}")
    if lang == "zh":
        return f"第{int_to_chinese(number)}条"
    if lang == "en":
        return f"Article {number}"
    raise ValueError(f"unsupported language: {lang!r}")


def parse_body(body: str) -> ParsedBody:
    """Split a rule body into preamble, headings and articles, as exact contiguous slices."""
    contents = contents_line(body)
    heads = _sections_in_articles(body, _without_contents(body, contents, list(_scan(body))))
    if any(h.kind == "article" for h in heads):
        if not any(h.kind in ("part", "subpart", "chapter") for h in heads):
            heads = sorted(heads + headings_before_articles(body, heads))
    else:
        found = candidates(body)
        if span := contents_span(body, contents, found, _numbered_identity):
            found = [c for c in found if not span[0] <= c.start < span[1]]
        if annex_list := _ANNEX_LIST.search(body):  # 附件：1.… 2.…: the names of the annexes, not units
            found = [c for c in found if c.start < annex_list.start()]
        if sections_of_prose(heads, found, len(body)):
            deepest = max(h.rank for h in heads)
            heads = [h._replace(kind="article", rank=RANKS["article"]) if h.rank == deepest else h for h in heads]
        else:
            heads = sorted(heads + numbered_heads(body, heads, found))
    if not heads:
        return ParsedBody([Segment("article", "", "", None, "body", body, 0, len(body), ())])
    return ParsedBody(_segments(body, heads))


def _segments(body: str, heads: list[Head]) -> list[Segment]:
    """Nest the heads and cut the body at each, giving every segment a unique anchor."""
    first = heads[0].start
    segments = [Segment("preamble", "", "", None, "preamble", body[:first], 0, first, ())] if first else []
    reserved = {h.key for h in heads if h.kind == "article"}  # so a "-2" suffix never takes 第十条之二's
    taken: set[str] = set()
    stack: list[tuple[Head, str]] = []  # the open headings and their anchors
    ends = [h.start for h in heads[1:]] + [len(body)]
    for head, end in zip(heads, ends, strict=True):
        while stack and stack[-1][0].rank >= head.rank:
            stack.pop()
        enclosing = tuple(a for _, a in stack)
        prefix = next((a + "-" for h, a in reversed(stack) if h.kind != "subpart"), "") if head.nested else ""
        anchor = _unique(prefix + head.key, taken, reserved)
        kind = "part" if head.kind == "subpart" else head.kind
        segments.append(Segment(kind, head.label, head.title, head.number, anchor, body[head.start:end],
                                head.start, end, enclosing))
        if head.kind != "article":
            stack.append((head, anchor))
        taken.add(anchor)
    return segments


def _sections_in_articles(body: str, heads: list[Head]) -> list[Head]:
    """Make English Articles that hold Sections (bylaws: ARTICLE II, Section 1, Section 2) their headings."""
    english = [h.kind == "article" and not h.label.startswith("第") for h in heads]
    if not any(is_en and after.kind == "section" for is_en, after in zip(english, heads[1:], strict=False)):
        return heads
    return [
        h._replace(kind="chapter", title=_clean_title(_HEAD.match(body, h.start)["rest"]), rank=RANKS["chapter"])
        if is_en else h._replace(kind="article", title="", rank=RANKS["article"]) if h.kind == "section" else h
        for h, is_en in zip(heads, english, strict=True)
    ]


def _head_identity(head: Head) -> tuple[str, str]:
    return head.kind, head.key


def _is_article(head: Head) -> bool:
    return head.kind == "article"


def _numbered_identity(line) -> tuple:
    return line.style, line.value


def _without_contents(body: str, contents: re.Match[str] | None, heads: list[Head]) -> list[Head]:
    """Drop the headings of a 目录, and English article numbers that go back (an amendment log, an index)."""
    span = contents_span(body, contents, heads, _head_identity, _is_article)
    if span is None and all(h.label.startswith("第") for h in heads):
        return heads  # the common case, a Chinese statute: nothing to drop
    kept, last = [], 0
    for head in heads:
        if span and span[0] <= head.start < span[1]:
            continue
        if head.kind != "article":
            last = 0
        elif not head.label.startswith("第") and "." not in head.label:  # Article 2.1 numbers its own way
            if head.number <= last:
                continue
            last = head.number
        kept.append(head)
    return kept


def parse_clauses(article: Segment) -> list[Clause]:
    """Split an article into paragraphs (款), their items (项) and the items' own items (目)."""
    text = article.text
    blocks: list[list] = []  # [kind, label, start, end, paragraph, item, subitem]
    paragraph = item = subitem = 0
    item_style = ""
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
            label = text[first:marker.end()].strip(_STRIP)
            if item and marker.lastgroup != item_style:
                subitem += 1
                blocks.append(["subitem", label, marker.end(), last, paragraph, item, subitem])
            else:
                paragraph, item, subitem, item_style = max(paragraph, 1), item + 1, 0, marker.lastgroup
                blocks.append(["item", label, marker.end(), last, paragraph, item, 0])
        else:
            paragraph, item, subitem = paragraph + 1, 0, 0
            blocks.append(["paragraph", "", first, last, paragraph, 0, 0])
        joinable, prev_last = True, content[-1]
    return [
        Clause(kind, label, text[start:end],
               f"{article.anchor}-p{p}" + (f"-i{i}" if i else "") + (f"-s{k}" if k else ""))
        for kind, label, start, end, p, i, k in blocks
    ]


def _scan(body: str):
    """Yield the structural lines of `body`, skipping fenced code blocks."""
    fence = ""
    for m in _HEAD.finditer(body):
        if m["fence"]:
            fence = "" if fence == m["fence"] else fence or m["fence"]
        elif not fence and (head := _read_head(m)) is not None:
            yield head


def _read_head(m: re.Match[str]) -> Head | None:
    """Return the heading or article that a matched line starts, unless the line only cites one."""
    marked, rest = bool(m["hashes"] or m["bold"]), m["rest"]
    outer: list[str] = []
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
        *outer, last = m["en"].split(".") if "." in m["en"] else (m["en"],)
        number, sub = _roman_or_int(last, kind), None
        label, title = _SPACES.sub(" ", m["label"]), "" if kind == "article" else _clean_title(rest)
        if not marked and (label[0].islower() or not _looks_english_heading(rest, kind)):
            return None
    if number is None or sub == 0:
        return None
    key = f"{KEY_PREFIX[kind]}-{number}" if not outer and not sub else (
        f"{KEY_PREFIX[kind]}-" + "".join(p + "-" for p in outer) + f"{number}" + (f"-{sub}" if sub else ""))
    return Head(m.start(), kind, label, title, number, key, RANKS[kind], kind != "article")


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
    return None if kind == "section" else roman_to_int(num)


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
    """Return where the text after a unit's label (第三条, 一、, 2.1, and a closing bold marker) starts."""
    line = text.partition("\n")[0]
    m = _HEAD.match(line)
    end = m.end("label") if m and m["label"] else _marker_end(line)
    return len(line) - len(line[end:].lstrip(_LEAD_PUNCT)) if end else 0


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
