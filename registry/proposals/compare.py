"""新旧对照: align two texts article by article (by content, not number) and mark changed words.

An inserted 第三条 renumbers everything after it, so articles are paired by what they say: identical
articles anchor the alignment, and the stretches between anchors are aligned by a small dynamic
programme over text similarity that also recognises an article split in two or two merged into one.
Inside a pair the difference is computed on tokens: one token per Chinese character, one per English
word, so Chinese is compared character by character and English word by word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from registry.rules.articles import parse_body

SAME, RENUMBERED, CHANGED, ADDED, DELETED, SPLIT, MERGED = (
    "same", "renumbered", "changed", "added", "deleted", "split", "merged")
MATCH_THRESHOLD = 0.4  # below this similarity two articles count as one deleted and one added
LONE_PAIR_THRESHOLD = 0.15  # one old and one new article alone between anchors: a rewording
SPLIT_PENALTY = 0.1  # a split or merge must beat a plain pairing by this much
_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:['’.\-][A-Za-z0-9_]+)*|\s+|.", re.S)
_WS = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_MARKERS = " \t\u3000*_#:：.、—–-"


@dataclass(frozen=True)
class Unit:
    """One comparable piece of a text: an article, a heading, the preamble or a paragraph."""

    kind: str
    label: str  # 第三条, 第二章, Article 3; "" for a preamble or paragraph
    content: str  # the text after the label, whitespace collapsed: what is compared
    text: str  # the exact slice of the body
    anchor: str
    body: str = ""  # the text after the label with its line breaks: what is shown and diffed


@dataclass
class Row:
    """One line of the comparison: old units on the left, new ones on the right."""

    kind: str
    old: list[Unit]
    new: list[Unit]
    chunks: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)

    @property
    def is_change(self) -> bool:
        return self.kind not in (SAME, RENUMBERED)

    @property
    def old_label(self) -> str:
        return "、".join(u.label for u in self.old if u.label)

    @property
    def new_label(self) -> str:
        return "、".join(u.label for u in self.new if u.label)

    @property
    def old_text(self) -> str:
        return "\n".join(u.text.strip() for u in self.old)

    @property
    def new_text(self) -> str:
        return "\n".join(u.text.strip() for u in self.new)

    @property
    def old_chunks(self) -> list[tuple[str, str]]:
        return [(op, text) for op, text in self.chunks if op != "insert"]

    @property
    def new_chunks(self) -> list[tuple[str, str]]:
        return [(op, text) for op, text in self.chunks if op != "delete"]


@dataclass
class Comparison:
    """The rows of a 新旧对照, in text order, with counts per kind of change."""

    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.kind] = counts.get(row.kind, 0) + 1
        return counts

    @property
    def changes(self) -> list[Row]:
        return [row for row in self.rows if row.is_change]


def units_of(body: str) -> list[Unit]:
    """Cut a body into units: its articles and headings, or its paragraphs when it has no articles."""
    segments = parse_body(body or "").segments
    if len(segments) == 1 and segments[0].anchor == "body":
        return _paragraphs(body or "")
    units = []
    for s in segments:
        if s.kind == "article":
            content = _after_label(s.text, s.label)
        elif s.kind == "preamble":
            content = s.text
        else:  # a heading, and the text it holds before its first article (all of it, where it has none)
            heading, _, held = s.text.partition("\n")
            content = (s.title or _after_label(heading, s.label)) + "\n" + held
        units.append(Unit(s.kind, s.label, _WS.sub(" ", content).strip(), s.text, s.anchor, _tidy(content)))
    return [u for u in units if u.content or u.label]


def _tidy(text: str) -> str:
    """Keep a unit's line breaks for display, without blank lines and trailing spaces."""
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _after_label(text: str, label: str) -> str:
    at = text.find(label) if label else -1
    return text[at + len(label):].lstrip(_MARKERS) if at >= 0 else text


def _paragraphs(body: str) -> list[Unit]:
    units, start, n = [], 0, 0
    for m in _PARAGRAPH_BREAK.finditer(body):
        piece = body[start:m.end()]
        start = m.end()
        if piece.strip():
            n += 1
            units.append(Unit("paragraph", "", _WS.sub(" ", piece).strip(), piece, f"p-{n}", _tidy(piece)))
    if body[start:].strip():
        tail = body[start:]
        units.append(Unit("paragraph", "", _WS.sub(" ", tail).strip(), tail, f"p-{n + 1}", _tidy(tail)))
    return units


def shingles(text: str) -> Counter:
    """Return the multiset of character pairs of a text, the fingerprint alignment compares."""
    text = _WS.sub("", text)
    return Counter(text[k:k + 2] for k in range(max(1, len(text) - 1))) if text else Counter()


def _dice(a: Counter, size_a: int, b: Counter, size_b: int) -> float:
    if not size_a + size_b:
        return 1.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    common = sum(min(count, large[key]) for key, count in small.items() if key in large)
    return 2 * common / (size_a + size_b)


def align(old: list[Unit], new: list[Unit]) -> list[tuple[list[int], list[int]]]:
    """Pair old and new units in order: identical ones first, then the gaps by similarity."""
    keys_old = [(u.kind, u.content) for u in old]
    keys_new = [(u.kind, u.content) for u in new]
    pairs: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for block in SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_matching_blocks():
        pairs.extend(_align_gap(old, new, i, block.a, j, block.b))
        pairs.extend(([block.a + k], [block.b + k]) for k in range(block.size))
        i, j = block.a + block.size, block.b + block.size
    return pairs


