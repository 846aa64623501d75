"""Suggestions for Chinese words the index does not know ("公务接侍" → did you mean "公务接待").

The index holds Chinese as overlapping character pairs; a word can be found when every pair of it was
written somewhere, and a misspelt word has a pair nobody wrote (接侍). The candidates are the words one
edit away — one character replaced, left out or added, or two neighbours swapped — whose every pair is
known. Replacements come from the known pairs themselves (the characters written after 接 and before
the next one), so no edit walks the whole character set. Among the candidates the one whose new pairs
are the most common wins, a word that sounds like what was typed counting ten times over (pypinyin:
公务接代 → 公务接待, the usual slip of a pinyin input method) — but a common look-alike (接侍 → 接待)
still beats a rare homophone (接事).

The vocabulary is a plain iterable of terms with a frequency function, so this module knows nothing of
the index; `allowed` lets the caller refuse a candidate (one known only from drafts).
"""

from __future__ import annotations

import functools
import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable

# Only single characters are read (`readings`), which pypinyin answers from its character table alone: its
# phrase dictionary and the copies of both (≈45 MB in every process) are not made. The readings of every
# CJK character are the same either way (checked over U+3400–U+9FFF and U+F900–U+FAFF).
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")

from pypinyin import Style, pinyin  # noqa: E402

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_LENGTH = 12  # longer runs are sentences, not misspelt words


def pairs(word: str) -> list[str]:
    """Return the overlapping character pairs of a word (公务接待 → 公务, 务接, 接待)."""
    return [word[i:i + 2] for i in range(len(word) - 1)]


@functools.lru_cache(maxsize=20_000)
def readings(char: str) -> frozenset[str]:
    """Return every toneless reading of a character (差 → cha, chai, ci …): 差旅 and 差错 both sound like 差."""
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda chars: [[chars]])[0])


def sound(word: str) -> tuple[frozenset[str], ...]:
    """Return the possible readings of each character of a word."""
    return tuple(readings(char) for char in word)


def sounds_alike(a: str, b: str) -> int:
    """Count the characters, position by position, that can be read the same (接代 and 接待: 2)."""
    return sum(bool(x & y) for x, y in zip(sound(a), sound(b), strict=False))


class PairTable:
    """The two-character Chinese terms of one vocabulary (an index segment's), filed by either character.

    Each pair is one 32-bit number (both characters are in the Basic Multilingual Plane), kept sorted twice —
    by first character and by second — so that the characters written after or before a given one are one
    binary search away. Sets of strings took about 60 MB per worker on the shared corpus; these take 4 bytes
    a pair in each order.
    """

    def __init__(self, terms: Iterable[str]):
        forward = sorted({ord(t[0]) << 16 | ord(t[1]) for t in terms if len(t) == 2 and _HAN.fullmatch(t)})
        self._forward = array("I", forward)
        self._backward = array("I", sorted((code & 0xFFFF) << 16 | code >> 16 for code in forward))

    def __len__(self) -> int:
        return len(self._forward)

    def knows(self, pair: str) -> bool:
        first, second = ord(pair[0]), ord(pair[1])
        if first > 0xFFFF or second > 0xFFFF:  # beyond the plane no pair of the table lives in
            return False
        code = first << 16 | second
        at = bisect_left(self._forward, code)
        return at < len(self._forward) and self._forward[at] == code

    def pairs(self) -> set[str]:
        return {chr(code >> 16) + chr(code & 0xFFFF) for code in self._forward}

    def after(self, char: str) -> set[str]:
        """Return the characters written after `char` in a known pair."""
        return self._neighbours(self._forward, char)

    def before(self, char: str) -> set[str]:
        """Return the characters written before `char` in a known pair."""
        return self._neighbours(self._backward, char)

    @staticmethod
    def _neighbours(codes: array, char: str) -> set[str]:
        low = ord(char) << 16
        start, end = bisect_left(codes, low), bisect_left(codes, low + 0x10000)
        return {chr(code & 0xFFFF) for code in codes[start:end]}


class ChineseSpeller:
    """Suggests the nearest word all of whose character pairs occur in the vocabulary.

    The vocabulary is the union of one or several pair tables (one per index segment, built once each).
    """

    def __init__(self, terms: Iterable[str], frequency: Callable[[str], int], *,
                 tables: list[PairTable] | None = None):
        self._frequency = frequency
        self._tables = tables if tables is not None else [PairTable(terms)]

    def __len__(self) -> int:
        if len(self._tables) == 1:
            return len(self._tables[0])
        return len(set().union(*(t.pairs() for t in self._tables)))

    def _is_known(self, pair: str) -> bool:
        return len(pair) == 2 and any(t.knows(pair) for t in self._tables)

    def knows(self, word: str) -> bool:
        """Say whether every character pair of the word occurs in the vocabulary."""
        return all(self._is_known(pair) for pair in pairs(word))

    def _next_to(self, side: str, char: str) -> set[str]:
        return set().union(*(getattr(t, side)(char) for t in self._tables))

    def _fitting(self, left: str | None, right: str | None) -> set[str]:
        """Return the characters that make known pairs with both neighbours (either may be missing)."""
        if left is not None and right is not None:
            return self._next_to("after", left) & self._next_to("before", right)
        if left is not None:
            return self._next_to("after", left)
        return self._next_to("before", right) if right is not None else set()

    def candidates(self, word: str) -> set[str]:
        """Return the words one edit away from `word` whose every pair is known."""
        n, found = len(word), set()
        for i in range(n):
            left, right = (word[i - 1] if i else None), (word[i + 1] if i < n - 1 else None)
            found |= {word[:i] + c + word[i + 1:] for c in self._fitting(left, right) if c != word[i]}
            if n > 2:
                found.add(word[:i] + word[i + 1:])
            if i < n - 1:
                found.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
        for i in range(1, n):  # a character left out between two typed ones
            found |= {word[:i] + c + word[i:] for c in self._fitting(word[i - 1], word[i])}
        found.discard(word)
        return {c for c in found if len(c) >= 2 and self.knows(c)}

    def suggest(self, word: str, allowed: Callable[[str], bool] = lambda _w: True) -> str | None:
        """Return the best known word one edit away from an unknown Chinese word, or None."""
        if not (2 <= len(word) <= MAX_LENGTH) or not _HAN.fullmatch(word) or self.knows(word):
            return None
        typed = set(pairs(word))

        def rank(candidate: str) -> tuple:
            # A word as long as the one typed first (a slip rather than a lost character); then the most
            # common new pair, counted ten times over when the word sounds exactly like what was typed
            # (a pinyin input method's slip, the commonest kind: 公文处里 → 公文处理, not the commoner 处室),
            # and a little more the more characters sound alike.
            new = [p for p in pairs(candidate) if p not in typed] or pairs(candidate)
            common = min(self._frequency(p) or 0 for p in new)
            alike = sounds_alike(candidate, word)
            weight = 10 if alike == len(word) == len(candidate) else 1 + alike / max(len(word), len(candidate))
            return (abs(len(candidate) - len(word)), -common * weight, candidate)

        for candidate in sorted(self.candidates(word), key=rank):
            if allowed(candidate):
                return candidate
        return None