def _align_gap(old, new, i0, i1, j0, j1) -> list[tuple[list[int], list[int]]]:
    """Align old[i0:i1] with new[j0:j1] by maximising the summed similarity of the pairs."""
    n, m = i1 - i0, j1 - j0
    if n == 0 or m == 0:
        return [([i], []) for i in range(i0, i1)] + [([], [j]) for j in range(j0, j1)]
    threshold = LONE_PAIR_THRESHOLD if n == m == 1 else MATCH_THRESHOLD
    band = max(6, abs(n - m) + 4)
    cache: dict[tuple, float] = {}
    prints_old = [shingles(u.content) for u in old[i0:i1]]
    prints_new = [shingles(u.content) for u in new[j0:j1]]
    combined: dict[tuple, tuple[Counter, int]] = {}

    def fingerprint(side: str, keys: tuple[int, ...]) -> tuple[Counter, int]:
        prints = prints_old if side == "old" else prints_new
        if (side, keys) not in combined:
            merged = prints[keys[0]] if len(keys) == 1 else sum((prints[k] for k in keys), Counter())
            combined[side, keys] = (merged, merged.total())
        return combined[side, keys]

    def score(olds: tuple[int, ...], news: tuple[int, ...]) -> float | None:
        a = [old[i0 + k] for k in olds]
        b = [new[j0 + k] for k in news]
        if len({u.kind for u in a + b}) != 1:
            return None
        if abs(olds[0] * m - news[0] * n) > band * n:  # far off the diagonal of this gap
            return None
        key = (olds, news)
        if key not in cache:
            cache[key] = _dice(*fingerprint("old", olds), *fingerprint("new", news))
        value = cache[key] - threshold - (SPLIT_PENALTY if len(a) + len(b) > 2 else 0)
        return value if value >= 0 else None

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for a in range(n + 1):
        for b in range(m + 1):
            if a == b == 0:
                continue
            options = []
            if a:
                options.append((best[a - 1][b], (1, 0)))
            if b:
                options.append((best[a][b - 1], (0, 1)))
            for da, db in ((1, 1), (1, 2), (2, 1)):
                if a >= da and b >= db:
                    s = score(tuple(range(a - da, a)), tuple(range(b - db, b)))
                    if s is not None:
                        options.append((best[a - da][b - db] + s, (da, db)))
            best[a][b], move[a][b] = max(options, key=lambda o: o[0])
    steps = []
    a, b = n, m
    while a or b:
        da, db = move[a][b]
        steps.append((list(range(i0 + a - da, i0 + a)), list(range(j0 + b - db, j0 + b))))
        a, b = a - da, b - db
    return steps[::-1]


def tokens(text: str) -> list[str]:
    """Split text into diff tokens: Chinese characters singly, English words whole, spaces as runs."""
    return _TOKEN.findall(text)


def diff_chunks(old: str, new: str) -> list[tuple[str, str]]:
    """Return (equal|delete|insert, text) chunks turning `old` into `new`, tidied for reading."""
    a, b = tokens(old), tokens(new)
    raw: list[list] = []  # [tag, old_text, new_text]
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        raw.append([tag, "".join(a[a0:a1]), "".join(b[b0:b1])])
    # A lone matching character between two changes (a stray 的 or space) reads better as changed.
    for k in range(1, len(raw) - 1):
        if raw[k][0] == "equal" and len(raw[k][1].strip()) <= 1 and raw[k - 1][0] != "equal" != raw[k + 1][0]:
            raw[k][0] = "replace"
    chunks: list[tuple[str, str]] = []
    pending_old, pending_new = "", ""
    for tag, old_text, new_text in raw + [["equal", "", ""]]:
        if tag != "equal":
            pending_old, pending_new = pending_old + old_text, pending_new + new_text
            continue
        if not (pending_old + pending_new).strip():  # only line breaks or spaces moved: not a change
            chunks.append(("equal", pending_old)) if pending_old else None
        else:
            chunks.extend((op, text) for op, text in (("delete", pending_old), ("insert", pending_new)) if text)
        pending_old = pending_new = ""
        if old_text:
            chunks.append(("equal", old_text))
    return chunks


def _row(old: list[Unit], new: list[Unit]) -> Row:
    old_content = "\n".join(u.content for u in old)
    new_content = "\n".join(u.content for u in new)
    old_body, new_body = "\n".join(u.body for u in old), "\n".join(u.body for u in new)
    if not new:
        return Row(DELETED, old, new, [("delete", old_body)])
    if not old:
        return Row(ADDED, old, new, [("insert", new_body)])
    if len(old) > 1:
        kind = MERGED
    elif len(new) > 1:
        kind = SPLIT
    elif old_content == new_content:
        kind = SAME if old[0].label == new[0].label else RENUMBERED
    else:
        kind = CHANGED
    chunks = [("equal", new_body)] if kind in (SAME, RENUMBERED) else diff_chunks(old_body, new_body)
    return Row(kind, old, new, chunks)


def compare_texts(old_body: str, new_body: str) -> Comparison:
    """Compare two bodies article by article; the result feeds pages, .docx and CSV alike."""
    old, new = units_of(old_body), units_of(new_body)
    return Comparison([_row([old[i] for i in a], [new[j] for j in b]) for a, b in align(old, new)])
